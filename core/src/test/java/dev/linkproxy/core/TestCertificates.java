package dev.linkproxy.core;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Self-signed certificates minted in the test, written as PEM files. */
final class TestCertificates {

    private TestCertificates() {
    }

    static KeyPair keyPair() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(256);
        return g.generateKeyPair();
    }

    static X509Certificate certificate(KeyPair keys, List<String> names, Instant notBefore, Instant notAfter)
            throws Exception {
        GeneralName[] sans = names.stream().map(n -> new GeneralName(GeneralName.dNSName, n)).toArray(GeneralName[]::new);
        var builder = new JcaX509v3CertificateBuilder(new X500Name("CN=" + names.get(0)), BigInteger.valueOf(System.nanoTime()),
                Date.from(notBefore), Date.from(notAfter), new X500Name("CN=" + names.get(0)), keys.getPublic())
                .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans));
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
    }

    /** A certificate for {@code subject}'s key, signed by {@code signer} with {@code algorithm}, valid for 90 days. */
    static X509Certificate certificate(PublicKey subject, PrivateKey signer, String algorithm, List<String> names)
            throws Exception {
        Instant now = Instant.now();
        GeneralName[] sans = names.stream().map(n -> new GeneralName(GeneralName.dNSName, n)).toArray(GeneralName[]::new);
        var builder = new JcaX509v3CertificateBuilder(new X500Name("CN=" + names.get(0)), BigInteger.valueOf(System.nanoTime()),
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(90))),
                new X500Name("CN=" + names.get(0)), subject)
                .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans));
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder(algorithm).build(signer)));
    }

    /** {@code object} as PEM text: a private key in the OpenSSL traditional form (RSA PRIVATE KEY, EC PRIVATE KEY). */
    static String pem(Object object) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter pem = new JcaPEMWriter(out)) {
            pem.writeObject(object);
        }
        return out.toString();
    }

    /** A certificate for {@code names}, valid from a day ago for {@code validFor}. */
    static X509Certificate certificate(KeyPair keys, List<String> names) throws Exception {
        Instant now = Instant.now();
        return certificate(keys, names, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(90)));
    }

    static Path writeCertificate(Path file, X509Certificate cert) throws IOException {
        return write(file, cert);
    }

    static Path writeKey(Path file, KeyPair keys) throws IOException {
        return write(file, new JcaPKCS8Generator(keys.getPrivate(), null));
    }

    private static Path write(Path file, Object object) throws IOException {
        Files.writeString(file, pem(object));
        return file;
    }
}
