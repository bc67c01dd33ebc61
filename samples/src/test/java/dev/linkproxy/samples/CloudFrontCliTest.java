package dev.linkproxy.samples;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code linkproxy-cloudfront} run in-process: outputs, JSON documents, exit codes, consent, help. */
class CloudFrontCliTest {

    static final String ARN = "arn:aws:acm:us-east-1:123456789012:certificate/0d3c1a2b-1111-2222-3333-444455556666";
    static final String NS = "http://cloudfront.amazonaws.com/doc/2020-05-31/";
    static final Map<String, String> ENV = Map.of("AWS_ACCESS_KEY_ID", "AKIDCLITEST",
            "AWS_SECRET_ACCESS_KEY", "cli-test-secret-0123456789");

    private WireMockServer server;

    @BeforeEach
    void start() {
        server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private CliRun online(String... args) {
        return online(false, List.of(), args);
    }

    private CliRun online(boolean interactive, List<String> answers, String... args) {
        String[] all = new String[args.length + 6];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(new String[] {"--domain", "ablink.news.example.com", "--certificate", "acm:" + ARN,
                "--endpoint", server.baseUrl()}, 0, all, args.length, 6);
        return CliRun.run(ENV, interactive, answers, all);
    }

    private static String error(String code) {
        return "<?xml version=\"1.0\"?><ErrorResponse xmlns=\"" + NS + "\"><Error><Type>Sender</Type><Code>" + code
                + "</Code><Message>no</Message></Error><RequestId>r1</RequestId></ErrorResponse>";
    }

    private static final String DISTRIBUTION = "<?xml version=\"1.0\"?><Distribution xmlns=\"" + NS + "\"><Id>E1CLI</Id>"
            + "<ARN>arn:aws:cloudfront::123456789012:distribution/E1CLI</ARN><Status>%s</Status>"
            + "<LastModifiedTime>2026-01-01T00:00:00Z</LastModifiedTime><InProgressInvalidationBatches>0"
            + "</InProgressInvalidationBatches><DomainName>d1cli.cloudfront.net</DomainName></Distribution>";

    /** An empty account whose certificate is issued and whose creates succeed. */
    private void emptyAccount() {
        server.stubFor(get(urlPathEqualTo("/2020-05-31/distribution")).willReturn(aResponse().withStatus(200)
                .withBody("<DistributionList xmlns=\"" + NS + "\"><Marker></Marker><MaxItems>100</MaxItems>"
                        + "<IsTruncated>false</IsTruncated><Quantity>0</Quantity></DistributionList>")));
        server.stubFor(post(urlPathEqualTo("/")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/x-amz-json-1.1")
                .withBody("{\"Certificate\":{\"CertificateArn\":\"" + ARN + "\",\"DomainName\":\"ablink.news.example.com\","
                        + "\"SubjectAlternativeNames\":[\"ablink.news.example.com\"],\"Status\":\"ISSUED\"}}")));
        server.stubFor(post(urlPathEqualTo("/2020-05-31/distribution")).willReturn(aResponse().withStatus(201)
                .withHeader("ETag", "E1CLI-v1").withBody(DISTRIBUTION.formatted("InProgress"))));
        server.stubFor(get(urlPathEqualTo("/2020-05-31/distribution/E1CLI")).willReturn(aResponse().withStatus(200)
                .withHeader("ETag", "E1CLI-v1").withBody(DISTRIBUTION.formatted("Deployed"))));
    }

    @Test
    void planOfflineJsonIsOneDocumentWithTheApisMemberNames() {
        CliRun run = CliRun.run("plan", "--offline", "--json", "--domain", "ablink.news.example.com",
                "--certificate", "acm:" + ARN);
        assertEquals(0, run.exitCode(), run.err());
        JsonNode doc = run.json();
        assertEquals(List.of("provider", "config"), names(doc));
        assertEquals("cloudfront", doc.get("provider").asText());
        JsonNode config = doc.get("config");
        for (String member : List.of("CallerReference", "Aliases", "Origins", "DefaultCacheBehavior", "Comment",
                "Enabled", "ViewerCertificate", "Restrictions", "HttpVersion", "IsIPV6Enabled", "PriceClass")) {
            assertTrue(config.has(member), member + " missing: " + config);
        }
        assertEquals("ablink.news.example.com", config.at("/Aliases/Items/0").asText());
        assertEquals("4135ea2d-6df8-44a3-9df3-4b5a84be39ad", config.at("/DefaultCacheBehavior/CachePolicyId").asText());
        assertEquals(0, server.getAllServeEvents().size(), "offline means offline");
    }

    @Test
    void planOfflineNeedsNoCredentialsAndTakesTheForwardingFlag() {
        CliRun run = CliRun.run("plan", "--offline", "--domain", "ablink.news.example.com", "--certificate", "acm:" + ARN,
                "--forwarding", "runbook");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("\"ForwardedValues\""), run.out());
        assertTrue(run.out().contains("note: forwarding runbook"), run.out());
    }

