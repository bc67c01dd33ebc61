package dev.linkproxy.verifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.linkproxy.core.spi.CutoverTarget;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Moved off the origin's name but onto its addresses is not a cutover (issue 13 §2). */
class OriginAddressesTest extends VerifierTestBase {

    private static final String ORIGIN_ADDRESS = "198.51.100.20";

    @Test
    void theOriginsOwnAddressesFailEvenInsideAnExpectedRangeThatHappensToContainThem() {
        scenario.origin();
        scenario.dns.a(Scenario.ORIGIN, ORIGIN_ADDRESS).a(Scenario.DOMAIN, ORIGIN_ADDRESS);
        CutoverTarget wideRange = new CutoverTarget(Scenario.CDN, List.of("198.51.100.0/24"), true);

        VerificationReport report = scenario.verifierBuilder().build()
                .verify(scenario.request().expectedTarget(wideRange).build());

        CheckResult dns = assertCheck(report, CheckResult.DNS_CUTOVER, CheckStatus.FAIL, "the origin's own addresses");
        assertEquals(List.of(ORIGIN_ADDRESS), dns.evidence().get("addresses"));
        assertEquals(List.of(ORIGIN_ADDRESS), dns.evidence().get("originAddresses"));
        assertFalse(report.ready());
    }

    @Test
    void aCnameToANameCarryingTheOriginsAddressesFailsWithNoTargetGiven() {
        scenario.origin();
        scenario.dns.a(Scenario.ORIGIN, ORIGIN_ADDRESS).cname(Scenario.DOMAIN, "copy.example.test")
                .a("copy.example.test", ORIGIN_ADDRESS);

        VerificationReport report = scenario.verify();

        assertCheck(report, CheckResult.DNS_CUTOVER, CheckStatus.FAIL, "the origin's own addresses");
    }

    @Test
    void otherAddressesStillPass() {
        scenario.cutOver().origin();
        scenario.cdnHttps(scenario.proxy());
        scenario.cdnHttp(scenario.proxy());
        VerificationReport report = scenario.verify();
        assertCheck(report, CheckResult.DNS_CUTOVER, CheckStatus.PASS, "cut over");
    }
}
