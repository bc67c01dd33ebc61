package dev.linkproxy.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.linkproxy.core.LinkProxySpec;
import dev.linkproxy.core.memory.MemoryCdn;
import dev.linkproxy.core.memory.MemoryCdnProvider;
import dev.linkproxy.core.spi.CdnClient;
import dev.linkproxy.core.spi.DnsClient;
import dev.linkproxy.core.spi.NameRecords;
import dev.linkproxy.core.spi.Progress;
import dev.linkproxy.core.spi.ProviderSettings;
import dev.linkproxy.core.spi.RecordSet;
import dev.linkproxy.core.spi.Secret;
import dev.linkproxy.dns.Rfc2136Provider;
import dev.linkproxy.dns.testing.KnotWithTsig;
import dev.linkproxy.verifier.ExpectedTarget;
import dev.linkproxy.verifier.support.RealServers;
import dev.linkproxy.verifier.support.LinkEdges;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cutover} and {@code onboard} as a user runs them: the CLI's command against a real Knot zone updated with RFC 2136 (credentials
 * from the environment) and real nginx edges and origin, the CDN being the memory CDN whose deployments' names the
 * zone answers with the edge's address. Happy path from the CDN's own word, a gate that stops an edge serving the
 * wrong certificate, and a rollback by hand from the journal (the automatic rollback: CutoverIT).
 */
class CutoverAndOnboardE2E {

    private static final String ZONE = "cli.test";
    private static final String ORIGIN = "origin." + ZONE;
    private static final String KEY = "linkproxy-cli";
    private static final String SECRET = KnotWithTsig.secret();
    private static final String LINK = "/wf/click?upn=abc123";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    private static RealServers servers;
    private static int dnsPort;
    private static LinkEdges edges;

    private final MemoryCdn cdn = new MemoryCdn().cutoverDomain("edge." + ZONE);

    @BeforeAll
    static void start() {
        servers = new RealServers(dir);
        dnsPort = KnotWithTsig.start(servers, ZONE, "@ NS ns1\nns1 A 127.0.0.1\norigin A 192.0.2.10\n"
                + "*.edge A 127.0.0.1\ngood CNAME origin\nwrong CNAME origin\nundo CNAME origin\none CNAME origin\n"
                + "two CNAME origin\nslow 3600 CNAME origin\nfresh CNAME origin\nablink.caa CNAME origin\n"
                + "caa CAA 0 issue \"letsencrypt.org\"\n", KEY, SECRET);
        edges = LinkEdges.start(servers, ZONE, ORIGIN);
    }

    @AfterAll
    static void stop() {
        servers.close();
    }

    /** The memory CDN serves {@code label}: applied and deployed, so its word is "ready". */
    private String deployed(String label) {
        LinkProxySpec spec = LinkProxySpec.builder().linkDomains(label + "." + ZONE).origin(ORIGIN)
                .certificate("managed").build();
        try (CdnClient c = new MemoryCdnProvider(cdn).connect(ProviderSettings.defaults())) {
            return c.await(c.apply(spec, Progress.NONE), Duration.ofSeconds(5), Progress.NONE).cutoverTarget()
                    .hostName();
        }
    }

    private CliRun cutover(int edge, String... extra) {
        return cutover(edge, dir.resolve("journal.jsonl"), extra);
    }

    private CliRun cutover(int edge, Path journal, String... extra) {
        List<String> args = new ArrayList<>(List.of("cutover", "--dns", "rfc2136", "--origin", ORIGIN,
                "--link", LINK, "--ca-file", edges.caFile().toString(), "--resolver", "127.0.0.1:" + dnsPort,
                "--authoritative", "127.0.0.1:" + dnsPort, "--allow-addresses", "127.0.0.0/8,::1/128",
                "--connect-to", ORIGIN + ":443:127.0.0.1:" + edges.originPort(), "--connect-to", ":443::" + edge,
                "--connect-to", ":80::" + edges.plainEdge(), "--journal", journal.toString(),
                "--yes", "--json"));
        args.addAll(List.of(extra));
        Map<String, String> env = Map.of("LINKPROXY_RFC2136_SERVER", "127.0.0.1:" + dnsPort,
                "LINKPROXY_TSIG_KEY_NAME", KEY, "LINKPROXY_TSIG_SECRET", SECRET);
        return CliRun.Setup.of(io -> new CliContext("linkproxy-memory", new MemoryCdnProvider(cdn),
                        Duration.ofMinutes(1), ExpectedTargetDefault.fixed(ExpectedTarget.hostSuffix("edge." + ZONE), "the memory CDN"), io))
                .withEnv(env).run(args);
    }

