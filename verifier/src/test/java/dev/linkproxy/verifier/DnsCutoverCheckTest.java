package dev.linkproxy.verifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.linkproxy.verifier.support.TestDns;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

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
        return new DnsCutoverCheck(resolver(dns)).run(request.build(), new Deadline(Duration.ofSeconds(10))).result();
    }

    private static DnsResolver resolver(TestDns dns) {
        String[] hp = dns.address().split(":");
        return new DnsResolver(List.of(new InetSocketAddress(hp[0], Integer.parseInt(hp[1]))), Duration.ofMillis(500));
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
    void addressesOutsideTheExpectedRangesFailEvenWhenTheOriginDoesNotResolve() {
        // A proxied record has addresses and no CNAME; an origin that cannot be asked must not turn "wrong addresses"
        // into a warning, which counts as ready.
        dns.a(DOMAIN, "198.51.100.7");
        CheckResult r = check(VerificationRequest.builder(DOMAIN).originHost(ORIGIN)
                .expectedTarget(ExpectedTarget.ranges(List.of("104.16.0.0/13"))));
        assertEquals(CheckStatus.FAIL, r.status(), r.summary());
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

    @Test
    void theEvidenceNamesTheResolversTheOriginTheExpectedTargetAndWhatTheResolverSaid() {
        dns.cname(DOMAIN, "d111.cdn.test").a("d111.cdn.test", "127.0.0.1").a(ORIGIN, "192.0.2.10");
        CheckResult r = check(VerificationRequest.builder(DOMAIN).originHost(ORIGIN)
                .expectedTarget(ExpectedTarget.hostSuffix("cdn.test")));
        assertEquals(CheckResult.DNS_CUTOVER, r.name());
        assertEquals(List.of(dns.address()), r.evidence().get("resolvers"));
        assertEquals("resolved", r.evidence().get("outcome"));
        assertEquals("answered by " + dns.address(), r.evidence().get("detail"));
        assertEquals(ORIGIN, r.evidence().get("origin"));
        assertEquals("a name under cdn.test", r.evidence().get("expectedTarget"));
        assertEquals(List.of("192.0.2.10"), r.evidence().get("originAddresses"));
        assertFalse(r.evidence().containsKey("addressCount"), "a short answer is listed whole");
        assertEquals(DOMAIN + " points at a name under cdn.test: " + DOMAIN + " → d111.cdn.test [127.0.0.1]", r.summary());
    }

    @Test
    void withoutAnExpectedTargetTheEvidenceHasNone() {
        dns.cname(DOMAIN, "d111.cdn.test").a("d111.cdn.test", "127.0.0.1");
        CheckResult r = check();
        assertFalse(r.evidence().containsKey("expectedTarget"));
        assertEquals(DOMAIN + " is cut over: " + DOMAIN + " → d111.cdn.test [127.0.0.1]", r.summary());
    }

    private void cdnWithAddresses(int n) {
        dns.cname(DOMAIN, "d111.cdn.test").a(ORIGIN, "192.0.2.10");
        for (int i = 1; i <= n; i++) {
            dns.a("d111.cdn.test", "198.51.100." + i);
        }
    }

    private static List<String> addresses(int from, int to) {
        List<String> out = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            out.add("198.51.100." + i);
        }
        return out;
    }

    @Test
    void eightAddressesAreAllNamedInTheSummary() {
        cdnWithAddresses(8);
        CheckResult r = check();
        assertEquals(CheckStatus.PASS, r.status(), r.summary());
        assertTrue(r.summary().endsWith(" " + addresses(1, 8)), r.summary());
        assertFalse(r.summary().contains("in all"), r.summary());
    }

    @Test
    void aNinthAddressTurnsTheSummaryIntoTheFirstEightAndTheCount() {
        cdnWithAddresses(9);
        CheckResult r = check();
        assertTrue(r.summary().endsWith(" [" + String.join(", ", addresses(1, 8)) + ", …] (9 addresses in all)"),
                r.summary());
        assertEquals(addresses(1, 9), r.evidence().get("addresses"));
        assertFalse(r.evidence().containsKey("addressCount"));
    }

    @Test
    void theEvidenceListsSixteenAddressesAndCountsThemBeyondThat() {
        cdnWithAddresses(16);
        CheckResult sixteen = check();
        assertEquals(addresses(1, 16), sixteen.evidence().get("addresses"));
        assertFalse(sixteen.evidence().containsKey("addressCount"));

        dns.a("d111.cdn.test", "198.51.100.17");
        CheckResult seventeen = check();
        assertEquals(addresses(1, 16), seventeen.evidence().get("addresses"));
        assertEquals(17, seventeen.evidence().get("addressCount"));
        assertTrue(seventeen.summary().endsWith("(17 addresses in all)"), seventeen.summary());
    }

    @Test
    void aNameWithNoRecordOfAnAddressFailsSayingSo() {
        dns.txt(DOMAIN, "v=spf1 -all");
        CheckResult r = check();
        assertEquals(CheckStatus.FAIL, r.status());
        assertEquals(DOMAIN + " has no CNAME, A or AAAA record", r.summary());
        assertEquals("no-addresses", r.evidence().get("outcome"));
    }

    @Test
    void aResolverThatRefusesTheQuestionFailsTheLookupNamingItsAnswer() {
        dns.hostile(DOMAIN, (query, tcp) -> {
            Message reply = TestDns.replyTo(query);
            reply.getHeader().setRcode(Rcode.REFUSED);
            return reply.toWire();
        });
        CheckResult r = check();
        assertEquals(CheckStatus.FAIL, r.status());
        assertEquals("DNS lookup failed: " + DOMAIN + ": REFUSED from " + dns.address(), r.summary());
        assertEquals("error", r.evidence().get("outcome"));
    }

    @Test
    void theSummariesOfABrokenChainShowTheWholeChain() {
        dns.cname(DOMAIN, "a.loop.test").cname("a.loop.test", DOMAIN);
        assertEquals("CNAME loop: " + DOMAIN + " → a.loop.test → " + DOMAIN, check().summary());

        TestDns dangling = TestDns.start();
        try (dangling) {
            dangling.cname(DOMAIN, "deleted.cdn.test");
            CheckResult r = check(dangling, VerificationRequest.builder(DOMAIN).originHost(ORIGIN));
            assertEquals("the CNAME chain dangles: " + DOMAIN + " → deleted.cdn.test leads nowhere (deleted.cdn.test: "
                    + "NXDOMAIN from " + dangling.address() + ")", r.summary());
        }
    }

    @Test
    void anAddressOnlyNameWarnsWhenTheOriginsAddressesCannotBeCompared() {
        dns.a(DOMAIN, "198.51.100.7");
        CheckResult r = check();
        assertEquals(CheckStatus.WARN, r.status(), r.summary());
        assertEquals(DOMAIN + " has addresses [198.51.100.7] and no CNAME; the origin's addresses could not be compared ("
                + ORIGIN + ": NXDOMAIN from " + dns.address() + ")", r.summary());
        assertFalse(r.evidence().containsKey("originAddresses"));
    }

    @Test
    void aCnameThatLeavesTheOriginPassesEvenWhenTheOriginDoesNotResolve() {
        dns.cname(DOMAIN, "d111.cdn.test").a("d111.cdn.test", "198.51.100.7");
        CheckResult r = check();
        assertEquals(CheckStatus.PASS, r.status(), r.summary());
        assertFalse(r.evidence().containsKey("originAddresses"));
    }

    @Test
    void theOriginsOwnAddressesAreNamedWithWhereBothNamesLead() {
        dns.cname(DOMAIN, "copy.customer.test").a("copy.customer.test", "198.51.100.7")
                .a("copy.customer.test", "192.0.2.10").a(ORIGIN, "192.0.2.10").a(ORIGIN, "192.0.2.11");
        CheckResult r = check();
        assertEquals(CheckStatus.FAIL, r.status());
        assertEquals(DOMAIN + " resolves to the origin's own addresses [192.0.2.10] (" + DOMAIN + " → copy.customer.test"
                + " [198.51.100.7, 192.0.2.10]; " + ORIGIN + " is [192.0.2.10, 192.0.2.11]): it is not served by the CDN",
                r.summary());
        assertEquals(List.of("192.0.2.10", "192.0.2.11"), r.evidence().get("originAddresses"));
    }

    @Test
    void anAddressOnlyNameFailsAnExpectedHostSuffixItCannotShow() {
        dns.a(DOMAIN, "198.51.100.7").a(ORIGIN, "192.0.2.10");
        CheckResult r = check(VerificationRequest.builder(DOMAIN).originHost(ORIGIN)
                .expectedTarget(ExpectedTarget.hostSuffix("cdn.test")));
        assertEquals(CheckStatus.FAIL, r.status());
        assertEquals(DOMAIN + " points at " + DOMAIN + " [198.51.100.7], not at a name under cdn.test", r.summary());
    }

    @Test
    void aCnameOutsideTheExpectedRangesFailsEvenWithoutAnExpectedName() {
        dns.cname(DOMAIN, "d111.othercdn.test").a("d111.othercdn.test", "198.51.100.7").a(ORIGIN, "192.0.2.10");
        CheckResult r = check(VerificationRequest.builder(DOMAIN).originHost(ORIGIN)
                .expectedTarget(ExpectedTarget.ranges(List.of("104.16.0.0/13"))));
        assertEquals(CheckStatus.FAIL, r.status());
        assertEquals(DOMAIN + " points at " + DOMAIN + " → d111.othercdn.test [198.51.100.7], not at addresses in "
                + "[104.16.0.0/13]", r.summary());
    }

    @Test
    void aCnameWhoseAddressesAreInTheExpectedRangesPasses() {
        dns.cname(DOMAIN, "d111.othercdn.test").a("d111.othercdn.test", "104.16.0.9").a(ORIGIN, "192.0.2.10");
        CheckResult r = check(VerificationRequest.builder(DOMAIN).originHost(ORIGIN)
                .expectedTarget(ExpectedTarget.ranges(List.of("104.16.0.0/13"))));
        assertEquals(CheckStatus.PASS, r.status(), r.summary());
        assertEquals(DOMAIN + " points at addresses in [104.16.0.0/13]: " + DOMAIN + " → d111.othercdn.test [104.16.0.9]",
                r.summary());
    }

    @Test
    void addressesInTheExpectedRangesPassWithTheirSummary() {
        dns.a(DOMAIN, "104.16.1.2").a(ORIGIN, "192.0.2.10");
        CheckResult r = check(VerificationRequest.builder(DOMAIN).originHost(ORIGIN)
                .expectedTarget(ExpectedTarget.ranges(List.of("104.16.0.0/13"))));
        assertEquals(DOMAIN + " points at addresses in [104.16.0.0/13]: " + DOMAIN + " [104.16.1.2]", r.summary());
        CheckResult outside = check(VerificationRequest.builder(DOMAIN).originHost(ORIGIN)
                .expectedTarget(ExpectedTarget.ranges(List.of("104.24.0.0/13"))));
        assertEquals(DOMAIN + " resolves to [104.16.1.2], not to addresses in [104.24.0.0/13]", outside.summary());
    }

    @Test
    void anAddressOnlyNamePassesNamingItsAddresses() {
        dns.a(DOMAIN, "198.51.100.7").aaaa(DOMAIN, "2001:db8::7").a(ORIGIN, "192.0.2.10");
        CheckResult r = check();
        assertEquals(DOMAIN + " is cut over: A/AAAA [198.51.100.7, 2001:db8:0:0:0:0:0:7], none of them the origin's",
                r.summary());
    }

    @Test
    void preCutoverSaysWhereTheNamePointsWhenItIsNotTheOrigin() {
        dns.cname(DOMAIN, "d111.cdn.test").a("d111.cdn.test", "198.51.100.7");
        CheckResult r = check(VerificationRequest.builder(DOMAIN).originHost(ORIGIN).preCutover("d111.cdn.test"));
        assertEquals(CheckStatus.SKIPPED, r.status());
        assertEquals("pre-cutover: not judged; " + DOMAIN + " now points elsewhere: " + DOMAIN + " → d111.cdn.test"
                + " [198.51.100.7]", r.summary());
    }

    @Test
    void preCutoverSaysWhenTheNameDoesNotResolve() {
        CheckResult r = check(VerificationRequest.builder(DOMAIN).originHost(ORIGIN).preCutover("d111.cdn.test"));
        assertEquals(CheckStatus.SKIPPED, r.status());
        assertEquals("pre-cutover: not judged; " + DOMAIN + " now does not resolve (nxdomain: " + DOMAIN
                + ": NXDOMAIN from " + dns.address() + ")", r.summary());
        assertEquals("nxdomain", r.evidence().get("outcome"));
    }

    @Test
    void preCutoverOnTheOriginShowsTheChainToIt() {
        dns.cname(DOMAIN, ORIGIN).a(ORIGIN, "192.0.2.10");
        CheckResult r = check(VerificationRequest.builder(DOMAIN).originHost(ORIGIN).preCutover("d111.cdn.test"));
        assertEquals("pre-cutover: not judged; " + DOMAIN + " now points at the origin: " + DOMAIN + " → " + ORIGIN
                + " [192.0.2.10]", r.summary());
    }

    /** Counts the A questions for the origin, answering each with its one address (or NXDOMAIN). */
    private AtomicInteger countedOrigin(boolean exists) {
        AtomicInteger asked = new AtomicInteger();
        dns.hostile(ORIGIN, (query, tcp) -> {
            Message reply = TestDns.replyTo(query);
            if (query.getQuestion().getType() == Type.A) {
                asked.incrementAndGet();
                if (exists) {
                    reply.addRecord(new ARecord(TestDns.name(ORIGIN), DClass.IN, 60, TestDns.inet("192.0.2.10")),
                            Section.ANSWER);
                }
            }
            if (!exists) {
                reply.getHeader().setRcode(Rcode.NXDOMAIN);
            }
            return reply.toWire();
        });
        return asked;
    }

    @Test
    void oneCheckAsksForTheOriginsAddressesOnceForManyDomains() {
        AtomicInteger asked = countedOrigin(true);
        dns.a(DOMAIN, "198.51.100.7").a("other.customer.test", "192.0.2.10");
        DnsCutoverCheck check = new DnsCutoverCheck(resolver(dns));
        CheckResult first = check.run(VerificationRequest.builder(DOMAIN).originHost(ORIGIN).build(),
                new Deadline(Duration.ofSeconds(10))).result();
        CheckResult second = check.run(VerificationRequest.builder("other.customer.test").originHost(ORIGIN).build(),
                new Deadline(Duration.ofSeconds(10))).result();
        assertEquals(CheckStatus.PASS, first.status(), first.summary());
        assertEquals(CheckStatus.FAIL, second.status(), "the cached addresses still count: " + second.summary());
        assertTrue(second.summary().contains("resolves to the origin's own addresses [192.0.2.10]"), second.summary());
        assertEquals(1, asked.get(), "the origin's A record was asked again");
    }

    @Test
    void anOriginThatDidNotResolveIsAskedAgainForTheNextDomain() {
        AtomicInteger asked = countedOrigin(false);
        dns.a(DOMAIN, "198.51.100.7");
        DnsCutoverCheck check = new DnsCutoverCheck(resolver(dns));
        for (int i = 0; i < 2; i++) {
            CheckResult r = check.run(VerificationRequest.builder(DOMAIN).originHost(ORIGIN).build(),
                    new Deadline(Duration.ofSeconds(10))).result();
            assertEquals(CheckStatus.WARN, r.status(), r.summary());
        }
        assertEquals(2, asked.get());
    }
}
