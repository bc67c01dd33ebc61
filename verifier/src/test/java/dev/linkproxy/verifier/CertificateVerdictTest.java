package dev.linkproxy.verifier;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.linkproxy.verifier.support.TestCa;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

/**
 * The one clause a person reads when a handshake does not prove TLS for the link domain, asked in the order that
 * decides which reason comes first: validity window, name, chain, then the handshake and its protocol.
 */
class CertificateVerdictTest {

    private static final String NAME = Scenario.DOMAIN;
    private static final TestCa CA = TestCa.create("Verdict Test");
    private static final Set<X500Principal> ANCHORS = Set.of(CA.root().getSubjectX500Principal());
    private static final InetSocketAddress AT = new InetSocketAddress("127.0.0.1", 443);

    private static Handshake completed(List<X509Certificate> chain, String protocol) {
        return new Handshake(AT, Optional.empty(), protocol, "TLS_AES_128_GCM_SHA256", chain, Optional.empty(),
                Optional.empty());
    }

    private static Handshake rejected(List<X509Certificate> chain, String why) {
        return new Handshake(AT, Optional.empty(), null, null, chain, Optional.of(new CertificateException(why)),
                Optional.of(new StepException("TLS handshake with 127.0.0.1:443 failed: " + why)));
    }

    private static Optional<String> problem(Handshake h, Instant now) {
        return CertificateVerdict.problem(h, NAME, ANCHORS, now);
    }

    private static Instant notAfter(X509Certificate c) {
        return c.getNotAfter().toInstant();
    }

    private static Instant notBefore(X509Certificate c) {
        return c.getNotBefore().toInstant();
    }

    @Test
    void aCurrentTrustedCertificateForTheNameOverTls12Or13IsNoProblem() {
        TestCa.Leaf leaf = CA.leaf(NAME);
        Instant now = Instant.now();
        assertEquals(Optional.empty(), problem(completed(leaf.chain(), "TLSv1.3"), now));
        assertEquals(Optional.empty(), problem(completed(leaf.chain(), "TLSv1.2"), now));
    }

    @Test
    void anOlderProtocolIsNamedWithWhatIsRequired() {
        TestCa.Leaf leaf = CA.leaf(NAME);
        assertEquals(Optional.of("negotiated TLSv1.1; TLS 1.2 or newer is required"),
                problem(completed(leaf.chain(), "TLSv1.1"), Instant.now()));
        assertEquals(Optional.of("negotiated SSLv3; TLS 1.2 or newer is required"),
                problem(completed(leaf.chain(), "SSLv3"), Instant.now()));
    }

    @Test
    void withoutACertificateTheHandshakeFailureIsTheReason() {
        Handshake refused = new Handshake(AT, Optional.empty(), null, null, List.of(), Optional.empty(),
                Optional.of(new StepException("connection to 127.0.0.1:443 refused (Connection refused)")));
        assertEquals(Optional.of("connection to 127.0.0.1:443 refused (Connection refused)"),
                problem(refused, Instant.now()));
        Handshake nothing = new Handshake(AT, Optional.empty(), "TLSv1.3", "TLS_AES_128_GCM_SHA256", List.of(),
                Optional.empty(), Optional.empty());
        assertEquals(Optional.of("the server sent no certificate"), problem(nothing, Instant.now()));
    }

    @Test
    void theValidityWindowIncludesItsLastAndFirstSecondAndNothingBeyond() {
        TestCa.Leaf leaf = CA.leaf(NAME);
        X509Certificate c = leaf.cert();
        assertEquals(Optional.empty(), problem(completed(leaf.chain(), "TLSv1.3"), notAfter(c)));
        assertEquals(Optional.of("the certificate expired on " + notAfter(c)),
                problem(completed(leaf.chain(), "TLSv1.3"), notAfter(c).plusSeconds(1)));
        assertEquals(Optional.empty(), problem(completed(leaf.chain(), "TLSv1.3"), notBefore(c)));
        assertEquals(Optional.of("the certificate is not valid before " + notBefore(c)),
                problem(completed(leaf.chain(), "TLSv1.3"), notBefore(c).minusSeconds(1)));
    }

    @Test
    void anExpiredCertificateIsReportedAsExpiredBeforeItsNameOrChain() {
        Instant now = Instant.now();
        TestCa.Leaf old = CA.leaf(now.minus(Duration.ofDays(90)), now.minus(Duration.ofDays(1)), "other.customer.test")
                .withoutIntermediate();
        String why = problem(rejected(old.chain(), "PKIX path building failed"), now).orElseThrow();
        assertEquals("the certificate expired on " + notAfter(old.cert()), why);
    }