    private static NameRecords knot(String label) {
        try (DnsClient c = new Rfc2136Provider().connect(ProviderSettings.builder()
                .value("server", "127.0.0.1:" + dnsPort).value("keyName", KEY).secret("secret", Secret.of(SECRET))
                .environment(n -> null).build())) {
            return c.read(label + "." + ZONE);
        }
    }

    private static JsonNode only(CliRun run) throws Exception {
        JsonNode cutovers = JSON.readTree(run.out()).get("cutovers");
        assertEquals(1, cutovers.size(), run.out());
        return cutovers.get(0);
    }

    @Test
    void theCdnsOwnWordGivesTheTargetAndTheRecordMovesOnlyOnceProven() throws Exception {
        String target = deployed("good");
        CliRun run = cutover(edges.goodEdge(), "--domain", "good." + ZONE);
        assertEquals(0, run.exitCode(), run.err() + run.out());
        assertEquals("cut_over", only(run).get("status").asText(), run.out());
        assertEquals(NameRecords.of(RecordSet.cname("good." + ZONE, target, Duration.ofSeconds(3600))).sets().get(0)
                .values(), knot("good").set("CNAME").orElseThrow().values());
        assertTrue(run.err().contains("gate, pre-cutover verification through " + target), run.err());
        assertTrue(run.err().contains("every authoritative server (1) answers CNAME " + target), run.err());
        assertTrue(!run.err().contains(SECRET) && !run.out().contains(SECRET));

        CliRun again = cutover(edges.goodEdge(), "--domain", "good." + ZONE);
        assertEquals(0, again.exitCode(), again.err());
        assertEquals("already_cut_over", only(again).get("status").asText());
    }

    @Test
    void anEdgeWithTheWrongCertificateStopsAtTheGateWithNothingChangedAndTheExitSaysSo() throws Exception {
        String target = deployed("wrong");
        CliRun run = cutover(edges.wrongEdge(), "--domain", "wrong." + ZONE, "--cdn-target", target);
        assertEquals(1, run.exitCode(), run.err() + run.out());
        JsonNode outcome = only(run);
        assertEquals("gate_failed", outcome.get("status").asText(), run.out());
        assertTrue(outcome.get("message").asText().contains("the certificate does not cover wrong.cli.test"), run.out());
        assertEquals(List.of(ORIGIN), knot("wrong").set("CNAME").orElseThrow().values());
    }

    @Test
    void theJournalPutsTheOriginBackByHand() throws Exception {
        deployed("undo");
        Path journal = dir.resolve("undo.jsonl");
        CliRun run = cutover(edges.goodEdge(), journal, "--domain", "undo." + ZONE);
        assertEquals(0, run.exitCode(), run.err());
        CliRun back = cutover(edges.goodEdge(), dir.resolve("unused.jsonl"), "--rollback", journal.toString());
        assertEquals(0, back.exitCode(), back.err() + back.out());
        assertEquals("rolled_back", only(back).get("status").asText(), back.out());
        assertEquals(List.of(ORIGIN), knot("undo").set("CNAME").orElseThrow().values());
    }

    @Test
    void manyDomainsAtOnceEachOnItsOwn() throws Exception {
        deployed("one");
        deployed("two");
        CliRun run = cutover(edges.goodEdge(), "--domain", "one." + ZONE, "--domain", "two." + ZONE, "--concurrency", "2");
        assertEquals(0, run.exitCode(), run.err() + run.out());
        JsonNode cutovers = JSON.readTree(run.out()).get("cutovers");
        assertEquals(List.of("one." + ZONE, "two." + ZONE), List.of(cutovers.get(0).get("domain").asText(),
                cutovers.get(1).get("domain").asText()));
        assertEquals("cut_over", cutovers.get(0).get("status").asText());
        assertEquals("cut_over", cutovers.get(1).get("status").asText());
    }

    @Test
    void aLongTtlIsPointedOutAndLoweredFirstOnRequest() throws Exception {
        deployed("slow");
        CliRun attempt = cutover(edges.wrongEdge(), "--domain", "slow." + ZONE);
        assertEquals(1, attempt.exitCode(), attempt.err());
        assertTrue(attempt.err().contains("its TTL is 3600 s: resolvers may send clicks to the origin that long after"
                + " the change") && attempt.err().contains("cutover --lower-ttl-first 300"), attempt.err());
        CliRun lower = cutover(edges.goodEdge(), "--domain", "slow." + ZONE, "--lower-ttl-first", "300");
        assertEquals(0, lower.exitCode(), lower.err() + lower.out());
        assertEquals("ttl_lowered", only(lower).get("status").asText(), lower.out());
        assertEquals(Duration.ofSeconds(300), knot("slow").set("CNAME").orElseThrow().ttl());
        assertEquals(List.of(ORIGIN), knot("slow").set("CNAME").orElseThrow().values(), "still at the origin");
    }

