package dev.linkproxy.verifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.linkproxy.verifier.support.TestCa;
import dev.linkproxy.verifier.support.TestServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TlsCheckTest extends VerifierTestBase {

    private VerificationReport verifyWith(TestCa.Leaf leaf) {
        scenario.cutOver().origin();
        scenario.cdnHttps(leaf, scenario.proxy());
        scenario.cdnHttp(scenario.proxy());
        return scenario.verify();
    }

    @Test
    void aGoodCertificateOnEveryAddressPassesWithItsEvidence() {
        VerificationReport report = verifyWith(ca.leaf(Scenario.DOMAIN));
        CheckResult tls = assertCheck(report, CheckResult.TLS, CheckStatus.PASS, "valid certificate for " + Scenario.DOMAIN);
        List<Map<String, Object>> hs = handshakes(tls);
        assertEquals(2, hs.size(), "one handshake per resolved address, IPv4 and IPv6");
        assertTrue(((String) hs.get(0).get("address")).startsWith("127.0.0.1:"));
        assertTrue(((String) hs.get(1).get("address")).startsWith("[0:0:0:0:0:0:0:1]:"));
        for (Map<String, Object> h : hs) {
            assertTrue(List.of("TLSv1.2", "TLSv1.3").contains(h.get("protocol")), String.valueOf(h.get("protocol")));
            assertTrue(((String) h.get("cipherSuite")).startsWith("TLS_"));
            assertEquals("CN=" + Scenario.DOMAIN, h.get("subject"));
            assertEquals("CN=Linkproxy Test Intermediate", h.get("issuer"));
            assertEquals(List.of(Scenario.DOMAIN), h.get("sans"));
            assertEquals(88L, ((Number) h.get("daysLeft")).longValue(), 1);
            assertTrue(h.containsKey("notAfter"));
            assertFalse(h.containsKey("problem"));
        }
    }

    @Test
    void expiredFails() {
        Instant now = Instant.now();
        VerificationReport report = verifyWith(ca.leaf(now.minus(Duration.ofDays(90)), now.minus(Duration.ofDays(1)),
                Scenario.DOMAIN));
        CheckResult tls = assertCheck(report, CheckResult.TLS, CheckStatus.FAIL, "the certificate expired on");
        assertTrue(((Number) handshakes(tls).get(0).get("daysLeft")).longValue() < 0);
        assertFalse(report.ready());
    }

    @Test
    void notYetValidFails() {
        Instant now = Instant.now();
        VerificationReport report = verifyWith(ca.leaf(now.plus(Duration.ofDays(2)), now.plus(Duration.ofDays(90)),
                Scenario.DOMAIN));
        assertCheck(report, CheckResult.TLS, CheckStatus.FAIL, "is not valid before");
    }

    @Test
    void expiringWithinFourteenDaysWarns() {
        Instant now = Instant.now();
        VerificationReport report = verifyWith(ca.leaf(now.minus(Duration.ofDays(80)), now.plus(Duration.ofDays(5)),
                Scenario.DOMAIN));
        CheckResult tls = assertCheck(report, CheckResult.TLS, CheckStatus.WARN, "expires within 14 days");
        assertEquals(4L, ((Number) handshakes(tls).get(0).get("daysLeft")).longValue(), 1);
        assertTrue(report.ready(), "a warning does not block the cutover");
    }

    @Test
    void wrongNameFails() {
        VerificationReport report = verifyWith(ca.leaf("other.customer.test"));
        CheckResult tls = assertCheck(report, CheckResult.TLS, CheckStatus.FAIL,
                "does not cover " + Scenario.DOMAIN + " (it names other.customer.test)");
        assertEquals(List.of("other.customer.test"), handshakes(tls).get(0).get("sans"));
        assertCheck(report, CheckResult.HTTPS_LINK, CheckStatus.FAIL, "does not cover");
    }

    @Test
    void wildcardCoveringOneLabelPasses() {
        VerificationReport report = verifyWith(ca.leaf("*.news.customer.test"));
        assertCheck(report, CheckResult.TLS, CheckStatus.PASS, "valid certificate");
        assertTrue(report.ready());
    }

    @Test
    void wildcardNotCoveringTwoLabelsFails() {
        VerificationReport report = verifyWith(ca.leaf("*.customer.test"));
        assertCheck(report, CheckResult.TLS, CheckStatus.FAIL, "does not cover " + Scenario.DOMAIN + " (it names *.customer.test)");
    }

    @Test
    void unknownCaFails() {
        TestCa stranger = TestCa.create("Stranger");
        TestCa.Leaf leaf = stranger.leaf(Scenario.DOMAIN);
        TestCa.Leaf withRoot = new TestCa.Leaf(leaf.key(), leaf.cert(),
                List.of(leaf.cert(), stranger.intermediate(), stranger.root()));
        VerificationReport report = verifyWith(withRoot);
        CheckResult tls = assertCheck(report, CheckResult.TLS, CheckStatus.FAIL, "(unknown CA)");
        assertTrue(tls.summary().contains("CN=Stranger Root"), tls.summary());
        assertEquals("CN=Stranger Intermediate", handshakes(tls).get(0).get("issuer"));
        assertEquals(3, handshakes(tls).get(0).get("chainLength"));
    }

    @Test
    void missingIntermediateFails() {
        VerificationReport report = verifyWith(ca.leaf(Scenario.DOMAIN).withoutIntermediate());
        CheckResult tls = assertCheck(report, CheckResult.TLS, CheckStatus.FAIL, "missing intermediate");
        assertTrue(tls.summary().contains("whose issuer CN=Linkproxy Test Intermediate it did not send"), tls.summary());
        assertEquals(1, handshakes(tls).get(0).get("chainLength"));
    }

    @Test
    void noHttpsListenerFails() {
        scenario.cutOver().origin();
        TestServer closed = scenario.start(TestServer.http(true, r -> null));
        int port = closed.port();
        closed.close();
        scenario.route(Scenario.DOMAIN, 443, ":" + port);
        scenario.cdnHttp(scenario.proxy());
        VerificationReport report = scenario.verify();
        CheckResult tls = assertCheck(report, CheckResult.TLS, CheckStatus.FAIL, "refused");
        assertEquals(2, handshakes(tls).size());
        assertCheck(report, CheckResult.HTTPS_LINK, CheckStatus.FAIL, "refused");
        assertCheck(report, CheckResult.HTTP_LINK, CheckStatus.PASS, "as the origin does");
        assertFalse(report.ready());
    }

    @Test
    void aServerOfferingOnlyOldTlsFailsWithThatReason() {
        scenario.cutOver().origin();
        TestServer old = scenario.start(TestServer.tlsAlert());
        scenario.route(Scenario.DOMAIN, 443, "127.0.0.1:" + old.port());
        VerificationReport report = scenario.verify();
        assertCheck(report, CheckResult.TLS, CheckStatus.FAIL, "offers no TLS 1.2 or newer");
    }
}
