package dev.linkproxy.cutover;

import dev.linkproxy.core.spi.DnsChange;
import java.util.Optional;
import java.util.Map;
import java.util.HashMap;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.linkproxy.core.spi.CutoverTarget;
import dev.linkproxy.core.spi.DnsClient;
import dev.linkproxy.core.spi.NameRecords;
import dev.linkproxy.core.spi.ProviderSettings;
import dev.linkproxy.core.spi.RecordSet;
import dev.linkproxy.core.spi.Secret;
import dev.linkproxy.dns.Rfc2136Provider;
import dev.linkproxy.dns.testing.KnotWithTsig;
import dev.linkproxy.verifier.VerificationRequest;
import dev.linkproxy.verifier.Verifier;
import dev.linkproxy.verifier.support.RealServers;
import dev.linkproxy.verifier.support.LinkEdges;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cutover end to end: a real Knot server updated with RFC 2136 (TSIG key, update ACL), real nginx edges and origin
 * with certificates from a test CA. Every record is checked by asking Knot.
 */
class CutoverIT {

    private static final String ZONE = "example.test";
    private static final String ORIGIN = "origin." + ZONE;
    private static final String CDN = "cdn." + ZONE;
    private static final String KEY = "linkproxy-cutover";
    private static final String SECRET = secret();
    private static final String LINK = "/wf/click?upn=abc123";
    private static final List<String> DOMAINS = List.of("good", "wrongcert", "moved", "badkey", "gatefails", "undo",
            "proxied", "proxiedwrong", "proxiednotready", "lowerfirst");

    @TempDir
    static Path dir;
    private static RealServers servers;
    private static int dnsPort;
    private static LinkEdges edges;

    @BeforeAll
    static void start() {
        servers = new RealServers(dir);
        StringBuilder records = new StringBuilder("@ NS ns1\nns1 A 127.0.0.1\norigin A 192.0.2.10\ncdn A 127.0.0.1\n");
        DOMAINS.forEach(d -> records.append(d).append(" CNAME origin\n"));
        dnsPort = KnotWithTsig.start(servers, ZONE, records.toString(), KEY, SECRET);

        edges = LinkEdges.start(servers, ZONE, ORIGIN);
    }

    @AfterAll
    static void stop() {
        servers.close();
    }

    private final List<String> progress = new ArrayList<>();
    private Path journal;

    @BeforeEach
    void newJournal() {
        journal = dir.resolve("journal-" + System.nanoTime() + ".jsonl");
    }

    private static String secret() {
        return KnotWithTsig.secret();
    }

    private static Verifier verifier(int httpsEdge, String... resolvers) {
        return Verifier.builder().resolvers(resolvers).trustPem(edges.caFile()).allowAddresses("127.0.0.0/8", "::1/128")
                .connectTo(ORIGIN + ":443:127.0.0.1:" + edges.originPort()).connectTo(":443::" + httpsEdge)
                .connectTo(":80::" + edges.plainEdge()).totalTimeout(Duration.ofSeconds(10)).build();
    }

    private static DnsClient dns(String secret) {
        return new Rfc2136Provider().connect(ProviderSettings.builder()
                .value("server", "127.0.0.1:" + dnsPort).value("keyName", KEY).secret("secret", Secret.of(secret))
                .environment(n -> null).build());
    }

    private Cutover cutover(DnsClient dns, int proofEdge) {
        return Cutover.builder().dns(dns, Rfc2136Provider.ID).gate(verifier(edges.goodEdge(), "127.0.0.1:" + dnsPort))
                .proof(resolvers -> verifier(proofEdge, resolvers.toArray(String[]::new)))
                .authoritativeServers(List.of("127.0.0.1:" + dnsPort)).journal(journal)
                .liveTimeout(Duration.ofSeconds(10)).progress(e -> progress.add(e.message())).build();
    }

    private static VerificationRequest.Builder request(String label) {
        return VerificationRequest.builder(label + "." + ZONE).originHost(ORIGIN).trackedLink(LINK);
    }

    private static NameRecords knot(String label) {
        try (DnsClient c = dns(SECRET)) {
            return c.read(label + "." + ZONE);
        }
    }

    private static NameRecords cname(String label, String target) {
        return NameRecords.of(RecordSet.cname(label + "." + ZONE, target, Duration.ofSeconds(300)));
    }

    @Test
    void aCutoverThatPassesChangesTheRecordProvesItAndJournalsThePreviousValue() {
        CutoverOutcome o = cutover(dns(SECRET), edges.goodEdge()).run(request("good"), CutoverTarget.cname(CDN));
        assertEquals(CutoverOutcome.Status.CUT_OVER, o.status(), o.message() + "\n" + progress);
        assertEquals(cname("good", CDN), knot("good"));
        assertTrue(o.gate().orElseThrow().ready() && o.proof().orElseThrow().ready());
        List<Journal.Entry> entries = new Journal(journal).read();
        assertEquals(1, entries.size());
        assertEquals(cname("good", ORIGIN), entries.get(0).before());

        CutoverOutcome again = cutover(dns(SECRET), edges.goodEdge()).run(request("good"), CutoverTarget.cname(CDN));
        assertEquals(CutoverOutcome.Status.ALREADY_CUT_OVER, again.status(), again.message());
        assertEquals(1, new Journal(journal).read().size(), "nothing written the second time");
    }

