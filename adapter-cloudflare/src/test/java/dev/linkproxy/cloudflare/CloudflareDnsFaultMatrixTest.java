package dev.linkproxy.cloudflare;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.linkproxy.core.DnsException;
import dev.linkproxy.core.RetryPolicy;
import dev.linkproxy.core.spi.DnsChange;
import dev.linkproxy.core.spi.DnsClient;
import dev.linkproxy.core.spi.NameRecords;
import dev.linkproxy.core.spi.ProviderSettings;
import dev.linkproxy.core.spi.RecordSet;
import dev.linkproxy.core.spi.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The {@code cloudflare} DNS provider's fault matrix: for each flow (CNAME overwritten in place, addresses to a CNAME,
 * DNS-only to proxied, proxied back to DNS-only), for every request {@code k} of a clean run (the zone look-ups, the
 * read, the re-read by id, the writes, the wait's read), each fault at request {@code k} alone. A cell passes when the
 * change ends with the name holding the new records, or with a {@link DnsException} while the name holds exactly the
 * old or exactly the new records (a failure part-way is undone), and a clean re-run then converges; every request
 * stays within Cloudflare's API description and the token appears in no message.
 */
class CloudflareDnsFaultMatrixTest {

    private static final String NAME = "ablink.news.example.com";
    private static final NameRecords ORIGIN = NameRecords.of(RecordSet.cname(NAME, "sendgrid.net", Duration.ofHours(1)));
    private static final NameRecords CDN = NameRecords.of(RecordSet.cname(NAME, "d111abcdef8.cloudfront.net",
            Duration.ofMinutes(5)));
    private static final NameRecords ADDRESSES = new NameRecords(NAME, List.of(
            new RecordSet(NAME, "A", Duration.ofMinutes(1), List.of("192.0.2.10")),
            new RecordSet(NAME, "AAAA", Duration.ofMinutes(1), List.of("2001:db8::10"))));
    private static final NameRecords PROXIED = CloudflareDnsClient.asStored(ORIGIN.withProxied(true));
    private static final List<FaultInjector.Kind> FAULTS = List.of(FaultInjector.Kind.RATE_LIMITED,
            FaultInjector.Kind.SERVER_500, FaultInjector.Kind.SERVER_503, FaultInjector.Kind.RESET,
            FaultInjector.Kind.LOST_ANSWER, FaultInjector.Kind.INVALID_TOKEN, FaultInjector.Kind.MISSING_PERMISSION);

    private record Flow(String label, NameRecords before, NameRecords after) {
    }

    private static final List<Flow> FLOWS = List.of(new Flow("cname-in-place", ORIGIN, CDN),
            new Flow("addresses-to-cname", ADDRESSES, CDN), new Flow("proxy", ORIGIN, PROXIED),
            new Flow("unproxy", PROXIED, ORIGIN));

    private static final FaultInjector INJECTOR = new FaultInjector(4000);
    private static WireMockServer server;

    @BeforeAll
    static void startServer() {
        server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1").extensions(INJECTOR));
        server.start();
        server.stubFor(any(urlPathMatching(FakeCloudflare.PREFIX + "/.*"))
                .willReturn(aResponse().withTransformers(FaultInjector.NAME)));
    }

    @AfterAll
    static void stopServer() {
        server.stop();
    }

    private static FakeCloudflare account(Flow flow) {
        FakeCloudflare fake = new FakeCloudflare();
        fake.zone("example.com");
        for (RecordSet s : flow.before().sets()) {
            for (String v : s.values()) {
                fake.record(s.type(), NAME, v, flow.before().proxied(),
                        flow.before().proxied() ? 1 : s.ttl().toSeconds(), null);
            }
        }
        INJECTOR.serve(fake);
        server.resetRequests();
        return fake;
    }

    private static ProviderSettings settings() {
        return ProviderSettings.builder().endpoint(URI.create(server.baseUrl() + FakeCloudflare.PREFIX))
                .secret(CloudflareProvider.API_TOKEN, Secret.of(Fixture.TOKEN))
                .retryPolicy(RetryPolicy.builder().maxAttempts(3).sleeper(d -> { }).random(() -> 0.5).build())
                .callTimeout(Duration.ofSeconds(10)).environment(n -> null).build();
    }

    private static void change(DnsClient c, NameRecords before, NameRecords after) {
        DnsChange change = c.replace(before, after);
        c.awaitLive(change, Duration.ofSeconds(10), e -> { });
    }

    private static int cleanRequests(Flow flow) {
        account(flow);
        INJECTOR.disarm();
        try (DnsClient c = new CloudflareDnsProvider().connect(settings())) {
            change(c, flow.before(), flow.after());
        }
        return server.getAllServeEvents().size();
    }

    private static String cell(Flow flow, int k, FaultInjector.Kind fault) {
        String cell = flow.label() + " × " + k + " × " + fault;
        account(flow);
        String outcome;
        try (DnsClient c = new CloudflareDnsProvider().connect(settings())) {
            INJECTOR.arm(k, fault);
            try {
                change(c, flow.before(), flow.after());
                outcome = "converged";
            } catch (DnsException e) {
                assertFalse(e.getMessage().contains(Fixture.TOKEN), cell + ": the token in " + e.getMessage());
                outcome = "failed-named:" + e.kind();
            } finally {
                assertNotNull(INJECTOR.fired(), cell + ": the fault never fired");
                INJECTOR.disarm();
            }
            NameRecords now = c.read(NAME);
            assertTrue(now.equals(flow.before()) || now.equals(flow.after()), cell + ": the name holds a mix: " + now);
            if (!outcome.equals("converged")) {
                change(c, now, flow.after());
            }
            assertEquals(flow.after(), c.read(NAME), cell + ": not converged");
        }
        ApiContract contract = ApiContract.load();
        List<String> problems = new ArrayList<>();
        for (Journal.Call call : Journal.of(server).calls()) {
            problems.addAll(contract.problems(call.method(), call.path(), call.body()));
        }
        assertEquals(List.of(), problems, cell);
        return outcome;
    }

    @Test
    void everyFaultAtEveryRequestEndsConvergedOrNamedWithTheNameWholeAndARerunConverges() {
        TreeMap<String, Integer> tally = new TreeMap<>();
        int cells = 0;
        for (Flow flow : FLOWS) {
            int requests = cleanRequests(flow);
            assertTrue(requests >= 7, flow.label() + ": " + requests + " requests");
            for (int k = 1; k <= requests; k++) {
                for (FaultInjector.Kind fault : FAULTS) {
                    tally.merge(cell(flow, k, fault), 1, Integer::sum);
                    cells++;
                }
            }
        }
        System.out.println("cloudflare DNS fault matrix: " + cells + " cells " + tally);
        assertTrue(tally.getOrDefault("converged", 0) > 0 && tally.keySet().stream().anyMatch(o -> o.startsWith("failed")),
                tally.toString());
    }
}
