package dev.linkproxy.verifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static dev.linkproxy.verifier.support.TestDns.inet;
import static dev.linkproxy.verifier.support.TestDns.name;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.linkproxy.verifier.support.StandInOrigin;
import dev.linkproxy.verifier.support.TestCa;
import dev.linkproxy.verifier.support.TestDns;
import dev.linkproxy.verifier.support.TestServer;
import dev.linkproxy.verifier.support.TestServer.Request;
import dev.linkproxy.verifier.support.TestServer.Response;
import dev.linkproxy.verifier.support.TrickleProxy;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * The verifier under hostile answers (issue 8 §5): oversized and garbage DNS, over-long CNAME chains, floods of HTTP
 * headers, servers that trickle bytes, redirect loops and a 20-certificate chain. Each case must end within the
 * per-domain limit (plus slack for a loaded machine) with a {@code fail} that says why, or, where the answer is
 * legitimate, with a bounded {@code pass}. The last two tests run after every other one, in the same JVM: a bulk run
 * mixing hostile and good domains, then a check that nothing of the verifier was left behind.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileAnswersTest extends VerifierTestBase {

    private static final String DOMAIN = Scenario.DOMAIN;
    private static final String ORIGIN = Scenario.ORIGIN;
    private static final String CDN = Scenario.CDN;
    private static final String LINK = Scenario.LINK;
    /** The per-domain limit of every case here; each must end before LIMIT + SLACK. */
    private static final Duration LIMIT = Duration.ofSeconds(3);
    private static final Duration SLACK = Duration.ofSeconds(5);
    private static final String HEAD_LIMIT = "sent more than " + HttpProbe.MAX_HEAD + " bytes of HTTP headers";
    private static final String TOTAL_LIMIT = "the total time limit of 3 s for this domain was reached";

    private static long heapBefore;

    @BeforeAll
    static void heapBaseline() {
        heapBefore = usedHeapAfterGc();
    }

    @BeforeEach
    void shortLimit() {
        scenario.total = LIMIT;
    }

    // ---------------------------------------------------------------- DNS

    @Test
    void aTruncatedUdpAnswerThenA64KiBTcpAnswerOf4000AddressesIsLegalAndTheTlsCheckTriesOnly8PerFamily() {
        scenario.dns.cname(DOMAIN, CDN).a(ORIGIN, "192.0.2.10");
        scenario.dns.hostile(CDN, (q, tcp) -> {
            Message reply = TestDns.replyTo(q);
            if (!tcp) {
                reply.getHeader().setFlag(Flags.TC);
            } else if (q.getQuestion().getType() == Type.A) {
                // 4000 distinct loopback addresses: 127.0.0.1 .. 127.0.0.8 first, all the rest never to be tried.
                IntStream.range(0, 4000).forEach(i -> reply.addRecord(new ARecord(name(CDN), DClass.IN, 60,
                        inet("127.0." + i / 250 + "." + (1 + i % 250))), Section.ANSWER));
            } else if (q.getQuestion().getType() == Type.AAAA) {
                // The same address 300 times: one address, however often a hostile server repeats it.
                IntStream.range(0, 300).forEach(i -> reply.addRecord(new AAAARecord(name(CDN), DClass.IN, 60,
                        inet("::1")), Section.ANSWER));
            }
            byte[] wire = reply.toWire();
            assertTrue(wire.length <= 65535, "a DNS message over TCP holds at most 64 KiB, made " + wire.length);
            return wire;
        });
        scenario.origin();
        List<String> eight = IntStream.rangeClosed(1, 8).mapToObj(i -> "127.0.0." + i).toList();
        List<String> served = new ArrayList<>(eight);
        served.add("::1");
        TestServer edge = scenario.start(TestServer.https(ca.leaf(DOMAIN).serverContext(), served, scenario.proxy()));
        scenario.route(DOMAIN, 443, ":" + edge.port());
        // The link checks ask every address the TLS check covers, so port 80 answers on each of them too.
        TestServer plain = scenario.start(TestServer.http(served, scenario.proxy()));
        scenario.route(DOMAIN, 80, ":" + plain.port());

        VerificationReport report = verifyBounded();

        assertTrue(scenario.dns.tcpQueries() >= 2, "the A and AAAA answers came over TCP after the truncated UDP ones");
        CheckResult dns = assertCheck(report, CheckResult.DNS_CUTOVER, CheckStatus.PASS, "(4001 addresses in all)");
        assertEquals(4001, dns.evidence().get("addressCount"));
        assertTrue(((List<?>) dns.evidence().get("addresses")).size() <= 16, "the evidence lists a bounded sample");
        assertTrue(dns.summary().length() < 1000, "summary of " + dns.summary().length() + " chars");
        CheckResult tls = assertCheck(report, CheckResult.TLS, CheckStatus.PASS,
                "tried 9 of 4001 addresses: at most 8 IPv4 and 8 IPv6");
        List<String> tried = handshakes(tls).stream().map(h -> (String) h.get("address")).toList();
        List<String> expected = new ArrayList<>(eight.stream().map(a -> a + ":" + edge.port()).toList());
        expected.add("[0:0:0:0:0:0:0:1]:" + edge.port());
        assertEquals(expected, tried);
        assertEquals(4001, tls.evidence().get("addressesGiven"));
        // 9 handshakes, and the https-link request on each of the same 9 verified connections; never thousands.
        assertEquals(9, edge.connections(), edge.connections() + " connections");
        assertTrue(report.ready(), report.toJson().toPrettyString());
    }

    @Test
    void anOversizedUdpAnswerWithoutTheTruncationBitFailsAsAMalformedAnswer() {
        scenario.dns.hostile(DOMAIN, (q, tcp) -> {
            Message reply = TestDns.replyTo(q);
            IntStream.range(0, 300).forEach(i -> reply.addRecord(new ARecord(name(DOMAIN), DClass.IN, 60,
                    inet("127.0.1." + (1 + i % 250))), Section.ANSWER));
            return reply.toWire();
        });
        VerificationReport report = verifyBounded();
        // dnsjava reads at most 512 bytes of a UDP answer without EDNS: the rest is cut off, and the message with it.
        assertCheck(report, CheckResult.DNS_CUTOVER, CheckStatus.FAIL,
                "DNS lookup failed: A " + DOMAIN + ": " + scenario.dns.address() + ": malformed answer: ");
        assertFalse(report.ready());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"random-bytes", "five-bytes", "right-id-then-junk", "empty"})
    void aGarbageUdpAnswerFailsNamingTheResolver(String kind) {
        Random random = new Random(kind.hashCode());
        scenario.dns.hostile(DOMAIN, (q, tcp) -> switch (kind) {
            case "random-bytes" -> {
                byte[] junk = randomBytes(random, 300);
                int otherId = q.getHeader().getID() ^ 0xFFFF;  // never the query's, so never parsed as its answer
                junk[0] = (byte) (otherId >> 8);
                junk[1] = (byte) otherId;
                yield junk;
            }
            case "five-bytes" -> randomBytes(random, 5);
            case "empty" -> new byte[0];
            default -> {
                byte[] junk = randomBytes(random, 200);
                junk[0] = (byte) (q.getHeader().getID() >> 8);
                junk[1] = (byte) q.getHeader().getID();
                junk[2] = (byte) 0x84; // QR, AA
                junk[3] = 0;
                yield junk;
            }
        });
        VerificationReport report = verifyBounded();
        String why = kind.equals("empty") ? "the answer ended before a complete DNS message" : "malformed answer: ";
        assertCheck(report, CheckResult.DNS_CUTOVER, CheckStatus.FAIL,
                "DNS lookup failed: A " + DOMAIN + ": " + scenario.dns.address() + ": " + why);
        assertFalse(report.ready());
    }

    @Test
    void anAnswerPaddedWithJunkRecordsIsReadOnlyForTheNameAskedAndPasses() {
        scenario.dns.a(CDN, "127.0.0.1").a(ORIGIN, "192.0.2.10");
        scenario.dns.hostile(DOMAIN, (q, tcp) -> {
            Message reply = TestDns.replyTo(q);
            if (!tcp) {
                reply.getHeader().setFlag(Flags.TC);
                return reply.toWire();
            }
            for (int i = 0; i < 1000; i++) {
                reply.addRecord(new ARecord(name("junk" + i + ".evil.test"), DClass.IN, 60, inet("192.0.2.66")),
                        Section.ANSWER);
            }
            reply.addRecord(new CNAMERecord(name("other.customer.test"), DClass.IN, 60, name("evil.test")),
                    Section.ANSWER);
            reply.addRecord(new CNAMERecord(name(DOMAIN), DClass.IN, 60, name(CDN)), Section.ANSWER);
            // Out of bailiwick "glue" for the CDN name, and a junk TXT: a resolver must not take either.
            reply.addRecord(new ARecord(name(CDN), DClass.IN, 60, inet("192.0.2.66")), Section.ADDITIONAL);
            reply.addRecord(new TXTRecord(name(DOMAIN), DClass.IN, 60, "x".repeat(200)), Section.ADDITIONAL);
            return reply.toWire();
        });
        scenario.origin();
        scenario.cdnHttps(scenario.proxy());
        scenario.cdnHttp(scenario.proxy());
        VerificationReport report = verifyBounded();
        CheckResult dns = assertCheck(report, CheckResult.DNS_CUTOVER, CheckStatus.PASS, "is cut over");
        assertEquals(List.of(DOMAIN, CDN), dns.evidence().get("chain"));
        assertEquals(List.of("127.0.0.1"), dns.evidence().get("addresses"));
        assertTrue(report.ready(), report.toJson().toPrettyString());
    }

    @Test
    void aResolverThatNeverAnswersFailsNamingTheDnsTimeout() {
        scenario.dns.silent(DOMAIN);
        VerificationReport report = verifyBounded();
        CheckResult dns = assertCheck(report, CheckResult.DNS_CUTOVER, CheckStatus.FAIL, "DNS timed out");
        assertTrue(dns.summary().contains("no answer from " + scenario.dns.address() + " within the " + TimeLimits.text(scenario.dnsTimeout) + " time limit"),
                dns.summary());
    }

    @Test
    void aTruncatedAnswerWhoseTcpRetryNeverAnswersFailsNamingTheDnsTimeout() {
        scenario.dns.hostile(DOMAIN, (q, tcp) -> {
            if (tcp) {
                return null;
            }
            Message reply = TestDns.replyTo(q);
            reply.getHeader().setFlag(Flags.TC);
            return reply.toWire();
        });
        VerificationReport report = verifyBounded();
        assertCheck(report, CheckResult.DNS_CUTOVER, CheckStatus.FAIL, "DNS timed out");
        assertTrue(scenario.dns.tcpQueries() >= 1, "the verifier retried over TCP");
    }

    @Test
    void aResolverThatHangsUpOnTheTcpRetryFailsSayingSo() {
        scenario.dns.hostile(DOMAIN, (q, tcp) -> {
            if (tcp) {
                return TestDns.HANG_UP;
            }
            Message reply = TestDns.replyTo(q);
            reply.getHeader().setFlag(Flags.TC);
            return reply.toWire();
        });
        VerificationReport report = verifyBounded();
        assertCheck(report, CheckResult.DNS_CUTOVER, CheckStatus.FAIL, "DNS lookup failed: A " + DOMAIN + ": "
                + scenario.dns.address() + ": the answer ended before a complete DNS message");
    }

    @Test
    void aCnameChainOf20HopsFailsSayingItIsLongerThan8() {
        String previous = DOMAIN;
        for (int i = 1; i <= 20; i++) {
            String hop = "hop" + i + ".chain.test";
            scenario.dns.cname(previous, hop);
            previous = hop;
        }
        scenario.dns.a(previous, "127.0.0.1");
        VerificationReport report = verifyBounded();
        CheckResult dns = assertCheck(report, CheckResult.DNS_CUTOVER, CheckStatus.FAIL,
                "the CNAME chain is longer than " + DnsResolver.MAX_HOPS + " hops");
        assertEquals(DnsResolver.MAX_HOPS + 1, dns.evidence().get("cnameHops"), "followed one hop past the limit, no more");
        assertCheck(report, CheckResult.TLS, CheckStatus.SKIPPED, "nothing to connect to");
    }

    // ---------------------------------------------------------------- HTTP header floods

    /** Answers that never fit in the verifier's 64 KiB of headers. */
    enum Flood {
        HEADERS_64_KIB(pad(64 * 1024)),
        HEADERS_1_MIB(pad(1024 * 1024)),
        ONE_HEADER_LINE_OF_100_KIB("X-Big: " + "a".repeat(100 * 1024) + "\r\n"),
        LOCATION_OF_100_KIB("Location: https://dest.test/" + "a".repeat(100 * 1024) + "\r\n"),
        NO_END_OF_HEADERS_EVER(null);

        private final String headers;

        Flood(String headers) {
            this.headers = headers;
        }

        void write(OutputStream out) throws IOException {
            out.write("HTTP/1.1 302 Found\r\n".getBytes(StandardCharsets.ISO_8859_1));
            if (headers == null) {
                out.write("X-Forever: ".getBytes(StandardCharsets.ISO_8859_1));
                byte[] chunk = new byte[8192];
                Arrays.fill(chunk, (byte) 'a');
                while (true) {
                    out.write(chunk);  // Until the verifier hangs up, which makes this throw.
                }
            }
            out.write(headers.getBytes(StandardCharsets.ISO_8859_1));
            out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }

        private static String pad(int bytes) {
            StringBuilder b = new StringBuilder(bytes + 1024);
            for (int i = 0; b.length() < bytes; i++) {
                b.append("X-Pad-").append(i).append(": ").append("p".repeat(1000)).append("\r\n");
            }
            return b.toString();
        }
    }

    @ParameterizedTest
    @EnumSource(Flood.class)
    void aFloodOfResponseHeadersFailsBothLinkChecksAtTheHeadLimit(Flood flood) {
        ipv4CutOver();
        TestServer https = scenario.start(TestServer.rawHttps(ca.leaf(DOMAIN).serverContext(), (r, out) -> flood.write(out)));
        TestServer http = scenario.start(TestServer.rawHttp((r, out) -> flood.write(out)));
        scenario.route(DOMAIN, 443, ":" + https.port()).route(DOMAIN, 80, ":" + http.port());

        VerificationReport report = verifyBounded();

        assertCheck(report, CheckResult.TLS, CheckStatus.PASS, "valid certificate");
        CheckResult httpsLink = assertCheck(report, CheckResult.HTTPS_LINK, CheckStatus.FAIL, HEAD_LIMIT);
        CheckResult httpLink = assertCheck(report, CheckResult.HTTP_LINK, CheckStatus.FAIL, HEAD_LIMIT);
        for (CheckResult c : List.of(httpsLink, httpLink)) {
            assertTrue(c.summary().length() < 1000, c.name() + " summary of " + c.summary().length() + " chars");
            assertTrue(report.toJson().toString().length() < 20_000, "the report stays small");
        }
        assertEquals(1, https.requests().size());
        assertEquals(1, http.requests().size());
    }

    // ---------------------------------------------------------------- Trickling servers

    @Test
    void aTlsServerThatTricklesItsServerHelloFailsNamingTheTotalLimit() {
        ipv4CutOver();
        TestServer real = scenario.start(TestServer.https(ca.leaf(DOMAIN).serverContext(), false, scenario.proxy()));
        TrickleProxy trickle = TrickleProxy.to(real.port(), Duration.ofMillis(200));
        try {
            scenario.route(DOMAIN, 443, ":" + trickle.port());
            scenario.cdnHttp(scenario.proxy());
            VerificationReport report = verifyBounded();
            assertCheck(report, CheckResult.TLS, CheckStatus.FAIL, TOTAL_LIMIT);
            assertCheck(report, CheckResult.HTTPS_LINK, CheckStatus.FAIL, TOTAL_LIMIT);
            // Port 80 is good, and checked on its own at the same time: the http-link check passes (issue 13 §1).
            assertCheck(report, CheckResult.HTTP_LINK, CheckStatus.PASS, "as the origin does");
        } finally {
            trickle.close();
        }
    }

    @Test
    void anHttpsServerThatTricklesHeaderBytesAfterAGoodHandshakeFailsNamingTheTotalLimit() {
        ipv4CutOver();
        TestServer https = scenario.start(TestServer.rawHttps(ca.leaf(DOMAIN).serverContext(), HostileAnswersTest::trickle));
        scenario.route(DOMAIN, 443, ":" + https.port());
        scenario.cdnHttp(scenario.proxy());
        VerificationReport report = verifyBounded();
        assertCheck(report, CheckResult.TLS, CheckStatus.PASS, "valid certificate");
        assertCheck(report, CheckResult.HTTPS_LINK, CheckStatus.FAIL, TOTAL_LIMIT);
        assertCheck(report, CheckResult.HTTP_LINK, CheckStatus.PASS, "as the origin does");
    }

    @Test
    void anHttpServerThatTricklesHeaderBytesFailsNamingTheTotalLimit() {
        ipv4CutOver();
        scenario.cdnHttps(scenario.proxy());
        TestServer http = scenario.start(TestServer.rawHttp(HostileAnswersTest::trickle));
        scenario.route(DOMAIN, 80, ":" + http.port());
        VerificationReport report = verifyBounded();
        assertCheck(report, CheckResult.HTTPS_LINK, CheckStatus.PASS, "as the origin does");
        assertCheck(report, CheckResult.HTTP_LINK, CheckStatus.FAIL, TOTAL_LIMIT);
    }

    // ---------------------------------------------------------------- Redirect loops

    /**
     * Decision: the link checks prove the CDN gives the origin's own answer, not that the origin is sane. A tracked
     * link the origin itself redirects to itself is the origin's answer; the CDN repeating it passes. Nothing is followed.
     */
    @Test
    void aSelfRedirectTheOriginGivesTooIsTheOriginsAnswerSoItPassesAndIsNeverFollowed() {
        Function<Request, Response> loop = r -> Response.redirect(302, "https://" + DOMAIN + r.target());
        TestServer origin = loopingOrigin(loop);
        TestServer https = scenario.cdnHttps(loop);
        TestServer http = scenario.cdnHttp(loop);
        VerificationReport report = verifyBounded();
        assertCheck(report, CheckResult.HTTPS_LINK, CheckStatus.PASS, "302 → https://" + DOMAIN + LINK + ", as the origin does");
        assertCheck(report, CheckResult.HTTP_LINK, CheckStatus.PASS, "upgrades to https with 302; note: the HTTPS link passes");
        assertEquals(List.of(LINK), origin.requests().stream().map(Request::target).toList());
        assertEquals(List.of(LINK), https.requests().stream().map(Request::target).toList());
        assertEquals(List.of(LINK), http.requests().stream().map(Request::target).toList());
    }

    /** A → B → A on the link domain, from the origin and the CDN alike: the answer for A matches; B is never asked. */
    @Test
    void anABARedirectLoopTheOriginGivesTooMatchesTheOriginAndOnlyAIsAsked() {
        String b = "/wf/click?upn=bbb";
        Function<Request, Response> loop = r -> Response.redirect(302, "https://" + DOMAIN + (r.target().equals(LINK) ? b : LINK));
        TestServer origin = loopingOrigin(loop);
        TestServer https = scenario.cdnHttps(loop);
        TestServer http = scenario.cdnHttp(loop);
        VerificationReport report = verifyBounded();
        assertCheck(report, CheckResult.HTTPS_LINK, CheckStatus.PASS, "302 → https://" + DOMAIN + b + ", as the origin does");
        assertCheck(report, CheckResult.HTTP_LINK, CheckStatus.PASS, "as the origin does");
        for (TestServer s : List.of(origin, https, http)) {
            assertEquals(List.of(LINK), s.requests().stream().map(Request::target).toList());
        }
    }

    @Test
    void aCdnThatRedirectsALinkToItselfWhereTheOriginRedirectsOnwardFails() {
        ipv4CutOver();
        Function<Request, Response> loop = r -> Response.redirect(302, "https://" + DOMAIN + r.target());
        TestServer https = scenario.cdnHttps(loop);
        scenario.cdnHttp(loop);
        VerificationReport report = verifyBounded();
        assertCheck(report, CheckResult.HTTPS_LINK, CheckStatus.FAIL, "but the origin answers 302 → " + Scenario.DESTINATION);
        assertCheck(report, CheckResult.HTTP_LINK, CheckStatus.FAIL, "but the HTTPS link fails");
        assertEquals(1, https.requests().size(), "the self-redirect was not followed");
    }

    // ---------------------------------------------------------------- A 20-certificate chain

    /**
     * What the JDK does: it refuses a Certificate message longer than {@code jdk.tls.maxCertificateChainLength} (10 by
     * default) while parsing it, before any trust decision (it stops counting at 11), so the handshake fails at once
     * and the reason given is the chain length.
     */
    @Test
    void aChainOf20CertificatesFailsTheTlsCheckSayingTheChainIsTooLong() {
        TestCa.Leaf deep = ca.deepLeaf(19, DOMAIN);
        assertEquals(20, deep.chain().size());
        ipv4CutOver();
        scenario.cdnHttps(deep, scenario.proxy());
        scenario.cdnHttp(scenario.proxy());
        VerificationReport report = verifyBounded();
        CheckResult tls = assertCheck(report, CheckResult.TLS, CheckStatus.FAIL, "exceeds the maximum allowed length (10)");
        assertFalse(tls.summary().contains("time limit"), tls.summary());
        assertCheck(report, CheckResult.HTTPS_LINK, CheckStatus.FAIL, "exceeds the maximum allowed length (10)");
        assertFalse(report.ready());
    }

    // ---------------------------------------------------------------- The process stays well

    /** What a hostile domain of the bulk run does, and the check and words its report must fail with. */
    private enum Hostility {
        LONG_CNAME_CHAIN(CheckResult.DNS_CUTOVER, "longer than 8 hops"),
        GARBAGE_DNS(CheckResult.DNS_CUTOVER, "malformed answer"),
        SILENT_DNS(CheckResult.DNS_CUTOVER, "DNS timed out"),
        HEADERS_1_MIB(CheckResult.HTTPS_LINK, HEAD_LIMIT),
        NO_END_OF_HEADERS(CheckResult.HTTPS_LINK, HEAD_LIMIT),
        LOCATION_100_KIB(CheckResult.HTTP_LINK, HEAD_LIMIT),
        TRICKLED_SERVER_HELLO(CheckResult.TLS, "the total time limit of 4 s for this domain was reached"),
        TRICKLED_HEADERS(CheckResult.HTTPS_LINK, "the total time limit of 4 s for this domain was reached"),
        CHAIN_OF_20(CheckResult.TLS, "exceeds the maximum allowed length (10)"),
        CDN_SELF_REDIRECT(CheckResult.HTTPS_LINK, "but the origin answers");

        private final String check;
        private final String words;

        Hostility(String check, String words) {
            this.check = check;
            this.words = words;
        }
    }

    @Test
    @Order(Integer.MAX_VALUE - 1)
    void aBulkRunOf50HostileAnd50GoodDomainsReportsEachOnceAndEndsWithoutStalling() {
        Duration limit = Duration.ofSeconds(4);
        scenario.total = limit;
        String edge = "edge.cdn.test";
        scenario.dns.a(edge, "127.0.0.1").a(ORIGIN, "192.0.2.10"); // the origin is pinned to loopback by origin()
        Map<String, Hostility> kinds = new HashMap<>();
        Set<String> good = new LinkedHashSet<>();
        List<String> order = new ArrayList<>();
        Hostility[] all = Hostility.values();
        for (int i = 0; i < 100; i++) {
            if (i % 2 == 0) {
                String d = "g" + i + ".good.hostile.test";
                good.add(d);
                order.add(d);
                scenario.dns.cname(d, edge);
            } else {
                Hostility h = all[(i / 2) % all.length];
                String d = "h" + i + "." + h.name().toLowerCase().replace('_', '-') + ".hostile.test";
                kinds.put(d, h);
                order.add(d);
            }
        }
        StandInOrigin logic = new StandInOrigin(ORIGIN, good, false);
        Function<Request, Response> proxy = logic.behind(r -> r);
        TestServer origin = scenario.start(TestServer.https(ca.leaf(ORIGIN).serverContext(), false, logic));
        scenario.route(ORIGIN, 443, "127.0.0.1:" + origin.port());
        Map<Hostility, int[]> ports = new HashMap<>();
        ports.put(Hostility.HEADERS_1_MIB, rawPair("*.headers-1-mib.hostile.test", (r, out) -> Flood.HEADERS_1_MIB.write(out)));
        ports.put(Hostility.NO_END_OF_HEADERS, rawPair("*.no-end-of-headers.hostile.test",
                (r, out) -> Flood.NO_END_OF_HEADERS_EVER.write(out)));
        ports.put(Hostility.TRICKLED_HEADERS, rawPair("*.trickled-headers.hostile.test", HostileAnswersTest::trickle));
        int[] locationPorts = rawPair("*.location-100-kib.hostile.test", (r, out) -> Flood.LOCATION_OF_100_KIB.write(out));
        TestServer goodHttps = scenario.start(TestServer.https(ca.leaf("*.location-100-kib.hostile.test").serverContext(),
                false, proxy));
        ports.put(Hostility.LOCATION_100_KIB, new int[] {goodHttps.port(), locationPorts[1]});
        TestServer helloServer = scenario.start(TestServer.https(ca.leaf("*.trickled-server-hello.hostile.test")
                .serverContext(), false, proxy));
        TrickleProxy trickle = TrickleProxy.to(helloServer.port(), Duration.ofMillis(200));
        ports.put(Hostility.TRICKLED_SERVER_HELLO, new int[] {trickle.port(), locationPorts[1]});
        TestServer deep = scenario.start(TestServer.https(ca.deepLeaf(19, "*.chain-of-20.hostile.test").serverContext(),
                false, proxy));
        ports.put(Hostility.CHAIN_OF_20, new int[] {deep.port(), locationPorts[1]});
        Function<Request, Response> self = r -> Response.redirect(302, "https://" + r.header("host") + r.target());
        TestServer selfHttps = scenario.start(TestServer.https(ca.leaf("*.cdn-self-redirect.hostile.test").serverContext(),
                false, self));
        TestServer selfHttp = scenario.start(TestServer.http(false, self));
        ports.put(Hostility.CDN_SELF_REDIRECT, new int[] {selfHttps.port(), selfHttp.port()});
        Random random = new Random(8);
        kinds.forEach((d, h) -> {
            switch (h) {
                case LONG_CNAME_CHAIN -> {
                    String previous = d;
                    for (int hop = 1; hop <= 20; hop++) {
                        scenario.dns.cname(previous, "hop" + hop + "." + d);
                        previous = "hop" + hop + "." + d;
                    }
                    scenario.dns.a(previous, "127.0.0.1");
                }
                case GARBAGE_DNS -> scenario.dns.hostile(d, (q, tcp) -> {
                    synchronized (random) {
                        return randomBytes(random, 64);
                    }
                });
                case SILENT_DNS -> scenario.dns.silent(d);
                default -> {
                    scenario.dns.cname(d, edge);
                    scenario.route(d, 443, ":" + ports.get(h)[0]).route(d, 80, ":" + ports.get(h)[1]);
                }
            }
        });
        TestServer goodEdge = scenario.start(TestServer.https(ca.leaf("*.good.hostile.test").serverContext(), false, proxy));
        TestServer goodHttp = scenario.start(TestServer.http(false, proxy));
        scenario.route("", 443, ":" + goodEdge.port()).route("", 80, ":" + goodHttp.port());
        Verifier verifier = scenario.verifierBuilder().concurrency(16).build();

        Map<String, Integer> seen = new HashMap<>();
        List<String> problems = new ArrayList<>();
        long start = System.nanoTime();
        BulkSummary summary;
        try {
            summary = verifier.verifyAll(() -> order.stream().map(d -> VerificationRequest.builder(d).originHost(ORIGIN)
                    .trackedLink(LINK).build()).iterator(), report -> {
                        seen.merge(report.domain(), 1, Integer::sum);
                        String why = expectation(report, kinds.get(report.domain()));
                        if (why != null) {
                            problems.add(report.domain() + ": " + why + "\n" + report.toJson().toPrettyString());
                        }
                    });
        } finally {
            trickle.close();
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

        assertEquals(List.of(), problems.stream().limit(3).toList());
        assertEquals(100, seen.size(), "every domain reported");
        assertTrue(seen.values().stream().allMatch(n -> n == 1), "each exactly once: " + seen);
        assertEquals(100, summary.verified());
        assertEquals(50, summary.ready());
        // 10 domains hold their slot for the whole limit (trickles); one after another they alone would take 40 s.
        Duration bound = limit.multipliedBy(5);
        assertTrue(elapsed.compareTo(bound) < 0, "took " + elapsed + ", more than " + bound);
        assertEquals(0, verifier.handshakesInProgress());
        assertEquals(0, Verifier.watchedConnections());
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void afterEveryHostileCaseTheProcessStaysWell() throws InterruptedException {
        // A verification's own threads are gone when it returns; its sockets' watchdog tasks are cancelled on close.
        assertEquals(0, Verifier.watchedConnections(), "sockets still watched by the verifier's watchdog");
        List<String> lingering = verifierThreads();
        for (int i = 0; i < 50 && !lingering.isEmpty(); i++) {
            Thread.sleep(100);
            lingering = verifierThreads();
        }
        assertEquals(List.of(), lingering, "threads running verifier code after every verification returned");
        long watchdogs = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().equals("linkproxy-verifier-watchdog")).count();
        assertTrue(watchdogs <= 1, watchdogs + " watchdog threads; the verifier documents one for the JVM");
        long grown = usedHeapAfterGc() - heapBefore;
        assertTrue(grown < 64L * 1024 * 1024, "heap grew by " + grown / (1024 * 1024) + " MiB over the hostile cases");
    }

    @AfterAll
    static void nothingWatched() {
        assertEquals(0, Verifier.watchedConnections());
    }

    // ---------------------------------------------------------------- helpers

    /** Verifies the scenario and asserts it ended before the per-domain limit plus slack. */
    private VerificationReport verifyBounded() {
        long start = System.nanoTime();
        VerificationReport report = scenario.verify();
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(took.compareTo(scenario.total.plus(SLACK)) < 0, "took " + took + " with a limit of " + scenario.total);
        return report;
    }

    /** DNS after cutover, IPv4 only (one handshake per check), and the stand-in origin. */
    private void ipv4CutOver() {
        scenario.dns.cname(DOMAIN, CDN).a(CDN, "127.0.0.1").a(ORIGIN, "192.0.2.10");
        scenario.origin();
    }

    private TestServer loopingOrigin(Function<Request, Response> behaviour) {
        scenario.dns.cname(DOMAIN, CDN).a(CDN, "127.0.0.1").a(ORIGIN, "192.0.2.10");
        TestServer origin = scenario.start(TestServer.https(ca.leaf(ORIGIN).serverContext(), false, behaviour));
        scenario.route(ORIGIN, 443, "127.0.0.1:" + origin.port());
        return origin;
    }

    /** An HTTPS server (with a certificate for {@code name}) and an HTTP server that both answer {@code answer}. */
    private int[] rawPair(String name, TestServer.RawAnswer answer) {
        TestServer https = scenario.start(TestServer.rawHttps(ca.leaf(name).serverContext(), answer));
        TestServer http = scenario.start(TestServer.rawHttp(answer));
        return new int[] {https.port(), http.port()};
    }

    /** A good redirect, one byte every 200 ms. */
    private static void trickle(Request r, OutputStream out) throws IOException, InterruptedException {
        byte[] answer = ("HTTP/1.1 302 Found\r\nLocation: " + Scenario.DESTINATION + "\r\nContent-Length: 0\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        for (byte b : answer) {
            out.write(b);
            out.flush();
            Thread.sleep(200);
        }
    }

    private static String expectation(VerificationReport report, Hostility kind) {
        if (kind == null) {
            return report.ready() ? null : "a good domain is not ready";
        }
        if (report.ready()) {
            return "a hostile domain is ready";
        }
        CheckResult c = check(report, kind.check);
        return c.status() == CheckStatus.FAIL && c.summary().contains(kind.words) ? null
                : kind.check + " must fail saying \"" + kind.words + "\"";
    }

    /** Live threads other than this one with verifier (main, not test) code on their stack. */
    private static List<String> verifierThreads() {
        List<String> out = new ArrayList<>();
        Thread.getAllStackTraces().forEach((t, stack) -> {
            if (t == Thread.currentThread() || !t.isAlive()) {
                return;
            }
            boolean verifierCode = Arrays.stream(stack).map(StackTraceElement::getClassName)
                    .anyMatch(c -> c.startsWith("dev.linkproxy.verifier.") && !c.contains(".support.")
                            && !c.contains("Test"));
            if (verifierCode || t.getName().startsWith("linkproxy-verify-")) {
                out.add(t.getName() + " " + Arrays.toString(stack));
            }
        });
        return out;
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static byte[] randomBytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
