package dev.linkproxy.verifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.linkproxy.verifier.support.StandInOrigin;
import dev.linkproxy.verifier.support.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Verifier#verifyAll} over a few hundred loopback domains: good ones, broken ones (NXDOMAIN, still on the origin,
 * a certificate for other names) and hung ones (a server that accepts TCP and never answers).
 */
class BulkVerifyTest extends VerifierTestBase {

    private static final String ORIGIN = Scenario.ORIGIN;
    private static final String LINK = Scenario.LINK;
    private static final String EDGE = "edge.cdn.test";

    /** What a domain is set up to be, and so what its report must say. */
    private enum Kind { GOOD, NXDOMAIN, STALE, WRONG_CERT, HUNG }

    private record Domain(String name, Kind kind) {
    }

    /** The stand-in origin of {@link #bulkSetUp}. */
    private TestServer origin;

    @AfterEach
    void nothingOfARunIsLeftBehind() throws InterruptedException {
        // A pool's worker counts itself gone a moment before its thread ends: give the last ones that moment.
        List<String> lingering = runThreads();
        for (int i = 0; i < 50 && !lingering.isEmpty(); i++) {
            Thread.sleep(100);
            lingering = runThreads();
        }
        assertEquals(List.of(), lingering, "threads of a bulk run outlived it");
        assertEquals(0, Verifier.watchedConnections(), "connections still watched after every run ended");
    }

    @Test
    void aBulkRunOfGoodBrokenAndHungDomainsReportsEachExactlyOnceAndHungOnesEndAtTheirLimit() {
        List<Domain> domains = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            // Interleaved so that hung domains hold slots while the others keep flowing.
            Kind kind = switch (i % 15) {
                case 0, 1 -> Kind.NXDOMAIN;
                case 2 -> Kind.STALE;
                case 3, 4 -> Kind.WRONG_CERT;
                case 5 -> Kind.HUNG;
                default -> Kind.GOOD;
            };
            domains.add(new Domain("d" + i + "." + kind.name().toLowerCase().replace('_', '-') + ".bulk.test", kind));
        }
        scenario.total = Duration.ofSeconds(4);
        Verifier verifier = bulkSetUp(domains).concurrency(16).build();

        Map<String, Long> pulledAt = new ConcurrentHashMap<>();
        Map<String, Integer> seen = new HashMap<>();
        Map<Kind, Integer> readyByKind = new HashMap<>();
        List<String> problems = new ArrayList<>();
        Map<String, Kind> kinds = new HashMap<>();
        domains.forEach(d -> kinds.put(d.name(), d.kind()));
        AtomicInteger inConsumer = new AtomicInteger();
        Iterable<VerificationRequest> requests = () -> domains.stream().map(d -> {
            pulledAt.put(d.name(), System.nanoTime());
            return request(d.name());
        }).iterator();

        long start = System.nanoTime();
        BulkSummary summary = verifier.verifyAll(requests, report -> {
            assertEquals(1, inConsumer.incrementAndGet(), "consumer calls overlapped");
            long took = System.nanoTime() - pulledAt.get(report.domain());
            seen.merge(report.domain(), 1, Integer::sum);
            Kind kind = kinds.get(report.domain());
            if (report.ready()) {
                readyByKind.merge(kind, 1, Integer::sum);
            }
            String why = expectation(kind, report, Duration.ofNanos(took), scenario.total);
            if (why != null) {
                problems.add(report.domain() + ": " + why + "\n" + report.toJson().toPrettyString());
            }
            inConsumer.decrementAndGet();
        });
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

