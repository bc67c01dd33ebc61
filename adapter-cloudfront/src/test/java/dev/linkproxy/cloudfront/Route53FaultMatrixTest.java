package dev.linkproxy.cloudfront;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.linkproxy.core.DnsException;
import dev.linkproxy.core.spi.DnsChange;
import dev.linkproxy.core.spi.DnsClient;
import dev.linkproxy.core.spi.NameRecords;
import dev.linkproxy.core.spi.RecordSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The {@code route53} provider's fault matrix: for each flow (CNAME to CNAME, addresses to CNAME, the rollback back),
 * for every request {@code k} a clean run makes (the zone, the read, the change, the GetChange polls), each fault at
 * request {@code k} alone. A cell passes when the replace and the wait succeed with the name holding the new records,
 * or fail with a {@link DnsException} while the name holds exactly the old or exactly the new records, never a mix;
 * and in every cell a clean re-run converges with at most one change batch applied in all.
 */
class Route53FaultMatrixTest {

    private static final String NAME = "ablink.news.example.com";
    private static final NameRecords ORIGIN = NameRecords.of(RecordSet.cname(NAME, "sendgrid.net", Duration.ofHours(1)));
    private static final NameRecords CDN = NameRecords.of(RecordSet.cname(NAME, "d111abcdef8.cloudfront.net",
            Duration.ofMinutes(5)));
    private static final NameRecords ADDRESSES = new NameRecords(NAME, List.of(
            new RecordSet(NAME, "A", Duration.ofMinutes(1), List.of("192.0.2.10", "192.0.2.11")),
            new RecordSet(NAME, "AAAA", Duration.ofMinutes(1), List.of("2001:db8::10"))));

    private record Flow(String label, NameRecords before, NameRecords after) {
    }

    private static final List<Flow> FLOWS = List.of(new Flow("cname-to-cname", ORIGIN, CDN),
            new Flow("addresses-to-cname", ADDRESSES, CDN), new Flow("rollback", CDN, ORIGIN));

    /** One cell: replace then wait; returns how it ended. */
    private static String cell(Flow flow, int k, FakeRoute53.Injected fault) {
        WireMockRoute53 route53 = new WireMockRoute53();
        try {
            route53.fake.put(WireMockRoute53.ZONE_ID, flow.before());
            route53.fake.pendingPolls(1);
            route53.fake.failRequest(k, fault);
            String outcome;
            try (DnsClient c = route53.provider().connect(route53.settings())) {
                try {
                    DnsChange change = c.replace(flow.before(), flow.after());
                    c.awaitLive(change, Duration.ofMinutes(1), e -> { });
                    outcome = "converged";
                    assertEquals(flow.after(), c.read(NAME), flow + " k=" + k + " " + fault);
                } catch (DnsException e) {
                    NameRecords now = c.read(NAME);
                    assertTrue(now.equals(flow.before()) || now.equals(flow.after()),
                            flow + " k=" + k + " " + fault + ": the name holds a mix: " + now);
                    assertFalse(e.getMessage().contains(WireMockRoute53.SECRET));
                    outcome = "failed-named:" + e.kind();
                    DnsChange again = c.replace(now, flow.after());
                    c.awaitLive(again, Duration.ofMinutes(1), ev -> { });
                    assertEquals(flow.after(), c.read(NAME), "the re-run converges");
                }
            }
            assertTrue(route53.fake.applied() <= 1, flow + " k=" + k + " " + fault + ": " + route53.fake.applied()
                    + " batches applied");
            return outcome;
        } finally {
            route53.checkAndStop();
        }
    }

    /** Requests a clean run of {@code flow} makes. */
    private static int cleanRequests(Flow flow) {
        WireMockRoute53 route53 = new WireMockRoute53();
        try {
            route53.fake.put(WireMockRoute53.ZONE_ID, flow.before());
            route53.fake.pendingPolls(1);
            route53.fake.failRequest(-1, FakeRoute53.Injected.RESET);
            try (DnsClient c = route53.provider().connect(route53.settings())) {
                c.awaitLive(c.replace(flow.before(), flow.after()), Duration.ofMinutes(1), e -> { });
            }
            return route53.fake.requests();
        } finally {
            route53.checkAndStop();
        }
    }

    @Test
    void everyFaultAtEveryRequestEndsConvergedOrNamedWithTheNameWholeAndARerunConverges() {
        TreeMap<String, Integer> tally = new TreeMap<>();
        List<String> cells = new ArrayList<>();
        for (Flow flow : FLOWS) {
            int requests = cleanRequests(flow);
            assertEquals(7, requests, flow.label() + ": three zone look-ups, the read, the batch, two polls");
            for (int k = 1; k <= requests; k++) {
                for (FakeRoute53.Injected fault : FakeRoute53.Injected.values()) {
                    String outcome = cell(flow, k, fault);
                    tally.merge(outcome, 1, Integer::sum);
                    cells.add(flow.label() + " " + k + " " + fault + " " + outcome);
                }
            }
        }
        System.out.println("route53 DNS fault matrix: " + cells.size() + " cells " + tally);
        assertEquals(FLOWS.size() * 7 * FakeRoute53.Injected.values().length, cells.size());
        assertTrue(tally.getOrDefault("converged", 0) > 0 && tally.keySet().stream().anyMatch(o -> o.startsWith("failed")),
                tally.toString());
    }
}