    @Test
    void flagsOverrideTheSpecFile() {
        CliRun run = CliRun.run("plan", "--offline", "--json", "--spec", "specs/runbook.yaml",
                "--forwarding", "managed-policies", "--domain", "ablink.other.example.com");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode config = run.json().get("config");
        assertEquals("ablink.other.example.com", config.at("/Aliases/Items/0").asText());
        assertTrue(config.at("/DefaultCacheBehavior/ForwardedValues").isMissingNode());
    }

    @Test
    void badInputExitsTwoWithEveryValidationMessageOnStderr() {
        CliRun run = CliRun.run("plan", "--offline", "--domain", "not a host", "--domain", "x.example.com",
                "--forwarding", "everything");
        assertEquals(ExitCode.BAD_INPUT, run.exitCode());
        assertEquals("", run.out());
        assertTrue(run.err().contains("linkDomains[0]"), run.err());
        assertTrue(run.err().contains("certificate: required"), run.err());
        assertTrue(run.err().contains("forwarding: \"everything\" is not one of managed-policies, runbook"), run.err());
    }

    @Test
    void badInputWithJsonPutsOneErrorDocumentOnStdout() {
        CliRun run = CliRun.run("plan", "--offline", "--json", "--domain", "x.example.com",
                "--certificate", "acm:arn:aws:acm:eu-west-1:123456789012:certificate/abc");
        assertEquals(ExitCode.BAD_INPUT, run.exitCode());
        JsonNode err = run.json().get("error");
        assertEquals("INVALID_SPEC", err.get("kind").asText());
        assertEquals("certificate", err.at("/problems/0/path").asText());
        assertTrue(run.err().contains("us-east-1"), run.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"--no-such-flag", "--spec=missing.yaml"})
    void unknownFlagsAndMissingFilesAreBadInput(String arg) {
        CliRun run = CliRun.run("plan", "--offline", arg);
        assertEquals(ExitCode.BAD_INPUT, run.exitCode(), run.err());
        assertFalse(run.err().isBlank());
    }

