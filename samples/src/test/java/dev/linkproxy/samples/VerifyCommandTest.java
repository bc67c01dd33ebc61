package dev.linkproxy.samples;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.linkproxy.verifier.support.TestCa;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code verify}, shared by every CLI, run in-process against a DNS responder, an origin and a CDN edge on loopback,
 * with certificates from a test CA: options, JSON Lines, the table, exit codes, bad input found before any network.
 */
class VerifyCommandTest {

    static final String ONE = "ablink.news.customer.test";
    static final String TWO = "ablink.shop.customer.test";
    static final String EDGE = "d111abcdef8.cloudfront.net";

    static TestCa ca;
    static TestCa otherCa;
    static Path caFile;
    static Path otherCaFile;

    @TempDir
    static Path dir;

    LoopbackCdn cdn;

    @BeforeAll
    static void mintCas() {
        ca = TestCa.create("Linkproxy CLI Test");
        caFile = ca.writeRootPem(dir.resolve("ca.pem"));
        otherCa = TestCa.create("Another Private");
        otherCaFile = otherCa.writeRootPem(dir.resolve("other-ca.pem"));
    }

    @BeforeEach
    void start() {
        cdn = new LoopbackCdn(ca, caFile, ONE, TWO);
    }

    @AfterEach
    void stop() {
        cdn.close();
    }

    private static CliRun cloudfront(List<String> args) {
        return CliRun.Setup.of(CloudFrontCli::context).run(args);
    }

    @Test
    void everyDomainReadyExitsZeroWithOneJsonObjectPerDomainAndNothingElse() {
        cdn.cutOver(ONE, EDGE).cutOver(TWO, EDGE);
        CliRun run = cloudfront(cdn.verify("--domain", ONE, "--domain", TWO, "--expect-target", ".cloudfront.net",
                "--json"));
        assertEquals(ExitCode.OK, run.exitCode(), run.out() + run.err());
        List<JsonNode> lines = run.jsonLines();
        assertEquals(2, lines.size(), run.out());
        assertEquals(Set.of(ONE, TWO), lines.stream().map(l -> l.get("domain").asText()).collect(Collectors.toSet()));
        for (JsonNode report : lines) {
            assertTrue(report.get("ready").isBoolean() && report.get("ready").asBoolean(), report.toString());
            List<String> names = new ArrayList<>();
            for (JsonNode check : report.get("checks")) {
                names.add(check.get("name").asText());
                assertEquals("pass", check.get("status").asText(), check.toString());
                assertTrue(check.get("summary").isTextual() && check.get("evidence").isObject(), check.toString());
            }
            assertEquals(List.of("dns-cutover", "tls", "https-link", "http-link"), names);
        }
        assertTrue(run.err().contains("2 of 2 domains ready"), run.err());
        assertEquals(2, cdn.https.requests().size(), "one tracked link over HTTPS a domain");
        assertEquals(LoopbackCdn.LINK, cdn.https.requests().get(0).target());
    }

    @Test
    void aDomainNotReadyExitsOneAndTheTableNamesTheFailingCheckAndWhy(@TempDir Path tmp) throws IOException {
        cdn.cutOver(ONE, EDGE).atOrigin(TWO);
        Path file = Files.writeString(tmp.resolve("domains.txt"), "# link domain, tracked link\n\n"
                + ONE + "  /wf/click?upn=from-the-file\n" + TWO + ",/wf/click?upn=second\n");
        CliRun run = cloudfront(cdn.verify("--domains-file", file.toString()));
        assertEquals(ExitCode.FAILURE, run.exitCode(), run.out() + run.err());
        List<String> lines = run.out().lines().toList();
        assertEquals(3, lines.size(), run.out());
        String ready = lines.stream().filter(l -> l.contains(ONE)).findFirst().orElseThrow();
        String notReady = lines.stream().filter(l -> l.contains(TWO)).findFirst().orElseThrow();
        assertEquals("READY      " + ONE, ready);
        assertTrue(notReady.startsWith("NOT READY  " + TWO + "  dns-cutover fail: "), notReady);
        assertTrue(notReady.contains("still points at the origin"), notReady);
        assertEquals("1 of 2 domains ready", lines.get(2));
        // The file's second column is the link requested for that domain, instead of --link.
        assertEquals("/wf/click?upn=from-the-file", cdn.https.requests().get(0).target());
    }

