package dev.linkproxy.verifier.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A certificate authority that exists only inside a test: a root, an intermediate, and leaves minted on demand. */
public final class TestCa {

    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    private final KeyPair rootKey;
    private final X509Certificate root;
    private final KeyPair intermediateKey;
    private final X509Certificate intermediate;

    private TestCa(String name) {
        Instant now = Instant.now();
        rootKey = keyPair();
        root = sign(new X500Name("CN=" + name + " Root"), rootKey, new X500Name("CN=" + name + " Root"), rootKey,
                now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(3650)), true, List.of());
        intermediateKey = keyPair();
        intermediate = sign(new X500Name("CN=" + name + " Intermediate"), intermediateKey,
                new X500Name("CN=" + name + " Root"), rootKey, now.minus(Duration.ofDays(1)),
                now.plus(Duration.ofDays(1825)), true, List.of());
    }

    public static TestCa create(String name) {
        return new TestCa(name);
    }

    public X509Certificate root() {
        return root;
    }

    public X509Certificate intermediate() {
        return intermediate;
    }

    /** A leaf and its key, and the chain a well-configured server sends. */
    public record Leaf(PrivateKey key, X509Certificate cert, List<X509Certificate> chain) {

        /** The same leaf, served without the intermediate. */
        public Leaf withoutIntermediate() {
            return new Leaf(key, cert, List.of(cert));
        }

        /** A server-side TLS context presenting this leaf and its chain. */
        public SSLContext serverContext() {
            try {
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                store.setKeyEntry("leaf", key, "x".toCharArray(), chain.toArray(new X509Certificate[0]));
                KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(store, "x".toCharArray());
                SSLContext ctx = SSLContext.getInstance("TLS");
                ctx.init(kmf.getKeyManagers(), null, null);
                return ctx;
            } catch (GeneralSecurityException | IOException e) {
                throw new IllegalStateException(e);
            }
        }

        /** The chain as PEM, then the key as PKCS#8 PEM, for real servers. */
        public void writePem(Path certFile, Path keyFile) {
            StringBuilder certs = new StringBuilder();
            chain.forEach(c -> certs.append(pem("CERTIFICATE", encoded(c))));
            try {
                Files.writeString(certFile, certs);
                Files.writeString(keyFile, pem("PRIVATE KEY", key.getEncoded()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** A leaf for {@code names}, issued by the intermediate, valid from a day ago for 90 days. */
    public Leaf leaf(String... names) {
        Instant now = Instant.now();
        return leaf(now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(90)), names);
    }

    /** A leaf for {@code names} issued by the intermediate, valid from {@code notBefore} to {@code notAfter}. */
    public Leaf leaf(Instant notBefore, Instant notAfter, String... names) {
        KeyPair key = keyPair();
        X509Certificate cert = sign(new X500Name("CN=" + names[0]), key, new X500Name("CN=" + cn(intermediate)),
                intermediateKey, notBefore, notAfter, false, List.of(names));
        return new Leaf(key.getPrivate(), cert, List.of(cert, intermediate));
    }

    /**
     * A leaf for {@code names} under a chain of {@code intermediates} CAs hanging off the root, each signing the next
     * (no path length constraint anywhere), served as the leaf followed by every intermediate, nearest first.
     */
    public Leaf deepLeaf(int intermediates, String... names) {
        Instant now = Instant.now();
        Instant from = now.minus(Duration.ofDays(1));
        X500Name issuer = new X500Name("CN=" + cn(root));
        KeyPair issuerKey = rootKey;
        List<X509Certificate> cas = new ArrayList<>();
        for (int i = 1; i <= intermediates; i++) {
            X500Name subject = new X500Name("CN=" + cn(root) + " Deep " + i);
            KeyPair key = keyPair();
            cas.add(0, sign(subject, key, issuer, issuerKey, from, now.plus(Duration.ofDays(365)), true, List.of()));
            issuer = subject;
            issuerKey = key;
        }
        KeyPair key = keyPair();
        X509Certificate cert = sign(new X500Name("CN=" + names[0]), key, issuer, issuerKey, from,
                now.plus(Duration.ofDays(90)), false, List.of(names));
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(cert);
        chain.addAll(cas);
        return new Leaf(key.getPrivate(), cert, List.copyOf(chain));
    }

    /** Writes the root certificate, the only thing a client needs to trust this CA. */
    public Path writeRootPem(Path file) {
        try {
            Files.writeString(file, pem("CERTIFICATE", encoded(root)));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String cn(X509Certificate c) {
        return c.getSubjectX500Principal().getName().replaceFirst("^CN=", "");
    }

    private static X509Certificate sign(X500Name subject, KeyPair subjectKey, X500Name issuer, KeyPair issuerKey,
                                        Instant notBefore, Instant notAfter, boolean ca, List<String> names) {
        try {
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIAL.incrementAndGet()),
                    Date.from(notBefore), Date.from(notAfter), subject, subjectKey.getPublic());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            if (ca) {
                b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            } else {
                b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
                b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
                List<GeneralName> sans = new ArrayList<>();
                names.forEach(n -> sans.add(new GeneralName(GeneralName.dNSName, n)));
                b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans.toArray(new GeneralName[0])));
            }
            return new JcaX509CertificateConverter()
                    .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey.getPrivate())));
        } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair keyPair() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] encoded(X509Certificate c) {
        try {
            return c.getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