    @Test
    void aCommandIsRequired() {
        assertEquals(ExitCode.BAD_INPUT, CliRun.run().exitCode());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "plan", "apply", "status", "verify"})
    void everyCommandHasHelp(String command) {
        CliRun run = command.isEmpty() ? CliRun.run("--help") : CliRun.run(command, "--help");
        assertEquals(0, run.exitCode());
        assertTrue(run.out().startsWith("Usage: linkproxy-cloudfront" + (command.isEmpty() ? "" : " " + command)),
                run.out());
    }

    @Test
    void anApiErrorExitsThreeWithTheProvidersCodeAndHint() {
        server.stubFor(get(urlPathEqualTo("/2020-05-31/distribution")).willReturn(aResponse().withStatus(403)
                .withBody(error("AccessDenied"))));
        CliRun run = online("plan");
        assertEquals(ExitCode.PROVIDER, run.exitCode(), run.err());
        assertTrue(run.err().contains("cloudfront ListDistributions failed (HTTP 403, AccessDenied)"), run.err());
        assertTrue(run.err().contains("cloudfront:ListDistributions"), run.err());
        assertFalse(run.err().contains("cli-test-secret"), "the secret leaked");
        assertEquals("", run.out());
    }

    @Test
    void anApiErrorWithJsonIsOneErrorDocument() {
        server.stubFor(get(urlPathEqualTo("/2020-05-31/distribution")).willReturn(aResponse().withStatus(403)
                .withBody(error("InvalidClientTokenId"))));
        CliRun run = online("status", "--json");
        assertEquals(ExitCode.PROVIDER, run.exitCode());
        JsonNode err = run.json().get("error");
        assertEquals("AUTHENTICATION", err.get("kind").asText());
        assertEquals("InvalidClientTokenId", err.get("errorCode").asText());
    }

    @Test
    void onlinePlanOfAnEmptyAccountProposesACreate() {
        emptyAccount();
        CliRun run = online("plan", "--json");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode plan = run.json();
        assertEquals("create", plan.at("/changes/0/action").asText());
    }

    @Test
    void applyOffATerminalWritesOnlyWithYes() {
        emptyAccount();
        CliRun refused = online("apply");
        assertEquals(ExitCode.BAD_INPUT, refused.exitCode());
        assertTrue(refused.err().contains("--yes"), refused.err());
        assertTrue(refused.out().contains("+ distribution"), "the plan is shown first: " + refused.out());
        server.verify(0, postRequestedFor(urlPathEqualTo("/2020-05-31/distribution")));
    }

    @Test
    void applyAtATerminalAsksFirst() {
        emptyAccount();
        CliRun declined = online(true, List.of("n"), "apply");
        assertEquals(ExitCode.FAILURE, declined.exitCode());
        server.verify(0, postRequestedFor(urlPathEqualTo("/2020-05-31/distribution")));
        CliRun accepted = online(true, List.of("y"), "apply");
        assertEquals(0, accepted.exitCode(), accepted.err());
        server.verify(1, postRequestedFor(urlPathEqualTo("/2020-05-31/distribution")));
    }

    @Test
    void applyYesWaitJsonCreatesWaitsAndPrintsOneDocumentWithProgressOnStderr() {
        emptyAccount();
        CliRun run = online("apply", "--yes", "--wait", "--json", "--setting", "pollIntervalSeconds=0");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode doc = run.json();
        assertEquals("create", doc.at("/plan/changes/0/action").asText());
        assertEquals("E1CLI", doc.at("/deployment/id").asText());
        assertEquals("DEPLOYED", doc.at("/deployment/status").asText());
        assertEquals("d1cli.cloudfront.net", doc.at("/deployment/cutoverTarget/hostName").asText());
        assertTrue(run.err().contains("[cloudfront create"), run.err());
        assertTrue(run.err().contains("[cloudfront await"), run.err());
        assertTrue(run.err().contains("is Deployed"), run.err());
    }

    @Test
    void statusOfAnEmptyAccountSaysNotFound() {
        emptyAccount();
        CliRun run = online("status", "--json");
        assertEquals(0, run.exitCode(), run.err());
        assertFalse(run.json().get("found").asBoolean());
        server.verify(1, anyRequestedFor(anyUrl()));
    }

    @Test
    void aSecretIsRefusedOnTheCommandLine() {
        CliRun run = online("status", "--setting", "secretAccessKey=oops");
        assertEquals(ExitCode.BAD_INPUT, run.exitCode());
        assertTrue(run.err().contains("AWS_SECRET_ACCESS_KEY"), run.err());
        assertFalse(run.err().contains("oops"), run.err());
    }

    private static List<String> names(JsonNode node) {
        List<String> out = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
