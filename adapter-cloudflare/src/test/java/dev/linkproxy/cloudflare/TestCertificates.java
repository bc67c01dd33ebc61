package dev.linkproxy.cloudflare;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Key pairs and self-signed certificates minted by the tests, written as PEM (BouncyCastle, test scope only). */
final class TestCertificates {

    private static final AtomicLong SERIAL = new AtomicLong(1000);

    private TestCertificates() {
    }

    static KeyPair rsa() {
        return generate("RSA", null);
    }

    static KeyPair ec() {
        return generate("EC", new ECGenParameterSpec("secp256r1"));
    }

    private static KeyPair generate(String algorithm, ECGenParameterSpec spec) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm);
            if (spec != null) {
                g.initialize(spec);
            } else {
                g.initialize(2048);
            }
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A self-signed certificate for {@code keys}, valid from {@code notBefore} to {@code notAfter}, naming {@code dnsNames}. */
    static String certificate(KeyPair keys, Instant notBefore, Instant notAfter, String... dnsNames) {
        try {
            X500Name subject = new X500Name("CN=" + dnsNames[0]);
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(subject,
                    BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(notBefore), Date.from(notAfter), subject,
                    keys.getPublic());
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(Arrays.stream(dnsNames)
                    .map(n -> new GeneralName(GeneralName.dNSName, n)).toArray(GeneralName[]::new)));
            String algorithm = keys.getPrivate().getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
            X509CertificateHolder holder = b.build(new JcaContentSignerBuilder(algorithm).build(keys.getPrivate()));
            return pem(holder);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The key in its traditional form: {@code RSA PRIVATE KEY} (PKCS#1) or {@code EC PRIVATE KEY} (SEC1 naming its
     * curve, as {@code openssl ecparam -genkey} writes it; the JDK's own SEC1 inside PKCS#8 leaves the curve out).
     */
    static String traditionalKey(KeyPair keys) {
        if (keys.getPrivate() instanceof java.security.interfaces.ECPrivateKey ec) {
            try {
                var sec1 = new org.bouncycastle.asn1.sec.ECPrivateKey(256, ec.getS(),
                        org.bouncycastle.asn1.x509.SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded()).getPublicKeyData(),
                        org.bouncycastle.asn1.sec.SECObjectIdentifiers.secp256r1);
                return pem(new org.bouncycastle.util.io.pem.PemObject("EC PRIVATE KEY", sec1.getEncoded()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return pem(keys.getPrivate());
    }

    /** The key as PKCS#8 ({@code PRIVATE KEY}), what {@code openssl genpkey} writes. */
    static String pkcs8Key(KeyPair keys) {
        try {
            return pem(new JcaPKCS8Generator(keys.getPrivate(), null).generate());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The base64 lines between the PEM markers: what must never leave the upload body. */
    static java.util.List<String> body(String pem) {
        return pem.lines().filter(l -> !l.startsWith("-----") && !l.isBlank()).collect(Collectors.toList());
    }

    static Path write(Path dir, String name, String pem) {
        try {
            return Files.writeString(dir.resolve(name), pem, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String pem(Object o) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
