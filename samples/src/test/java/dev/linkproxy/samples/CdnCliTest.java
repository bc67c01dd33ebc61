package dev.linkproxy.samples;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code linkproxy-cloudflare} and {@code linkproxy-fastly} run in-process, with the same expectations: the offline
 * plan's JSON document and keys, help for every command, bad input (exit 2), and the API's refusal (exit 3) on a
 * WireMock endpoint, the token given only through the environment and never printed.
 */
class CdnCliTest {

    static final String DOMAIN = "ablink.news.example.com";
    static final String TOKEN = "cli-test-token-0123456789abcdef";

    /**
     * One CLI under test.
     *
     * @param cli          its context
     * @param command      its name
     * @param provider     its provider id
     * @param configKeys   the offline plan's config members, in order
     * @param tokenEnv     the environment variable of its API token
     * @param refusal      what its API answers to a refused token: status and body
     * @param refusalWords what stderr says about it
     */
    record Cdn(Function<CliIo, CliContext> cli, String command, String provider, List<String> configKeys,
               String tokenEnv, int refusalStatus, String refusalBody, String refusalWords) {
        @Override
        public String toString() {
            return command;
        }

        CliRun run(Map<String, String> env, List<String> args) {
            return CliRun.Setup.of(cli).withEnv(env).run(args);
        }

        CliRun run(String... args) {
            return run(Map.of(), List.of(args));
        }
    }

    static Stream<Cdn> clis() {
        return Stream.of(
                new Cdn(CloudflareCli::context, "linkproxy-cloudflare", "cloudflare",
                        List.of("dns_records", "config_rules", "cache_rules", "hostname_settings", "certificate"),
                        "CLOUDFLARE_API_TOKEN", 403, "{\"success\":false,\"errors\":[{\"code\":9109,\"message\":"
                        + "\"Invalid access token\"}],\"messages\":[],\"result\":null}", "9109"),
                new Cdn(FastlyCli::context, "linkproxy-fastly", "fastly",
                        List.of("service", "domains", "backends", "snippets", "settings", "tls"),
                        "FASTLY_API_TOKEN", 401, "{\"msg\":\"Provided credentials are missing or invalid\"}",
                        "HTTP 401"));
    }

    static Stream<Arguments> clisAndCommands() {
        return clis().flatMap(c -> Stream.of("", "plan", "apply", "status", "verify").map(cmd -> Arguments.of(c, cmd)));
    }

    private WireMockServer api;

    @BeforeEach
    void start() {
        api = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        api.start();
    }

    @AfterEach
    void stop() {
        api.stop();
    }

    @ParameterizedTest
    @MethodSource("clis")
    void planOfflineJsonIsOneDocumentWithTheRequestBodies(Cdn cdn) {
        CliRun run = cdn.run("plan", "--offline", "--json", "--domain", DOMAIN, "--certificate", "managed");
        assertEquals(ExitCode.OK, run.exitCode(), run.err());
        JsonNode doc = run.json();
        assertEquals(List.of("provider", "config"), names(doc));
        assertEquals(cdn.provider(), doc.get("provider").asText());
        assertEquals(cdn.configKeys(), names(doc.get("config")));
        assertTrue(doc.get("config").toString().contains(DOMAIN), doc.toString());
        assertEquals(0, api.getAllServeEvents().size(), "offline means offline");
    }

    @ParameterizedTest
    @MethodSource("clis")
    void planSaysWhenTheEspServesHttpsItselfWithTheSource(Cdn cdn) {
        CliRun run = cdn.run("plan", "--offline", "--json", "--domain", DOMAIN, "--certificate", "managed");
        assertEquals(ExitCode.OK, run.exitCode(), run.err());
        assertTrue(run.err().contains("note: SendGrid can serve HTTPS on a link domain itself")
                && run.err().contains("https://support.sendgrid.com/hc/en-us/articles/55419969558427"), run.err());
        CliRun plain = cdn.run("plan", "--offline", "--json", "--domain", DOMAIN, "--certificate", "managed",
                "--origin", "links.example-esp.test");
        assertTrue(!plain.err().contains("serve HTTPS"), plain.err());
    }

    @ParameterizedTest
    @MethodSource("clis")
    void theExampleSpecPlansOffline(Cdn cdn) {
        CliRun run = cdn.run("plan", "--offline", "--spec", "specs/" + cdn.provider() + ".yaml");
        assertEquals(ExitCode.OK, run.exitCode(), run.err());
        assertTrue(run.out().startsWith(cdn.provider() + ": the configuration the API would receive"), run.out());
        assertTrue(run.out().contains("ablink.news.example.com"), run.out());
    }

    @ParameterizedTest
    @MethodSource("clisAndCommands")
    void everyCommandHasHelp(Cdn cdn, String command) {
        CliRun run = command.isEmpty() ? cdn.run("--help") : cdn.run(command, "--help");
        assertEquals(ExitCode.OK, run.exitCode(), run.err());
        assertTrue(run.out().startsWith("Usage: " + cdn.command() + (command.isEmpty() ? "" : " " + command)), run.out());
    }