    @Test
    void aBadDomainInTheFileExitsTwoBeforeAnyNetworkWorkNamingTheLine(@TempDir Path tmp) throws IOException {
        cdn.cutOver(ONE, EDGE);
        Path file = Files.writeString(tmp.resolve("domains.txt"), ONE + "\n" + "https://bad.example.com/\n"
                + TWO + " not-a-path\n");
        CliRun run = cloudfront(cdn.verify("--domains-file", file.toString(), "--json"));
        assertEquals(ExitCode.BAD_INPUT, run.exitCode(), run.err());
        assertEquals("", run.out(), "nothing on stdout, not even an error document");
        assertTrue(run.err().contains("2 bad domains; nothing was checked"), run.err());
        assertTrue(run.err().contains("line 2: \"https://bad.example.com/\" is a URL"), run.err());
        assertTrue(run.err().contains("line 3: \"not-a-path\" is not a tracked link"), run.err());
        assertEquals(0, cdn.requestsSeen());
    }

    @Test
    void aBadDomainFlagExitsTwo() {
        CliRun run = cloudfront(cdn.verify("--domain", ONE, "--domain", "*.customer.test"));
        assertEquals(ExitCode.BAD_INPUT, run.exitCode(), run.err());
        assertTrue(run.err().contains("--domain \"*.customer.test\": \"*.customer.test\" is a wildcard"), run.err());
        assertEquals(0, cdn.requestsSeen());
    }

    @Test
    void manyLinesInAFileEachGetExactlyOneReport(@TempDir Path tmp) throws IOException {
        // Names the DNS does not know: each domain fails fast, and the run shows every line streamed through once.
        List<String> domains = IntStream.range(0, 60).mapToObj(i -> "l" + i + ".nowhere.customer.test").toList();
        Path file = Files.write(tmp.resolve("domains.txt"), domains);
        CliRun run = cloudfront(cdn.verify("--domains-file", file.toString(), "--concurrency", "4", "--json",
                "--expect-target", ".cloudfront.net"));
        assertEquals(ExitCode.FAILURE, run.exitCode(), run.err());
        List<JsonNode> lines = run.jsonLines();
        assertEquals(new HashSet<>(domains), lines.stream().map(l -> l.get("domain").asText()).collect(Collectors.toSet()));
        assertEquals(domains.size(), lines.size());
        assertTrue(lines.stream().noneMatch(l -> l.get("ready").asBoolean()));
        assertTrue(run.err().contains("0 of 60 domains ready"), run.err());
    }

    @Test
    void preCutoverChecksTheCdnEndpointWhileDnsStillPointsAtTheOrigin() {
        cdn.atOrigin(ONE);
        cdn.dns.a(EDGE, "127.0.0.1");
        CliRun run = cloudfront(cdn.verify("--domain", ONE, "--pre-cutover", "--cdn-endpoint", EDGE, "--json"));
        assertEquals(ExitCode.OK, run.exitCode(), run.out() + run.err());
        JsonNode report = run.jsonLines().get(0);
        assertEquals("pre-cutover", report.get("mode").asText());
        assertEquals("skipped", report.at("/checks/0/status").asText());
        assertEquals("pass", report.at("/checks/1/status").asText());
    }