    private CliRun onboard(String domain, String... extra) {
        List<String> args = new ArrayList<>(List.of("onboard", "--domain", domain, "--origin", ORIGIN,
                "--certificate", "managed", "--dns", "rfc2136", "--link", LINK, "--ca-file", edges.caFile().toString(),
                "--resolver", "127.0.0.1:" + dnsPort, "--authoritative", "127.0.0.1:" + dnsPort,
                "--allow-addresses", "127.0.0.0/8,::1/128", "--connect-to", ORIGIN + ":443:127.0.0.1:" + edges.originPort(),
                "--connect-to", ":443::" + edges.goodEdge(), "--connect-to", ":80::" + edges.plainEdge(),
                "--journal", dir.resolve("onboard.jsonl").toString(), "--json"));
        args.addAll(List.of(extra));
        Map<String, String> env = Map.of("LINKPROXY_RFC2136_SERVER", "127.0.0.1:" + dnsPort,
                "LINKPROXY_TSIG_KEY_NAME", KEY, "LINKPROXY_TSIG_SECRET", SECRET);
        return CliRun.Setup.of(io -> new CliContext("linkproxy-memory", new MemoryCdnProvider(cdn),
                        Duration.ofMinutes(1), ExpectedTargetDefault.fixed(ExpectedTarget.hostSuffix("edge." + ZONE),
                        "the memory CDN"), io)).withEnv(env).run(args);
    }

    private static List<String> statuses(CliRun run) throws Exception {
        List<String> out = new ArrayList<>();
        JSON.readTree(run.out()).get("steps").forEach(s -> out.add(s.get("step").asText() + ":" + s.get("status")
                .asText()));
        return out;
    }

    @Test
    void onboardGoesFromTheOriginCnameToReadyAndARerunWritesNothing() throws Exception {
        CliRun dry = onboard("fresh." + ZONE, "--dry-run");
        assertEquals(0, dry.exitCode(), dry.err() + dry.out());
        assertEquals(List.of("preflight:checked", "caa:checked", "dns:checked", "certificate:would_do",
                "apply:would_do", "await:would_do", "cutover:would_do"), statuses(dry));
        assertEquals(0, cdn.writes(), "a dry run writes nothing");

        CliRun run = onboard("fresh." + ZONE, "--yes");
        assertEquals(0, run.exitCode(), run.err() + run.out());
        JsonNode out = JSON.readTree(run.out());
        assertTrue(out.get("ready").asBoolean(), run.out());
        assertEquals(List.of("preflight:checked", "caa:checked", "dns:checked", "certificate:skipped", "apply:done",
                "await:done", "cutover:done"), statuses(run));
        String target = knot("fresh").set("CNAME").orElseThrow().values().get(0);
        assertTrue(target.endsWith(".edge." + ZONE), target);
        assertTrue(out.get("next").get(0).asText().length() > 0, run.out());
        int writes = cdn.writes();

        CliRun again = onboard("fresh." + ZONE, "--yes");
        assertEquals(0, again.exitCode(), again.err() + again.out());
        assertEquals(List.of("preflight:checked", "caa:checked", "dns:checked", "certificate:skipped",
                "apply:already", "await:already", "cutover:already"), statuses(again));
        assertEquals(writes, cdn.writes(), "the re-run wrote nothing to the CDN");
        assertEquals(List.of(target), knot("fresh").set("CNAME").orElseThrow().values());
    }

    @Test
    void onboardStopsAtABlockingCaaRecordBeforeAnyCertificateRequest() throws Exception {
        CliRun run = onboard("ablink.caa." + ZONE, "--yes");
        assertEquals(1, run.exitCode(), run.err() + run.out());
        assertEquals(List.of("preflight:checked", "caa:failed", "dns:checked"), statuses(run));
        JsonNode caaStep = JSON.readTree(run.out()).get("steps").get(1);
        assertTrue(caaStep.get("detail").asText().contains("add caa.cli.test. CAA 0 issue \"memory-ca.test\""),
                caaStep.toString());
        assertEquals(0, cdn.writes(), "no certificate request, nothing applied");
        assertEquals(List.of(ORIGIN), knot("ablink.caa").set("CNAME").orElseThrow().values());
    }
}