    @Test
    void anEdgeServingTheWrongCertificateAfterTheChangeIsRolledBackToTheOrigin() {
        CutoverOutcome o = cutover(dns(SECRET), edges.wrongEdge()).run(request("wrongcert"), CutoverTarget.cname(CDN));
        assertEquals(CutoverOutcome.Status.ROLLED_BACK, o.status(), o.message() + "\n" + progress);
        assertFalse(o.proof().orElseThrow().ready());
        assertEquals(cname("wrongcert", ORIGIN), knot("wrongcert"), "Knot answers the origin's CNAME again");
    }

    @Test
    void aRecordChangedByAnotherToolBetweenReadAndWriteIsRefusedWithNothingOverwritten() {
        // The gate's report is the moment between the read and the write: another tool edits the name then.
        Cutover c = Cutover.builder().dns(dns(SECRET), Rfc2136Provider.ID)
                .gate(verifier(edges.goodEdge(), "127.0.0.1:" + dnsPort))
                .proof(resolvers -> verifier(edges.goodEdge(), resolvers.toArray(String[]::new)))
                .authoritativeServers(List.of("127.0.0.1:" + dnsPort)).journal(journal)
                .liveTimeout(Duration.ofSeconds(10)).progress(e -> {
                    if (e.message().contains(": gate,")) {
                        try (DnsClient other = dns(SECRET)) {
                            other.replace(cname("moved", ORIGIN), cname("moved", "elsewhere.example.net"));
                        }
                    }
                }).build();
        CutoverOutcome o = c.run(request("moved"), CutoverTarget.cname(CDN));
        assertEquals(CutoverOutcome.Status.NOT_CHANGED, o.status(), o.message());
        assertTrue(o.message().contains("no longer holds what was read"), o.message());
        assertEquals(cname("moved", "elsewhere.example.net"), knot("moved"), "the other tool's record stands");
        assertFalse(Files.exists(journal), "nothing journaled");
    }

    @Test
    void aWrongTsigKeyFailsClearlyWithNothingChanged() {
        String wrong = secret();
        CutoverOutcome o = cutover(dns(wrong), edges.goodEdge()).run(request("badkey"), CutoverTarget.cname(CDN));
        assertEquals(CutoverOutcome.Status.NOT_CHANGED, o.status(), o.message());
        assertTrue(o.message().contains("TSIG key " + KEY), o.message());
        assertFalse(o.message().contains(wrong));
        assertEquals(cname("badkey", ORIGIN), knot("badkey"));
    }

    @Test
    void aFailingGateChangesNothing() {
        Cutover c = Cutover.builder().dns(dns(SECRET), Rfc2136Provider.ID)
                .gate(verifier(edges.wrongEdge(), "127.0.0.1:" + dnsPort))
                .proof(resolvers -> verifier(edges.goodEdge(), resolvers.toArray(String[]::new)))
                .authoritativeServers(List.of("127.0.0.1:" + dnsPort)).journal(journal)
                .liveTimeout(Duration.ofSeconds(10)).build();
        CutoverOutcome o = c.run(request("gatefails"), CutoverTarget.cname(CDN));
        assertEquals(CutoverOutcome.Status.GATE_FAILED, o.status(), o.message());
        assertEquals(cname("gatefails", ORIGIN), knot("gatefails"));
        assertFalse(Files.exists(journal));
    }

    @Test
    void theJournalPutsAChangeBackByHand() {
        Cutover c = cutover(dns(SECRET), edges.goodEdge());
        assertEquals(CutoverOutcome.Status.CUT_OVER, c.run(request("undo"), CutoverTarget.cname(CDN)).status());
        List<CutoverOutcome> back = c.rollback(journal);
        assertEquals(1, back.size());
        assertEquals(CutoverOutcome.Status.ROLLED_BACK, back.get(0).status(), back.get(0).message());
        assertEquals(cname("undo", ORIGIN), knot("undo"));
    }

    /**
     * A DNS provider that proxies, as Cloudflare's does: its API shows the record as written (proxied or not), while
     * its authoritative server answers a proxied name with the edge's addresses (here Knot answers A 127.0.0.1).
     */
    private static final class ProxyingDns implements DnsClient {
        private final DnsClient knot = dns(SECRET);
        private final Map<String, NameRecords> apiView = new HashMap<>();

        @Override
        public String zoneOf(String name) {
            return knot.zoneOf(name);
        }

        @Override
        public NameRecords read(String name) {
            return apiView.getOrDefault(name, knot.read(name));
        }