    @ParameterizedTest
    @MethodSource("clis")
    void anAcmCertificateIsBadInputWithTheAdaptersMessage(Cdn cdn) {
        CliRun run = cdn.run("plan", "--offline", "--domain", DOMAIN, "--certificate",
                "acm:arn:aws:acm:us-east-1:123456789012:certificate/0d3c1a2b-1111-2222-3333-444455556666");
        assertEquals(ExitCode.BAD_INPUT, run.exitCode(), run.err());
        assertEquals("", run.out());
        assertTrue(run.err().contains("certificate: \"acm:arn:aws:acm:us-east-1:123456789012:certificate/"), run.err());
        assertTrue(run.err().contains("is an AWS Certificate Manager certificate, which"), run.err());
    }

    @ParameterizedTest
    @MethodSource("clis")
    void badInputExitsTwoWithEveryProblem(Cdn cdn) {
        CliRun run = cdn.run("plan", "--offline", "--domain", "not a host", "--origin", "ses:mars");
        assertEquals(ExitCode.BAD_INPUT, run.exitCode(), run.err());
        assertTrue(run.err().contains("linkDomains[0]"), run.err());
        assertTrue(run.err().contains("certificate: required"), run.err());
        assertTrue(run.err().contains("origin"), run.err());
    }

    @ParameterizedTest
    @MethodSource("clis")
    void withoutATokenAnOnlineCommandIsBadInputNamingTheVariable(Cdn cdn) {
        CliRun run = cdn.run("status", "--domain", DOMAIN, "--certificate", "managed", "--endpoint", api.baseUrl());
        assertEquals(ExitCode.BAD_INPUT, run.exitCode(), run.err());
        assertTrue(run.err().contains(cdn.tokenEnv()), run.err());
        assertEquals(0, api.getAllServeEvents().size());
    }

    @ParameterizedTest
    @MethodSource("clis")
    void aTokenOnTheCommandLineIsRefused(Cdn cdn) {
        CliRun run = cdn.run("status", "--domain", DOMAIN, "--certificate", "managed", "--setting", "apiToken=" + TOKEN);
        assertEquals(ExitCode.BAD_INPUT, run.exitCode(), run.err());
        assertTrue(run.err().contains(cdn.tokenEnv()), run.err());
        assertFalse(run.err().contains(TOKEN), "the token was echoed");
    }

    @ParameterizedTest
    @MethodSource("clis")
    void aRefusedTokenExitsThreeAndIsNeverPrinted(Cdn cdn) {
        api.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(cdn.refusalStatus())
                .withHeader("Content-Type", "application/json").withBody(cdn.refusalBody())));
        for (List<String> command : List.of(List.of("plan"), List.of("status"), List.of("apply", "--yes"))) {
            CliRun run = cdn.run(Map.of(cdn.tokenEnv(), TOKEN), online(command.get(0),
                    command.subList(1, command.size()).toArray(String[]::new)));
            assertEquals(ExitCode.PROVIDER, run.exitCode(), command + ": " + run.err());
            assertTrue(run.err().contains(cdn.provider()) && run.err().contains(cdn.refusalWords()), run.err());
            assertFalse(run.err().contains(TOKEN) || run.out().contains(TOKEN), "the token leaked");
        }
        assertFalse(api.getAllServeEvents().isEmpty(), "the API was asked");
    }

    @ParameterizedTest
    @MethodSource("clis")
    void aRefusedTokenWithJsonIsOneErrorDocument(Cdn cdn) {
        api.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(cdn.refusalStatus())
                .withHeader("Content-Type", "application/json").withBody(cdn.refusalBody())));
        CliRun run = cdn.run(Map.of(cdn.tokenEnv(), TOKEN), online("status", "--json"));
        assertEquals(ExitCode.PROVIDER, run.exitCode(), run.err());
        JsonNode doc = run.json();
        assertEquals(cdn.provider(), doc.get("provider").asText());
        assertEquals("AUTHENTICATION", doc.at("/error/kind").asText(), doc.toString());
        assertEquals(ExitCode.PROVIDER, doc.at("/error/exitCode").asInt());
    }

    @ParameterizedTest
    @MethodSource("clis")
    void verifyNeedsNoAccountSoItOffersNoAccountFlags(Cdn cdn) {
        CliRun run = cdn.run("verify", "--domain", DOMAIN, "--endpoint", api.baseUrl());
        assertEquals(ExitCode.BAD_INPUT, run.exitCode(), run.err());
        assertTrue(run.err().contains("Unknown options: '--endpoint'"), run.err());
        assertFalse(cdn.run("verify", "--help").out().contains("--setting"));
    }

    private List<String> online(String command, String... more) {
        List<String> args = new ArrayList<>(List.of(command, "--domain", DOMAIN, "--certificate", "managed",
                "--endpoint", api.baseUrl()));
        args.addAll(List.of(more));
        return args;
    }

    private static List<String> names(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
