package dev.linkproxy.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateFilesTest {

    @TempDir
    Path dir;
    private KeyPair keys;
    private Path key;
    private final Instant now = Instant.now();

    @BeforeEach
    void keys() throws Exception {
        keys = TestCertificates.keyPair();
        key = TestCertificates.writeKey(dir.resolve("link.key"), keys);
    }

    private CertificateSource.Pem pem(Path cert) {
        return new CertificateSource.Pem(cert, key);
    }

    private List<String> problems(CertificateSource.Pem source, List<String> domains) {
        return assertThrows(InvalidSpecException.class, () -> CertificateFiles.read(source, domains, now))
                .problems().stream().map(SpecProblem::toString).toList();
    }

    @Test
    void aMatchingCoveringValidCertificateIsRead() throws Exception {
        Path cert = TestCertificates.writeCertificate(dir.resolve("link.pem"),
                TestCertificates.certificate(keys, List.of("ablink.example.com", "*.news.example.com")));
        CertificateFiles.Bundle bundle = CertificateFiles.read(pem(cert), List.of("ablink.example.com", "a.news.example.com"), now);
        assertEquals(List.of("ablink.example.com", "*.news.example.com"), bundle.names());
        assertTrue(bundle.chainPem().startsWith("-----BEGIN CERTIFICATE-----"));
        assertTrue(bundle.privateKey().reveal().startsWith("-----BEGIN PRIVATE KEY-----"));
        String keyBody = Files.readString(key).split("\n")[1];
        assertFalse(bundle.toString().contains(keyBody), bundle.toString());
    }

    @Test
    void aCertificateThatDoesNotCoverALinkDomainIsNamed() throws Exception {
        Path cert = TestCertificates.writeCertificate(dir.resolve("link.pem"),
                TestCertificates.certificate(keys, List.of("*.example.com")));
        assertEquals(List.of("certificate: the certificate in \"" + cert + "\" does not cover linkDomains[1] "
                        + "\"a.news.example.com\" (it names *.example.com; a wildcard covers one label)"),
                problems(pem(cert), List.of("ablink.example.com", "a.news.example.com")));
    }

    @Test
    void aKeyOfAnotherCertificateIsRefused() throws Exception {
        Path cert = TestCertificates.writeCertificate(dir.resolve("link.pem"),
                TestCertificates.certificate(TestCertificates.keyPair(), List.of("ablink.example.com")));
        assertEquals(List.of("certificate: the key in \"" + key + "\" does not belong to the certificate in \"" + cert
                + "\"; give the key the certificate was issued for"), problems(pem(cert), List.of("ablink.example.com")));
    }

    @Test
    void anExpiredCertificateIsRefused() throws Exception {
        Instant expired = Instant.parse("2024-03-01T00:00:00Z");
        Path cert = TestCertificates.writeCertificate(dir.resolve("link.pem"), TestCertificates.certificate(keys,
                List.of("ablink.example.com"), expired.minus(Duration.ofDays(90)), expired));
        assertEquals(List.of("certificate: the certificate in \"" + cert + "\" expired on 2024-03-01T00:00:00Z; renew it"),
                problems(pem(cert), List.of("ablink.example.com")));
    }

    @Test
    void aCertificateNotYetValidIsRefused() throws Exception {
        Instant later = now.plus(Duration.ofDays(10));
        Path cert = TestCertificates.writeCertificate(dir.resolve("link.pem"), TestCertificates.certificate(keys,
                List.of("ablink.example.com"), later, later.plus(Duration.ofDays(90))));
        assertTrue(problems(pem(cert), List.of("ablink.example.com")).get(0)
                .startsWith("certificate: the certificate in \"" + cert + "\" is not valid before "));
    }

    @Test
    void filesThatAreNotPemAreNamed() throws Exception {
        Path notCert = Files.writeString(dir.resolve("cert.txt"), "hello");
        Path rsaKey = Files.writeString(dir.resolve("old.key"), "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");
        assertEquals(List.of(
                "certificate: \"" + notCert + "\" holds no PEM certificate (-----BEGIN CERTIFICATE-----)",
                "certificate: \"" + rsaKey + "\": the RSA PRIVATE KEY block is not a private key this JDK can read"),
                problems(new CertificateSource.Pem(notCert, rsaKey), List.of("ablink.example.com")));
    }

    @Test
    void anEncryptedKeyIsRefusedWithTheWayOut() throws Exception {
        Path cert = TestCertificates.writeCertificate(dir.resolve("link.pem"),
                TestCertificates.certificate(keys, List.of("ablink.example.com")));
        Path encrypted = Files.writeString(dir.resolve("enc.key"),
                "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n");
        assertEquals(List.of("certificate: \"" + encrypted + "\" holds an encrypted private key; CDNs need it unencrypted:"
                + " openssl pkey -in <file> -out <new file>"), problems(new CertificateSource.Pem(cert, encrypted),
                List.of("ablink.example.com")));
    }

    @Test
    void missingFilesAreNamed() {
        List<String> problems = problems(new CertificateSource.Pem(dir.resolve("nope.pem"), dir.resolve("nope.key")),
                List.of("ablink.example.com"));
        assertEquals(2, problems.size());
        assertTrue(problems.get(0).startsWith("certificate: cannot read \"" + dir.resolve("nope.pem") + "\": NoSuchFileException"),
                problems.get(0));
    }

    @Test
    void namesAreMatchedAsRfc6125Says() {
        assertTrue(CertificateNames.covers("*.example.com", "a.example.com"));
        assertTrue(CertificateNames.covers("A.Example.com.", "a.example.COM"));
        assertFalse(CertificateNames.covers("*.example.com", "a.b.example.com"));
        assertFalse(CertificateNames.covers("*.example.com", "example.com"));
        assertFalse(CertificateNames.covers("*.com", "example.com"));
        assertFalse(CertificateNames.covers("a*.example.com", "ab.example.com"));
        assertFalse(CertificateNames.covers("", "a.example.com"));
        assertFalse(CertificateNames.covers("a.*.example.com", "a.b.example.com"));
        assertFalse(CertificateNames.covers("ablink.example.org", "ablink.example.com"));
    }

    @Test
    void aCertificateBlockThatCannotBeParsedIsNamed() throws Exception {
        Path broken = Files.writeString(dir.resolve("broken.pem"),
                "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        assertEquals(List.of("certificate: \"" + broken + "\" holds a certificate that cannot be parsed; export it as PEM"
                + " again"), problems(pem(broken), List.of("ablink.example.com")));
    }

    @Test
    void aMissingFileIsNamedWithTheReason() {
        Path cert = dir.resolve("nope.pem");
        assertEquals("certificate: cannot read \"" + cert + "\": NoSuchFileException " + cert,
                problems(new CertificateSource.Pem(cert, key), List.of("ablink.example.com")).get(0));
    }

    @Test
    void aBundlePrintsItsNamesAndExpiryButNotItsKey() throws Exception {
        Instant notAfter = Instant.parse("2031-01-01T00:00:00Z");
        Path cert = TestCertificates.writeCertificate(dir.resolve("link.pem"), TestCertificates.certificate(keys,
                List.of("ablink.example.com"), now.minus(Duration.ofDays(1)), notAfter));
        CertificateFiles.Bundle bundle = CertificateFiles.read(pem(cert), List.of("ablink.example.com"), now);
        assertEquals("Bundle[CN=ablink.example.com, names=[ablink.example.com], notAfter=2031-01-01T00:00:00Z,"
                + " key=[redacted]]", bundle.toString());
    }
}
