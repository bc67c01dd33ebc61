package dev.linkproxy.verifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.linkproxy.verifier.support.TestDns;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DnsCutoverCheckTest {

    private static final String DOMAIN = Scenario.DOMAIN;
    private static final String ORIGIN = Scenario.ORIGIN;

    private final TestDns dns = TestDns.start();

    @AfterEach
    void stop() {
        dns.close();
    }

    private CheckResult check(VerificationRequest.Builder request) {
        return check(dns, request);
    }

    private static CheckResult check(TestDns dns, VerificationRequest.Builder request) {
        String[] hp = dns.address().split(":");
        DnsResolver resolver = new DnsResolver(List.of(new InetSocketAddress(hp[0], Integer.parseInt(hp[1]))),
                Duration.ofMillis(500));
        return new DnsCutoverCheck(resolver).run(request.build(), new Deadline(Duration.ofSeconds(10))).result();
    }

    private CheckResult check() {
        return check(VerificationRequest.builder(DOMAIN).originHost(ORIGIN));
    }

    @Test
    void cnameToTheCdnPasses() {
        dns.cname(DOMAIN, "d111.cdn.test").a("d111.cdn.test", "127.0.0.1").aaaa("d111.cdn.test", "::1");
        CheckResult r = check();
        assertEquals(CheckStatus.PASS, r.status(), r.summary());
        assertTrue(r.summary().contains("cut over"), r.summary());
        assertEquals(List.of(DOMAIN, "d111.cdn.test"), r.evidence().get("chain"));
        assertEquals(List.of("127.0.0.1", "0:0:0:0:0:0:0:1"), r.evidence().get("addresses"));
        assertEquals(1, r.evidence().get("cnameHops"));
    }

    @Test
    void stillOnTheOriginFails() {
        dns.cname(DOMAIN, ORIGIN).a(ORIGIN, "192.0.2.10");
        CheckResult r = check();
        assertEquals(CheckStatus.FAIL, r.status());
        assertTrue(r.summary().contains("still points at the origin"), r.summary());
        assertEquals(List.of(DOMAIN, ORIGIN), r.evidence().get("chain"));
    }

    @Test
    void chainThroughANameUnderTheOriginFails() {
        dns.cname(DOMAIN, "u123.wl.sendgrid.test").a("u123.wl.sendgrid.test", "192.0.2.11");
        CheckResult r = check();
        assertEquals(CheckStatus.FAIL, r.status());
        assertTrue(r.summary().contains("still points at the origin"), r.summary());
    }

    @Test
    void twoHopChainPassesAndShowsEveryHop() {
        dns.cname(DOMAIN, "links.customer.test").cname("links.customer.test", "d111.cdn.test")
                .a("d111.cdn.test", "127.0.0.1");
        CheckResult r = check(VerificationRequest.builder(DOMAIN).originHost(ORIGIN)
                .expectedTarget(ExpectedTarget.hostSuffix("cdn.test")));
        assertEquals(CheckStatus.PASS, r.status(), r.summary());
        assertEquals(List.of(DOMAIN, "links.customer.test", "d111.cdn.test"), r.evidence().get("chain"));
        assertEquals(2, r.evidence().get("cnameHops"));
        assertTrue(r.summary().contains("a name under cdn.test"), r.summary());
    }

    @Test
    void chainToAnotherTargetThanExpectedFails() {
        dns.cname(DOMAIN, "old.othercdn.test").a("old.othercdn.test", "127.0.0.1");
        CheckResult r = check(VerificationRequest.builder(DOMAIN).originHost(ORIGIN)
                .expectedTarget(ExpectedTarget.hostSuffix("cdn.test")));
        assertEquals(CheckStatus.FAIL, r.status());
        assertTrue(r.summary().contains("not at a name under cdn.test"), r.summary());
    }

    @Test
    void addressesInTheExpectedRangesPass() {
        dns.a(DOMAIN, "104.16.1.2").aaaa(DOMAIN, "2606:4700::1").a(ORIGIN, "192.0.2.10");
        CheckResult r = check(VerificationRequest.builder(DOMAIN).originHost(ORIGIN)
                .expectedTarget(ExpectedTarget.ranges(List.of("104.16.0.0/13", "2606:4700::/32"))));
        assertEquals(CheckStatus.PASS, r.status(), r.summary());
    }

    @Test
    void addressesOutsideTheExpectedRangesFail() {
        dns.a(DOMAIN, "198.51.100.7").a(ORIGIN, "192.0.2.10");
        CheckResult r = check(VerificationRequest.builder(DOMAIN).originHost(ORIGIN)
                .expectedTarget(ExpectedTarget.ranges(List.of("104.16.0.0/13"))));
        assertEquals(CheckStatus.FAIL, r.status());
        assertTrue(r.summary().contains("not to addresses in [104.16.0.0/13]"), r.summary());
    }

    @Test
    void nxdomainFails() {
        CheckResult r = check();
        assertEquals(CheckStatus.FAIL, r.status());
        assertTrue(r.summary().contains("does not exist (NXDOMAIN)"), r.summary());
        assertEquals("nxdomain", r.evidence().get("outcome"));
    }

    @Test
    void danglingCnameFails() {
        dns.cname(DOMAIN, "deleted.cdn.test");
        CheckResult r = check();
        assertEquals(CheckStatus.FAIL, r.status());
        assertTrue(r.summary().contains("dangles"), r.summary());
        assertTrue(r.summary().contains("deleted.cdn.test"), r.summary());
        assertEquals("dangling", r.evidence().get("outcome"));
    }

    @Test
    void cnameToANameWithoutAddressesDangles() {
        dns.cname(DOMAIN, "empty.cdn.test").txt("empty.cdn.test", "no addresses here");
        CheckResult r = check();
        assertEquals(CheckStatus.FAIL, r.status());
        assertTrue(r.summary().contains("dangles") && r.summary().contains("no A or AAAA record"), r.summary());
    }

    @Test
    void cnameLoopFails() {
        dns.cname(DOMAIN, "a.loop.test").cname("a.loop.test", "b.loop.test").cname("b.loop.test", "a.loop.test");
        CheckResult r = check();
        assertEquals(CheckStatus.FAIL, r.status());
        assertTrue(r.summary().startsWith("CNAME loop"), r.summary());
        assertEquals(List.of(DOMAIN, "a.loop.test", "b.loop.test", "a.loop.test"), r.evidence().get("chain"));
    }

    @Test
    void eightHopsAreFollowedButNine() {
        String previous = DOMAIN;
        for (int i = 1; i <= 9; i++) {
            dns.cname(previous, "h" + i + ".cdn.test");
            previous = "h" + i + ".cdn.test";
        }
        dns.a("h8.cdn.test", "127.0.0.1");
        CheckResult nine = check();
        assertEquals(CheckStatus.FAIL, nine.status());
        assertTrue(nine.summary().contains("longer than 8 hops"), nine.summary());

        TestDns eight = TestDns.start();
        try (eight) {
            previous = DOMAIN;
            for (int i = 1; i <= 8; i++) {
                eight.cname(previous, "h" + i + ".cdn.test");
                previous = "h" + i + ".cdn.test";
            }
            eight.a("h8.cdn.test", "127.0.0.1");
            CheckResult r = check(eight, VerificationRequest.builder(DOMAIN).originHost(ORIGIN));
            assertEquals(CheckStatus.PASS, r.status(), r.summary());
            assertEquals(8, r.evidence().get("cnameHops"));
        }
    }

    @Test
    void aRecordOnlyIsCutOverWhenNotTheOriginsAddress() {
        dns.a(DOMAIN, "198.51.100.7").a(ORIGIN, "192.0.2.10");
        CheckResult r = check();
        assertEquals(CheckStatus.PASS, r.status(), r.summary());
        assertTrue(r.summary().contains("none of them the origin's"), r.summary());
        assertEquals(List.of("192.0.2.10"), r.evidence().get("originAddresses"));
    }

    @Test
    void aRecordOnTheOriginsAddressFails() {
        dns.a(DOMAIN, "192.0.2.10").a(ORIGIN, "192.0.2.10");
        CheckResult r = check();
        assertEquals(CheckStatus.FAIL, r.status());
        assertTrue(r.summary().contains("resolves to the origin's own addresses [192.0.2.10]"), r.summary());
    }

    @Test
    void aaaaRecordOnlyIsCutOver() {
        dns.aaaa(DOMAIN, "2001:db8::7").a(ORIGIN, "192.0.2.10");
        CheckResult r = check();
        assertEquals(CheckStatus.PASS, r.status(), r.summary());
        assertEquals(List.of("2001:db8:0:0:0:0:0:7"), r.evidence().get("addresses"));
    }

    @Test
    void servfailIsToldApart() {
        dns.servfail(DOMAIN);
        CheckResult r = check();
        assertEquals(CheckStatus.FAIL, r.status());
        assertTrue(r.summary().contains("SERVFAIL"), r.summary());
        assertEquals("servfail", r.evidence().get("outcome"));
    }

    @Test
    void aSilentResolverTimesOutWithinItsLimit() {
        dns.silent(DOMAIN);
        long start = System.nanoTime();
        CheckResult r = check();
        assertEquals(CheckStatus.FAIL, r.status());
        assertTrue(r.summary().contains("DNS timed out") && r.summary().contains("time limit"), r.summary());
        assertEquals("timeout", r.evidence().get("outcome"));
        assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(10)) < 0);
    }

    @Test
    void aTruncatedAnswerIsRetriedOverTcp() {
        dns.truncated(DOMAIN).cname(DOMAIN, "d111.cdn.test").a("d111.cdn.test", "127.0.0.1");
        CheckResult r = check();
        assertEquals(CheckStatus.PASS, r.status(), r.summary());
        assertTrue(dns.tcpQueries() > 0, "the truncated answer was not retried over TCP");
    }

    @Test
    void preCutoverOnlyReportsWhereTheNamePoints() {
        dns.cname(DOMAIN, ORIGIN).a(ORIGIN, "192.0.2.10");
        CheckResult r = check(VerificationRequest.builder(DOMAIN).originHost(ORIGIN).preCutover("d111.cdn.test"));
        assertEquals(CheckStatus.SKIPPED, r.status());
        assertTrue(r.summary().startsWith("pre-cutover: not judged") && r.summary().contains("at the origin"),
                r.summary());
        assertEquals(List.of(DOMAIN, ORIGIN), r.evidence().get("chain"));
    }
}
