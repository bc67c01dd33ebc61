package dev.linkproxy.verifier;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.security.auth.x500.X500Principal;

/** The CA certificates a server's chain must lead to: the JDK's own, or those in PEM files. */
final class TrustMaterial {

    private final X509ExtendedTrustManager trustManager;
    private final Set<X500Principal> anchors;
    private final String description;

    private TrustMaterial(KeyStore store, String description) {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            this.trustManager = Arrays.stream(factory.getTrustManagers())
                    .filter(X509ExtendedTrustManager.class::isInstance).map(X509ExtendedTrustManager.class::cast)
                    .findFirst().orElseThrow(() -> new IllegalStateException("the JDK offers no X.509 trust manager"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build a trust manager: " + e.getMessage(), e);
        }
        this.anchors = Arrays.stream(trustManager.getAcceptedIssuers()).map(X509Certificate::getSubjectX500Principal)
                .collect(Collectors.toUnmodifiableSet());
        this.description = description;
    }

    static TrustMaterial jdkDefault() {
        return new TrustMaterial(null, "the JDK's default trust store");
    }

    /**
     * The CA certificates in {@code pemFiles}.
     *
     * @throws IllegalArgumentException when a file cannot be read or holds no certificate
     */
    static TrustMaterial fromPem(List<Path> pemFiles) {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            CertificateFactory x509 = CertificateFactory.getInstance("X.509");
            int n = 0;
            for (Path file : pemFiles) {
                try (InputStream in = Files.newInputStream(file)) {
                    var certs = x509.generateCertificates(in);
                    if (certs.isEmpty()) {
                        throw new IllegalArgumentException(file + " holds no PEM certificate");
                    }
                    for (Certificate c : certs) {
                        store.setCertificateEntry("ca-" + n++, c);
                    }
                }
            }
            return new TrustMaterial(store, "CA certificates from " + pemFiles);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot read trust material " + pemFiles + ": " + e.getMessage(), e);
        }
    }

    /** The real trust manager; chains are judged only by it. */
    X509ExtendedTrustManager trustManager() {
        return trustManager;
    }

    /** The subjects of the trusted CAs, to tell a missing intermediate from an unknown CA in a summary. */
    Set<X500Principal> anchors() {
        return anchors;
    }

    String description() {
        return description;
    }
}