        @Override
        public DnsChange replace(NameRecords expected, NameRecords desired) {
            NameRecords edge = NameRecords.of(new RecordSet(desired.name(), "A", Duration.ofSeconds(300),
                    List.of("127.0.0.1")));
            DnsChange served = knot.replace(knot.read(desired.name()), desired.proxied() ? edge : desired);
            if (desired.proxied()) {
                apiView.put(desired.name(), desired);
            } else {
                apiView.remove(desired.name());
            }
            return new DnsChange("proxying", served.id(), served.zone(), expected, desired, Map.of());
        }

        @Override
        public void awaitLive(DnsChange change, Duration timeout, dev.linkproxy.core.spi.Progress progress) {
        }

        @Override
        public List<String> authoritativeServers(String zone) {
            return knot.authoritativeServers(zone);
        }

        @Override
        public void close() {
            knot.close();
        }
    }

    private Cutover proxiedCutover(ProxyingDns dns, int proofEdge, Optional<String> notReady) {
        return Cutover.builder().dns(dns, "proxying").gate(verifier(edges.goodEdge(), "127.0.0.1:" + dnsPort))
                .proof(resolvers -> verifier(proofEdge, resolvers.toArray(String[]::new)))
                .cdnReadiness(domain -> notReady)
                .authoritativeServers(List.of("127.0.0.1:" + dnsPort)).journal(journal)
                .liveTimeout(Duration.ofSeconds(10)).progress(e -> progress.add(e.message())).build();
    }

    private static CutoverTarget proxied(String label) {
        return new CutoverTarget(label + "." + ZONE, List.of("127.0.0.0/8"), true);
    }

    @Test
    void aProxiedCutoverWaitsForTheCdnsWordThenProxiesTheRecordAndProvesIt() {
        ProxyingDns dns = new ProxyingDns();
        CutoverOutcome o = proxiedCutover(dns, edges.goodEdge(), Optional.empty()).run(request("proxied"), proxied("proxied"));
        assertEquals(CutoverOutcome.Status.CUT_OVER, o.status(), o.message() + "\n" + progress);
        assertTrue(dns.read("proxied." + ZONE).proxied());
        assertEquals("127.0.0.1", knot("proxied").set("A").orElseThrow().values().get(0), "the edge answers");
        assertEquals(cname("proxied", ORIGIN).sets(), new Journal(journal).read().get(0).before().sets());
        CutoverOutcome again = proxiedCutover(dns, edges.goodEdge(), Optional.empty()).run(request("proxied"),
                proxied("proxied"));
        assertEquals(CutoverOutcome.Status.ALREADY_CUT_OVER, again.status(), again.message());
    }

    @Test
    void aProxiedCutoverWhoseProofFailsGoesBackToTheDnsOnlyRecord() {
        ProxyingDns dns = new ProxyingDns();
        CutoverOutcome o = proxiedCutover(dns, edges.wrongEdge(), Optional.empty()).run(request("proxiedwrong"),
                proxied("proxiedwrong"));
        assertEquals(CutoverOutcome.Status.ROLLED_BACK, o.status(), o.message() + "\n" + progress);
        assertEquals(cname("proxiedwrong", ORIGIN).sets(), knot("proxiedwrong").sets());
        assertFalse(dns.read("proxiedwrong." + ZONE).proxied());
    }

    @Test
    void aProxiedCutoverTheCdnDoesNotVouchForChangesNothing() {
        ProxyingDns dns = new ProxyingDns();
        CutoverOutcome o = proxiedCutover(dns, edges.goodEdge(), Optional.of("certificate pack pending_validation"))
                .run(request("proxiednotready"), proxied("proxiednotready"));
        assertEquals(CutoverOutcome.Status.GATE_FAILED, o.status(), o.message());
        assertTrue(o.message().contains("certificate pack pending_validation"), o.message());
        assertEquals(cname("proxiednotready", ORIGIN).sets(), knot("proxiednotready").sets());
        assertFalse(Files.exists(journal));
    }

    @Test
    void theTtlIsLoweredAheadOfTheCutoverAndNothingElseChanges() {
        Cutover c = cutover(dns(SECRET), edges.goodEdge());
        CutoverOutcome o = c.lowerTtl("lowerfirst." + ZONE, Duration.ofSeconds(60));
        assertEquals(CutoverOutcome.Status.TTL_LOWERED, o.status(), o.message());
        assertTrue(o.message().contains("is now 60 s (was 300 s): cut over after "), o.message());
        assertEquals(NameRecords.of(RecordSet.cname("lowerfirst." + ZONE, ORIGIN, Duration.ofSeconds(60))),
                knot("lowerfirst"));
        assertEquals(1, new Journal(journal).read().size());
        CutoverOutcome again = c.lowerTtl("lowerfirst." + ZONE, Duration.ofSeconds(60));
        assertEquals(CutoverOutcome.Status.TTL_LOWERED, again.status());
        assertTrue(again.message().contains("already 60 s"), again.message());
        assertEquals(1, new Journal(journal).read().size(), "nothing written the second time");
    }
}