    @ParameterizedTest
    @ValueSource(strings = {"--pre-cutover", "--cdn-endpoint=d111abcdef8.cloudfront.net"})
    void preCutoverAndCdnEndpointGoTogether(String flag) {
        CliRun run = cloudfront(cdn.verify("--domain", ONE, flag));
        assertEquals(ExitCode.BAD_INPUT, run.exitCode(), run.err());
        assertTrue(run.err().contains("--pre-cutover and --cdn-endpoint go together"), run.err());
        assertEquals(0, cdn.requestsSeen());
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0/33", "not a suffix", "104.16.0.0/13,cloudflare.com", "*.cloudfront.net", ""})
    void aBadExpectedTargetExitsTwo(String target) {
        CliRun run = cloudfront(cdn.verify("--domain", ONE, "--expect-target", target));
        assertEquals(ExitCode.BAD_INPUT, run.exitCode(), run.err());
        assertTrue(run.err().contains("--expect-target"), run.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"--timeout=0", "--timeout=ten", "--concurrency=0", "--link=wf/click", "--connect-to=a.test=not a host",
            "--connect-to=a.test:443", "--origin=not an origin", "--resolver=127.0.0.1:notaport", "--no-such-flag"})
    void badOptionsExitTwo(String option) {
        CliRun run = cloudfront(cdn.verify("--domain", ONE, option));
        assertEquals(ExitCode.BAD_INPUT, run.exitCode(), option + ": " + run.err());
        assertFalse(run.err().isBlank());
        assertEquals(0, cdn.requestsSeen());
    }

    @Test
    void noDomainAtAllIsBadInput() {
        CliRun run = cloudfront(List.of("verify", "--expect-target", ".cloudfront.net"));
        assertEquals(ExitCode.BAD_INPUT, run.exitCode(), run.err());
        assertTrue(run.err().contains("--domain HOST"), run.err());
    }

    @Test
    void aMissingCaFileIsBadInput() {
        CliRun run = cloudfront(List.of("verify", "--domain", ONE, "--resolver", cdn.dns.address(), "--ca-file",
                dir.resolve("missing.pem").toString(), "--expect-target", ".cloudfront.net"));
        assertEquals(ExitCode.BAD_INPUT, run.exitCode(), run.err());
        assertTrue(run.err().contains("missing.pem"), run.err());
    }

    @Test
    void resolversAndCaFilesRepeatAndTheHostEqualsTargetFormIsTaken() {
        // Connections pinned with HOST=TARGET keep the port: on loopback nothing listens on 443, so the TLS check
        // fails, which is what shows the pin took effect rather than the edge mapping after it.
        cdn.cutOver(ONE, EDGE);
        List<String> args = cdn.verify("--domain", ONE, "--resolver", cdn.dns.address(), "--ca-file",
                otherCaFile.toString(), "--expect-target", ".cloudfront.net", "--json");
        CliRun all = cloudfront(args);
        assertEquals(ExitCode.OK, all.exitCode(), all.out() + all.err());

        List<String> pinned = new ArrayList<>(List.of("verify", "--connect-to", ONE + "=127.0.0.3"));
        pinned.addAll(args.subList(1, args.size()));
        CliRun run = cloudfront(pinned);
        assertEquals(ExitCode.FAILURE, run.exitCode(), run.out() + run.err());
        JsonNode tls = run.jsonLines().get(0).at("/checks/1");
        assertEquals("fail", tls.get("status").asText(), tls.toString());
        assertTrue(tls.toString().contains("127.0.0.3"), tls.toString());
    }

    @Test
    void onlyTheOtherCaIsNotEnoughTrust() {
        cdn.cutOver(ONE, EDGE);
        List<String> args = new ArrayList<>(cdn.verify("--domain", ONE, "--expect-target", ".cloudfront.net"));
        args.set(args.indexOf(caFile.toString()), otherCaFile.toString());
        CliRun run = cloudfront(args);
        assertEquals(ExitCode.FAILURE, run.exitCode(), run.out());
        assertTrue(run.out().contains("NOT READY  " + ONE + "  tls fail: "), run.out());
    }

    @Test
    void aWrongExpectedTargetFailsTheDnsCheck() {
        cdn.cutOver(ONE, EDGE);
        CliRun run = cloudfront(cdn.verify("--domain", ONE, "--expect-target", ".fastly.net"));
        assertEquals(ExitCode.FAILURE, run.exitCode(), run.out() + run.err());
        assertTrue(run.out().contains("dns-cutover fail: " + ONE + " points at " + ONE + " → " + EDGE), run.out());
        assertTrue(run.out().contains("not at a name under fastly.net"), run.out());
    }

    @Test
    void cidrRangesAsTheExpectedTarget() {
        cdn.cutOver(ONE, EDGE);
        CliRun run = cloudfront(cdn.verify("--domain", ONE, "--expect-target", "10.0.0.0/8, 127.0.0.0/8,::1/128"));
        assertEquals(ExitCode.OK, run.exitCode(), run.out() + run.err());
    }

    @Test
    void fastlyExpectsANameUnderFastlyNetByDefault() {
        cdn.cutOver(ONE, "linkproxy.map.fastly.net").cutOver(TWO, EDGE);
        CliRun run = CliRun.Setup.of(FastlyCli::context).run(cdn.verify("--domain", ONE, "--domain", TWO));
        assertEquals(ExitCode.FAILURE, run.exitCode(), run.out() + run.err());
        assertTrue(run.out().contains("READY      " + ONE + "\n"), run.out());
        assertTrue(run.out().contains("not at a name under fastly.net"), run.out());
    }

    @Test
    void cloudflareExpectsItsPublishedRangesByDefault() {
        cdn.resolvesElsewhere(ONE, "104.16.0.1").resolvesElsewhere(TWO, "198.51.100.7");
        CliRun run = CliRun.Setup.of(CloudflareCli::context).run(cdn.verify("--domain", ONE, "--domain", TWO, "--json"));
        assertEquals(ExitCode.FAILURE, run.exitCode(), run.out() + run.err());
        List<JsonNode> lines = run.jsonLines();
        JsonNode one = lines.stream().filter(l -> l.get("domain").asText().equals(ONE)).findFirst().orElseThrow();
        JsonNode two = lines.stream().filter(l -> l.get("domain").asText().equals(TWO)).findFirst().orElseThrow();
        assertTrue(one.get("ready").asBoolean(), one.toString());
        assertFalse(two.get("ready").asBoolean(), two.toString());
        assertTrue(two.at("/checks/0/summary").asText().contains("not to addresses in [173.245.48.0/20"),
                two.at("/checks/0/summary").asText());
    }

    @Test
    void aProgressLineIsRewrittenOnStderrOnlyWhenItIsATerminal() {
        cdn.cutOver(ONE, EDGE).cutOver(TWO, EDGE);
        List<String> args = cdn.verify("--domain", ONE, "--domain", TWO, "--expect-target", ".cloudfront.net");
        CliRun terminal = CliRun.Setup.of(CloudFrontCli::context).stderrOnTerminal().run(args);
        assertEquals(ExitCode.OK, terminal.exitCode(), terminal.err());
        assertTrue(terminal.err().contains("\r[1/2] 1 ready"), terminal.err());
        assertFalse(terminal.out().contains("\r"), "progress stays off stdout");
        CliRun log = cloudfront(args);
        assertFalse(log.err().contains("\r"), log.err());
        assertFalse(log.err().contains("[1/2]"), log.err());
    }

    /** CloudFront's live distribution, on WireMock: E1CLI serves {@link #ONE} at d1cli.cloudfront.net. */
    private static WireMockServer cloudFrontWith(int status, String body) {
        WireMockServer api = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        api.start();
        api.stubFor(get(urlPathEqualTo("/2020-05-31/distribution")).willReturn(aResponse().withStatus(status)
                .withBody(body)));
        return api;
    }

    private static final String DISTRIBUTIONS = "<?xml version=\"1.0\"?><DistributionList xmlns=\""
            + CloudFrontCliTest.NS + "\"><Marker></Marker><MaxItems>100</MaxItems><IsTruncated>false</IsTruncated>"
            + "<Quantity>1</Quantity><Items><DistributionSummary><Id>E1CLI</Id>"
            + "<ARN>arn:aws:cloudfront::123456789012:distribution/E1CLI</ARN><Status>Deployed</Status>"
            + "<LastModifiedTime>2026-01-01T00:00:00Z</LastModifiedTime><DomainName>d1cli.cloudfront.net</DomainName>"
            + "<Aliases><Quantity>1</Quantity><Items><CNAME>" + ONE + "</CNAME></Items></Aliases>"
            + "</DistributionSummary></Items></DistributionList>";

    @Test
    void cloudFrontExpectsTheLiveDistributionsDomainNameWhenItCanReadIt() {
        // ONE points at another distribution's name: right for ".cloudfront.net", wrong for the one serving it.
        cdn.cutOver(ONE, EDGE);
        WireMockServer api = cloudFrontWith(200, DISTRIBUTIONS);
        try {
            CliRun run = CliRun.Setup.of(CloudFrontCli::context).withEnv(CloudFrontCliTest.ENV)
                    .run(cdn.verify("--domain", ONE, "--endpoint", api.baseUrl()));
            assertEquals(ExitCode.FAILURE, run.exitCode(), run.out() + run.err());
            assertTrue(run.err().contains("expecting a name under d1cli.cloudfront.net (cloudfront E1CLI serves " + ONE
                    + ")"), run.err());
            assertTrue(run.out().contains("not at a name under d1cli.cloudfront.net"), run.out());
            assertFalse(run.err().contains("cli-test-secret"), "the secret leaked");
        } finally {
            api.stop();
        }
    }

    @Test
    void cloudFrontFallsBackToItsSuffixSayingSoWhenTheApiRefuses() {
        cdn.cutOver(ONE, EDGE);
        WireMockServer api = cloudFrontWith(403, "<?xml version=\"1.0\"?><ErrorResponse xmlns=\"" + CloudFrontCliTest.NS
                + "\"><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>no</Message></Error>"
                + "<RequestId>r1</RequestId></ErrorResponse>");
        try {
            CliRun run = CliRun.Setup.of(CloudFrontCli::context).withEnv(CloudFrontCliTest.ENV)
                    .run(cdn.verify("--domain", ONE, "--endpoint", api.baseUrl(), "--json"));
            assertEquals(ExitCode.OK, run.exitCode(), run.out() + run.err());
            assertTrue(run.err().contains("expecting a name under cloudfront.net: the live cloudfront deployment could"
                    + " not be read (cloudfront ListDistributions failed (HTTP 403, AccessDenied)"), run.err());
            assertEquals("a name under cloudfront.net", run.jsonLines().get(0).at("/checks/0/evidence/expectedTarget")
                    .asText());
        } finally {
            api.stop();
        }
    }
}
