package dev.linkproxy.core;

import dev.linkproxy.core.spi.Secret;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a {@code pem:} certificate source and checks it before any CDN sees it: the files hold a certificate chain
 * and a private key (PKCS#8, PKCS#1 or SEC1), the key belongs to the certificate, the certificate is inside its validity window and
 * covers every link domain. Each failure is a {@link SpecProblem} on {@code certificate} saying what to do; the key
 * never appears in one.
 */
public final class CertificateFiles {

    private static final Pattern CERT = Pattern.compile(
            "-----BEGIN CERTIFICATE-----[A-Za-z0-9+/=\\s]+-----END CERTIFICATE-----");

    private CertificateFiles() {
    }

    /**
     * A certificate and its key, read and checked.
     *
     * @param chainPem    the certificate chain as PEM, leaf first, as read
     * @param privateKey  the private key as PEM, kept secret
     * @param leaf        the leaf certificate
     */
    public record Bundle(String chainPem, Secret privateKey, X509Certificate leaf) {

        /** The leaf's DNS names. */
        public List<String> names() {
            return CertificateNames.dnsNames(leaf);
        }

        @Override
        public String toString() {
            return "Bundle[" + leaf.getSubjectX500Principal() + ", names=" + names() + ", notAfter="
                    + leaf.getNotAfter().toInstant() + ", key=[redacted]]";
        }
    }

    /**
     * Reads and checks {@code source} for {@code linkDomains} at {@code now}.
     *
     * @throws InvalidSpecException naming every problem found
     */
    public static Bundle read(CertificateSource.Pem source, List<String> linkDomains, Instant now) {
        List<SpecProblem> problems = new ArrayList<>();
        String chainText = readText(source.certificateFile(), problems);
        String keyText = readText(source.keyFile(), problems);
        if (!problems.isEmpty()) {
            throw new InvalidSpecException(problems);
        }
        List<X509Certificate> chain = certificates(source.certificateFile(), chainText, problems);
        PrivateKey key = privateKey(source.keyFile(), keyText, problems);
        if (!problems.isEmpty()) {
            throw new InvalidSpecException(problems);
        }
        X509Certificate leaf = chain.get(0);
        String file = "\"" + source.certificateFile() + "\"";
        if (!PemKeys.belongsTo(key, leaf)) {
            problems.add(problem("the key in \"" + source.keyFile() + "\" does not belong to the certificate in " + file
                    + "; give the key the certificate was issued for"));
        }
        if (now.isAfter(leaf.getNotAfter().toInstant())) {
            problems.add(problem("the certificate in " + file + " expired on " + leaf.getNotAfter().toInstant()
                    + "; renew it"));
        } else if (now.isBefore(leaf.getNotBefore().toInstant())) {
            problems.add(problem("the certificate in " + file + " is not valid before "
                    + leaf.getNotBefore().toInstant() + "; check the issuer's clock or wait"));
        }
        List<String> names = CertificateNames.dnsNames(leaf);
        for (int i = 0; i < linkDomains.size(); i++) {
            String domain = linkDomains.get(i);
            if (names.stream().noneMatch(n -> CertificateNames.covers(n, domain))) {
                problems.add(problem("the certificate in " + file + " does not cover linkDomains[" + i + "] \"" + domain
                        + "\" (it names " + (names.isEmpty() ? "no DNS name" : String.join(", ", names))
                        + "; a wildcard covers one label)"));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidSpecException(problems);
        }
        return new Bundle(chainText, Secret.of(keyText), leaf);
    }

    private static String readText(Path file, List<SpecProblem> problems) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            problems.add(problem("cannot read \"" + file + "\": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage())));
            return "";
        }
    }

    private static List<X509Certificate> certificates(Path file, String text, List<SpecProblem> problems) {
        List<X509Certificate> chain = new ArrayList<>();
        Matcher m = CERT.matcher(text);
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            while (m.find()) {
                chain.add((X509Certificate) factory.generateCertificate(
                        new ByteArrayInputStream(m.group().getBytes(StandardCharsets.US_ASCII))));
            }
        } catch (CertificateException e) {
            problems.add(problem("\"" + file + "\" holds a certificate that cannot be parsed; export it as PEM again"));
            return chain;
        }
        if (chain.isEmpty()) {
            problems.add(problem("\"" + file + "\" holds no PEM certificate (-----BEGIN CERTIFICATE-----)"));
        }
        return chain;
    }

    private static PrivateKey privateKey(Path file, String text, List<SpecProblem> problems) {
        try {
            return PemKeys.read(text, file);
        } catch (IllegalArgumentException e) {
            problems.add(problem(e.getMessage()));
            return null;
        }
    }

    private static SpecProblem problem(String message) {
        return new SpecProblem("certificate", message);
    }
}
