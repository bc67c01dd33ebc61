package dev.linkproxy.verifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.linkproxy.verifier.support.TestServer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A verdict depends only on what its check checks (issue 13 §1). */
class IndependentChecksTest extends VerifierTestBase {

    @Test
    void aHungHttpsPortFailsTlsAloneAndTheGoodHttpPortStillPasses() {
        scenario.cutOver().origin();
        TestServer silent = scenario.start(TestServer.silent(true)); // accepts, never handshakes
        scenario.route(Scenario.DOMAIN, 443, ":" + silent.port());
        scenario.cdnHttp(scenario.proxy());
        scenario.total = Duration.ofSeconds(9);

        VerificationReport report = scenario.verify();

        CheckResult tls = assertCheck(report, CheckResult.TLS, CheckStatus.FAIL, "no TLS handshake from");
        assertTrue(tls.summary().contains("time limit"), tls.summary());
        assertCheck(report, CheckResult.HTTP_LINK, CheckStatus.PASS, "as the origin does");
        assertFalse(report.ready());
    }

    @Test
    void theLinkChecksAskEveryAddressSoOneBrokenEdgeAddressFailsThemWhateverTheDnsOrder() {
        scenario.origin();
        // 127.0.0.2 has no edge listening: a broken edge address, listed after the good one.
        scenario.dns.cname(Scenario.DOMAIN, Scenario.CDN).a(Scenario.CDN, "127.0.0.1").a(Scenario.CDN, "127.0.0.2");
        scenario.cdnHttps(scenario.proxy());
        scenario.cdnHttp(scenario.proxy());

        VerificationReport report = scenario.verify();

        CheckResult https = assertCheck(report, CheckResult.HTTPS_LINK, CheckStatus.FAIL, "at 127.0.0.2:");
        assertTrue(https.summary().contains("1 of 2 addresses fail"), https.summary());
        assertTrue(String.valueOf(https.evidence().get("failedAt")).startsWith("127.0.0.2:"), https.evidence().toString());
        assertCheck(report, CheckResult.HTTP_LINK, CheckStatus.FAIL, "at 127.0.0.2:");
        assertEquals(CheckStatus.FAIL, check(report, CheckResult.TLS).status());
    }
}