        assertEquals(List.of(), problems.stream().limit(3).toList());
        assertEquals(domains.size(), seen.size(), "every domain reported");
        assertTrue(seen.values().stream().allMatch(n -> n == 1), "each exactly once: " + seen);
        long good = domains.stream().filter(d -> d.kind() == Kind.GOOD).count();
        assertEquals(Map.of(Kind.GOOD, (int) good), readyByKind);
        assertEquals(domains.size(), summary.verified());
        assertEquals(good, summary.ready());
        long hung = domains.stream().filter(d -> d.kind() == Kind.HUNG).count();
        assertEquals(count(domains, Kind.NXDOMAIN) + count(domains, Kind.STALE), summary.failed().get(CheckResult.DNS_CUTOVER));
        // Stale names reach the edge too, whose certificate does not cover them.
        assertEquals(count(domains, Kind.WRONG_CERT) + count(domains, Kind.HUNG) + count(domains, Kind.STALE),
                summary.failed().get(CheckResult.TLS), summary.toJson().toString());
        // Hung ones hold a slot each for the total limit; run one after another they alone would take this long.
        Duration serialised = scenario.total.multipliedBy(hung);
        assertTrue(elapsed.compareTo(serialised) < 0, "took " + elapsed + ", as long as " + hung + " hung domains in a row");
        assertEquals(0, verifier.handshakesInProgress());
    }

    @Test
    void theOriginIsAskedOnKeptAliveConnectionsAtMostOnePerSlotAndNoneOutlivesTheRun() {
        List<Domain> domains = goodDomains(60);
        int concurrency = 4;
        Verifier verifier = bulkSetUp(domains).concurrency(concurrency).build();
        origin.keepAlive(TestServer.KeepAlive.ALWAYS);
        List<VerificationReport> reports = new ArrayList<>();

        BulkSummary summary = verifier.verifyAll(domains.stream().map(d -> request(d.name())).toList(), reports::add);

        assertEquals(60, summary.ready(), summary.toJson().toString());
        assertEquals(60, origin.requests().size(), "the origin is asked once per domain");
        assertEquals(domains.stream().map(Domain::name).collect(java.util.stream.Collectors.toSet()),
                origin.requests().stream().map(r -> r.header("host")).collect(java.util.stream.Collectors.toSet()),
                "each question names its own link domain");
        assertTrue(origin.requests().stream().noneMatch(r -> "close".equals(r.header("connection"))));
        assertTrue(origin.connections() <= concurrency, origin.connections() + " connections to the origin");
        long kept = reports.stream().filter(r -> originEvidence(r).containsKey("keptAlive")).count();
        assertEquals(60 - origin.connections(), kept, "every question but the first on each connection rode a kept one");
        assertAllClosed(origin);
    }

    @Test
    void anOriginThatClosesIdleConnectionsIsAskedAgainOnANewOne() {
        List<Domain> domains = goodDomains(30);
        Verifier verifier = bulkSetUp(domains).concurrency(3).build();
        // Each connection is closed by the origin right after its answer, which said nothing about closing: the kept
        // connection is found closed by the next domain, which asks again on a new one.
        origin.keepAlive(TestServer.KeepAlive.DROPS_IDLE);

        BulkSummary summary = verifier.verifyAll(domains.stream().map(d -> request(d.name())).toList(), r -> { });

        assertEquals(30, summary.ready(), summary.toJson().toString());
        assertEquals(30, origin.requests().size());
        assertEquals(30, origin.connections(), "a new connection for every question");
        assertAllClosed(origin);
    }

    @Test
    void aSingleVerificationKeepsNoConnectionToTheOrigin() {
        List<Domain> domains = goodDomains(1);
        Verifier verifier = bulkSetUp(domains).build();
        origin.keepAlive(TestServer.KeepAlive.ALWAYS);

        assertTrue(verifier.verify(request(domains.get(0).name())).ready());

        assertEquals("close", origin.requests().get(0).header("connection"));
        assertAllClosed(origin);
    }

    private static List<Domain> goodDomains(int n) {
        return IntStream.range(0, n).mapToObj(i -> new Domain("k" + i + ".good.bulk.test", Kind.GOOD)).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> originEvidence(VerificationReport r) {
        CheckResult https = r.checks().stream().filter(c -> c.name().equals(CheckResult.HTTPS_LINK)).findFirst()
                .orElseThrow();
        return (Map<String, Object>) https.evidence().get("origin");
    }

    /** The server sees every connection closed by the verifier soon after the run (the server never closes them). */
    private static void assertAllClosed(TestServer server) {
        for (int i = 0; i < 50 && server.openConnections() > 0; i++) {
            sleep(100);
        }
        assertEquals(0, server.openConnections(), "connections to the origin left open");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Test
    void requestsArePulledLazilyNeverMoreThanConcurrencyAheadOfTheReports() {
        int concurrency = 4;
        Verifier verifier = scenario.verifierBuilder().concurrency(concurrency).build();
        AtomicInteger pulled = new AtomicInteger();
        AtomicInteger reported = new AtomicInteger();
        AtomicInteger mostAhead = new AtomicInteger();
        Iterable<VerificationRequest> requests = () -> new Iterator<>() {
            @Override
            public boolean hasNext() {
                return pulled.get() < 120;
            }

            @Override
            public VerificationRequest next() {
                int n = pulled.incrementAndGet();
                mostAhead.accumulateAndGet(n - reported.get(), Math::max);
                // NXDOMAIN: a DNS answer and no connection, so the run is quick.
                return request("n" + n + ".missing.bulk.test");
            }
        };
        BulkSummary summary = verifier.verifyAll(requests, r -> reported.incrementAndGet());
        assertEquals(120, summary.verified());
        assertEquals(120, reported.get());
        assertEquals(120L, summary.failed().get(CheckResult.DNS_CUTOVER));
        assertTrue(mostAhead.get() <= concurrency, "pulled " + mostAhead.get() + " ahead of the reports");
    }

    @Test
    void aConsumerThatThrowsStopsTheRunAndCancelsTheHungDomainsAtOnce() {
        List<Domain> domains = new ArrayList<>();
        domains.add(new Domain("h1.hung.bulk.test", Kind.HUNG));
        domains.add(new Domain("h2.hung.bulk.test", Kind.HUNG));
        IntStream.range(0, 50).forEach(i -> domains.add(new Domain("n" + i + ".missing.bulk.test", Kind.NXDOMAIN)));
        scenario.total = Duration.ofSeconds(20);
        Verifier verifier = stepsAsLongAsTheTotal(bulkSetUp(domains)).concurrency(4).build();
        AtomicInteger pulled = new AtomicInteger();
        AtomicInteger reported = new AtomicInteger();
        IllegalStateException boom = new IllegalStateException("the consumer gives up");
        Iterable<VerificationRequest> requests = () -> domains.stream().map(d -> {
            pulled.incrementAndGet();
            return request(d.name());
        }).iterator();

        long start = System.nanoTime();
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> verifier.verifyAll(requests, r -> {
            if (reported.incrementAndGet() == 3) {
                throw boom;
            }
        }));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertSame(boom, thrown);
        assertEquals(3, reported.get(), "nothing is delivered after the consumer threw");
        assertTrue(pulled.get() <= 3 + 4, "pulled " + pulled.get() + " although the run stopped at the third report");
        // Without cancelling, the two hung domains would hold the call for their 20 s limit.
        assertTrue(took.compareTo(scenario.total.dividedBy(2)) < 0, "took " + took);
    }

    @Test
    void interruptingTheCallerCancelsTheRunAndKeepsTheInterrupt() throws Exception {
        List<Domain> domains = List.of(new Domain("h1.hung.bulk.test", Kind.HUNG), new Domain("h2.hung.bulk.test", Kind.HUNG));
        scenario.total = Duration.ofSeconds(20);
        Verifier verifier = stepsAsLongAsTheTotal(bulkSetUp(domains)).concurrency(2).build();
        AtomicInteger pulled = new AtomicInteger();
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        AtomicReference<Boolean> flagKept = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                verifier.verifyAll(() -> domains.stream().map(d -> {
                    pulled.incrementAndGet();
                    return request(d.name());
                }).iterator(), r -> { });
            } catch (Throwable t) {
                outcome.set(t);
            }
            flagKept.set(Thread.currentThread().isInterrupted());
        }, "bulk-caller");
        caller.start();
        while (pulled.get() < 2) {
            Thread.sleep(10);
        }
        Thread.sleep(300);
        long start = System.nanoTime();
        caller.interrupt();
        caller.join(scenario.total.toMillis());
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertFalse(caller.isAlive(), "the call did not return after the interrupt");
        assertTrue(outcome.get() instanceof CancellationException, "threw " + outcome.get());
        assertEquals(Boolean.TRUE, flagKept.get(), "the interrupt flag was cleared");
        assertTrue(took.compareTo(scenario.total.dividedBy(2)) < 0, "took " + took);
    }

    @Test
    void anEmptyRunReturnsZeroCounts() {
        BulkSummary summary = scenario.verifierBuilder().build().verifyAll(List.of(), r -> {
            throw new AssertionError("no report expected");
        });
        assertEquals(0, summary.verified());
        assertEquals(List.of(CheckResult.DNS_CUTOVER, CheckResult.TLS, CheckResult.HTTPS_LINK, CheckResult.HTTP_LINK),
                List.copyOf(summary.failed().keySet()));
        assertTrue(summary.failed().values().stream().allMatch(n -> n == 0));
    }

    /** Why {@code report} is not what a domain of {@code kind} must give, or null when it is. */
    private static String expectation(Kind kind, VerificationReport report, Duration took, Duration limit) {
        CheckResult dns = check(report, CheckResult.DNS_CUTOVER);
        CheckResult tls = check(report, CheckResult.TLS);
        return switch (kind) {
            case GOOD -> report.ready() ? null : "a good domain is not ready";
            case NXDOMAIN -> dns.status() == CheckStatus.FAIL && dns.summary().contains("NXDOMAIN")
                    && tls.status() == CheckStatus.SKIPPED && !report.ready() ? null : "not an NXDOMAIN failure";
            case STALE -> dns.status() == CheckStatus.FAIL && dns.summary().contains("still points at the origin")
                    && !report.ready() ? null : "not a still-on-the-origin failure";
            case WRONG_CERT -> dns.status() == CheckStatus.PASS && tls.status() == CheckStatus.FAIL
                    && tls.summary().contains("does not cover") && !report.ready() ? null : "not a certificate failure";
            case HUNG -> {
                boolean named = report.checks().stream().anyMatch(c -> c.status() == CheckStatus.FAIL
                        && c.summary().contains("the total time limit of " + TimeLimits.text(limit) + " for this domain"));
                // Never before its limit (it waited for a server that never answers), never long after it.
                boolean atLimit = took.compareTo(limit.minusMillis(500)) >= 0 && took.compareTo(limit.multipliedBy(2)) < 0;
                yield named && atLimit && !report.ready() ? null
                        : "a hung domain must fail naming its total limit and end at it; took " + took;
            }
        };
    }

    /**
     * DNS, origin and edges for {@code domains}: good and wrong-certificate ones CNAME to the edge (its certificate covers
     * {@code *.good.bulk.test} only), stale ones to the origin, NXDOMAIN ones nowhere, hung ones to a server that
     * accepts and never answers. Only IPv4, one handshake per address.
     */
    private Verifier.Builder bulkSetUp(List<Domain> domains) {
        Set<String> good = new LinkedHashSet<>();
        scenario.dns.a(EDGE, "127.0.0.1").a(ORIGIN, "192.0.2.10"); // the origin is pinned to loopback by origin()
        TestServer silent = scenario.start(TestServer.silent(false));
        for (Domain d : domains) {
            switch (d.kind()) {
                case GOOD -> {
                    good.add(d.name());
                    scenario.dns.cname(d.name(), EDGE);
                }
                case WRONG_CERT -> scenario.dns.cname(d.name(), EDGE);
                case STALE -> scenario.dns.cname(d.name(), ORIGIN);
                case HUNG -> {
                    scenario.dns.cname(d.name(), EDGE);
                    scenario.route(d.name(), 443, ":" + silent.port());
                    scenario.route(d.name(), 80, ":" + silent.port());
                }
                case NXDOMAIN -> { }
            }
        }
        StandInOrigin logic = new StandInOrigin(ORIGIN, good, false);
        Function<TestServer.Request, TestServer.Response> proxy = logic.behind(r -> r);
        origin = scenario.start(TestServer.https(ca.leaf(ORIGIN).serverContext(), false, logic));
        TestServer https = scenario.start(TestServer.https(ca.leaf("*.good.bulk.test").serverContext(), false, proxy));
        TestServer http = scenario.start(TestServer.http(false, proxy));
        scenario.route(ORIGIN, 443, "127.0.0.1:" + origin.port());
        scenario.route("", 443, ":" + https.port());
        scenario.route("", 80, ":" + http.port());
        return scenario.verifierBuilder();
    }

    /** So that only the total limit, or cancelling, ends a hung domain. */
    private Verifier.Builder stepsAsLongAsTheTotal(Verifier.Builder b) {
        return b.handshakeTimeout(scenario.total).readTimeout(scenario.total);
    }

    private static VerificationRequest request(String domain) {
        return VerificationRequest.builder(domain).originHost(ORIGIN).trackedLink(LINK).build();
    }

    private static long count(List<Domain> domains, Kind kind) {
        return domains.stream().filter(d -> d.kind() == kind).count();
    }

    private static List<String> runThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith("linkproxy-verify-")).toList();
    }
}