    @Test
    void aWrongNameIsReportedBeforeAnUntrustedChainAndListsTheNamesItHas() {
        TestCa.Leaf other = CA.leaf("other.customer.test", "www.customer.test").withoutIntermediate();
        assertEquals(Optional.of("the certificate does not cover " + NAME
                        + " (it names other.customer.test, www.customer.test)"),
                problem(rejected(other.chain(), "PKIX path building failed"), Instant.now()));
    }

    @Test
    void aCertificateWithoutDnsNamesSaysSo() throws Exception {
        assertEquals(Optional.of("the certificate does not cover " + NAME + " (it names no DNS name in subjectAltName)"),
                problem(completed(List.of(withoutSubjectAltName()), "TLSv1.3"), Instant.now()));
    }

    @Test
    void aChainEndingAtAnUnknownRootIsAnUnknownCa() {
        TestCa stranger = TestCa.create("Stranger");
        TestCa.Leaf leaf = stranger.leaf(NAME);
        List<X509Certificate> chain = List.of(leaf.cert(), stranger.intermediate(), stranger.root());
        assertEquals(Optional.of("the chain ends at CN=Stranger Root, a CA the trust store does not hold (unknown CA)"),
                problem(rejected(chain, "PKIX path building failed"), Instant.now()));
    }

    @Test
    void aChainWhoseIssuerWasNotSentAndIsNotTrustedIsAMissingIntermediate() {
        TestCa.Leaf leaf = CA.leaf(NAME).withoutIntermediate();
        assertEquals(Optional.of("the chain is not trusted: the server sent 1 certificate(s) ending at CN=" + NAME
                        + ", whose issuer CN=Verdict Test Intermediate it did not send and the trust store does not hold"
                        + " (missing intermediate, or unknown CA)"),
                problem(rejected(leaf.chain(), "PKIX path building failed"), Instant.now()));
    }

    @Test
    void aChainUpToATrustedCaThatIsStillRefusedGivesTheTrustStoresReason() {
        TestCa.Leaf leaf = CA.leaf(NAME);
        // The intermediate's issuer is the trusted root, so neither unknown-CA story applies: the refusal's own words do.
        assertEquals(Optional.of("the chain is not trusted: basic constraints check failed"),
                problem(rejected(leaf.chain(), "basic constraints check failed"), Instant.now()));
    }

    @Test
    void aHandshakeThatFailedAfterAGoodCertificateGivesItsFailure() {
        TestCa.Leaf leaf = CA.leaf(NAME);
        Handshake cut = new Handshake(AT, Optional.empty(), null, null, leaf.chain(), Optional.empty(),
                Optional.of(new StepException("no TLS handshake from 127.0.0.1:443 within the 2 s time limit")));
        assertEquals(Optional.of("no TLS handshake from 127.0.0.1:443 within the 2 s time limit"),
                problem(cut, Instant.now()));
    }

    @Test
    void theEvidenceShowsTheCertificatesFactsAndWholeDaysLeft() {
        Instant now = Instant.now();
        TestCa.Leaf leaf = CA.leaf(now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)).plusSeconds(3600),
                NAME, "www." + NAME);
        X509Certificate c = leaf.cert();
        Map<String, Object> e = CertificateVerdict.evidence(c, now);
        assertEquals(List.of("subject", "issuer", "sans", "notBefore", "notAfter", "daysLeft"), List.copyOf(e.keySet()));
        assertEquals("CN=" + NAME, e.get("subject"));
        assertEquals("CN=Verdict Test Intermediate", e.get("issuer"));
        assertEquals(List.of(NAME, "www." + NAME), e.get("sans"));
        assertEquals(notBefore(c).toString(), e.get("notBefore"));
        assertEquals(notAfter(c).toString(), e.get("notAfter"));
        assertEquals(30L, e.get("daysLeft"));
        assertEquals(-1L, CertificateVerdict.daysLeft(c, notAfter(c).plus(Duration.ofDays(1))));
        assertEquals(0L, CertificateVerdict.daysLeft(c, notAfter(c).minus(Duration.ofHours(23))));
    }

    /** A self-signed leaf with a subject and no subjectAltName at all, as some old appliances still send. */
    private static X509Certificate withoutSubjectAltName() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair key = g.generateKeyPair();
        Instant now = Instant.now();
        X500Name subject = new X500Name("CN=" + NAME);
        return new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(subject,
                BigInteger.ONE, Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(30))),
                subject, key.getPublic()).build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate())));
    }
}
