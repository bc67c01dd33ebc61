package dev.linkproxy.samples;

import static dev.linkproxy.samples.BadInput.ARN;
import static dev.linkproxy.samples.BadInput.DOMAIN;
import static dev.linkproxy.samples.BadInput.assertRefused;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.linkproxy.samples.BadInput.Cdn;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 8 §4, CLI arguments: unknown options and commands, missing or malformed values, flags that do not go
 * together, files that are missing or malformed, across the three CLIs. Each: exit 2, stderr naming the problem, no
 * API call (the commands that can reach an API get {@code --endpoint} at WireMock and credentials in their
 * environment; {@code verify} asks only a loopback resolver, in case a bad value got through).
 */
class BadInputArgumentsTest {

    static final String CATEGORY = "CLI arguments";

    /** Where {@code {endpoint}} stands in a case, the WireMock URL goes; {@code {dir}} is the temporary directory. */
    private static final String ENDPOINT = "{endpoint}";
    private static final String DIR = "{dir}";

    /** A closed loopback port: if a bad verify ever started, its DNS would go nowhere. */
    private static final List<String> LOOPBACK_RESOLVER = List.of("--resolver", "127.0.0.1:9");

    @TempDir
    static Path dir;

    private static WireMockServer api;

    @BeforeAll
    static void start() throws IOException {
        api = BadInput.startApi();
        Files.writeString(dir.resolve("spec.txt"), "linkDomains: [ablink.news.example.com]\ncertificate: managed\n");
        Files.writeString(dir.resolve("domains.txt"), "ablink.one.example.com\n# a comment\nnot a host!\n"
                + "ablink.two.example.com /wf/click?upn=1\n");
        Files.createDirectories(dir.resolve("specs.yaml"));
        Files.writeString(dir.resolve("wildcard.yaml"), "linkDomains: ['*.customer.com']\ncertificate: managed\n");
    }

    @AfterAll
    static void stop() {
        api.stop();
        BadInput.printSummary(CATEGORY, cases().count() + " argument lists over the 3 CLIs");
    }

    @BeforeEach
    void forgetEarlierCalls() {
        api.resetAll();
    }

    /** One case: a CLI, its arguments, and what stderr must say. */
    private static Arguments c(String name, Cdn cdn, List<String> args, String... problem) {
        return Arguments.of(name, cdn, args, problem);
    }

    private static List<String> args(String... args) {
        return List.of(args);
    }

    private static List<String> verify(String... args) {
        List<String> all = new ArrayList<>(List.of("verify"));
        all.addAll(List.of(args));
        all.addAll(LOOPBACK_RESOLVER);
        return all;
    }

    static Stream<Arguments> cases() {
        String acmArn = "acm:" + ARN;
        return Stream.of(
                c("unknown option", Cdn.CLOUDFRONT,
                        args("plan", "--bogus", "--domain", DOMAIN, "--certificate", acmArn, "--endpoint", ENDPOINT),
                        "Unknown option: '--bogus'"),
                c("unknown command", Cdn.FASTLY, args("deploy", "--domain", DOMAIN, "--certificate", "managed"),
                        "'deploy'"),
                c("no command", Cdn.CLOUDFLARE, args(), "a command is required: plan, apply, status, verify, cutover or onboard"),
                c("neither --spec nor --domain", Cdn.CLOUDFLARE, args("plan", "--endpoint", ENDPOINT),
                        "linkDomains: at least one link domain is required", "certificate: required"),
                c("--domain wildcard", Cdn.CLOUDFRONT,
                        args("apply", "--yes", "--domain", "*.x.com", "--certificate", acmArn, "--endpoint", ENDPOINT),
                        "linkDomains[0]: \"*.x.com\" is a wildcard"),
                c("--domain IP address", Cdn.FASTLY,
                        args("plan", "--domain", "192.0.2.7", "--certificate", "managed", "--endpoint", ENDPOINT),
                        "linkDomains[0]: \"192.0.2.7\" is an IP address"),
                c("--certificate garbage", Cdn.CLOUDFLARE,
                        args("status", "--domain", DOMAIN, "--certificate", "garbage", "--endpoint", ENDPOINT),
                        "certificate: \"garbage\" is not a certificate source"),
                c("--certificate acm: on Cloudflare", Cdn.CLOUDFLARE,
                        args("apply", "--yes", "--domain", DOMAIN, "--certificate", acmArn, "--endpoint", ENDPOINT),
                        "is an AWS Certificate Manager certificate"),
                c("--certificate acm: on Fastly", Cdn.FASTLY,
                        args("plan", "--domain", DOMAIN, "--certificate", acmArn, "--endpoint", ENDPOINT),
                        "is an AWS Certificate Manager certificate"),
                c("--certificate acm: outside us-east-1", Cdn.CLOUDFRONT,
                        args("plan", "--domain", DOMAIN, "--certificate",
                                "acm:arn:aws:acm:eu-west-1:123456789012:certificate/0d3c1a2b-1111-2222-3333-444455556666",
                                "--endpoint", ENDPOINT),
                        "the ACM certificate is in eu-west-1", "us-east-1"),
                c("--certificate pem: with one file", Cdn.CLOUDFLARE,
                        args("plan", "--domain", DOMAIN, "--certificate", "pem:link.pem", "--endpoint", ENDPOINT),
                        "needs both files"),
                c("--origin ses: without a region", Cdn.CLOUDFRONT,
                        args("plan", "--domain", DOMAIN, "--certificate", acmArn, "--origin", "ses:", "--endpoint", ENDPOINT),
                        "origin: \"ses:\" needs an AWS region"),
                c("--forwarding bogus", Cdn.FASTLY,
                        args("apply", "--yes", "--domain", DOMAIN, "--certificate", "managed", "--forwarding", "bogus",
                                "--endpoint", ENDPOINT),
                        "forwarding: \"bogus\" is not one of managed-policies, runbook"),
                c("--spec missing file", Cdn.CLOUDFLARE,
                        args("plan", "--spec", DIR + "/missing.yaml", "--endpoint", ENDPOINT),
                        DIR + "/missing.yaml: no such file"),
                c("--spec a directory", Cdn.CLOUDFRONT,
                        args("apply", "--yes", "--spec", DIR, "--endpoint", ENDPOINT),
                        "unknown file type; name spec files *.yaml, *.yml or *.json"),
                c("--spec a directory named like a spec", Cdn.FASTLY,
                        args("plan", "--spec", DIR + "/specs.yaml", "--endpoint", ENDPOINT),
                        DIR + "/specs.yaml: cannot be read"),
                c("--spec with an unknown extension", Cdn.CLOUDFRONT,
                        args("plan", "--spec", DIR + "/spec.txt", "--endpoint", ENDPOINT),
                        "spec.txt", ".yaml"),
                c("--spec of a bad file with --domain overriding the bad field", Cdn.FASTLY,
                        args("plan", "--spec", DIR + "/wildcard.yaml", "--domain", DOMAIN, "--endpoint", ENDPOINT),
                        "linkDomains[0]: \"*.customer.com\" is a wildcard"),
                c("--setting unknown", Cdn.FASTLY,
                        args("status", "--domain", DOMAIN, "--certificate", "managed", "--setting", "nosuch=1",
                                "--endpoint", ENDPOINT),
                        "--setting nosuch: fastly has no such setting"),
                c("--setting with a secret", Cdn.CLOUDFLARE,
                        args("plan", "--domain", DOMAIN, "--certificate", "managed", "--setting",
                                "apiToken=" + BadInput.CLOUDFLARE_TOKEN, "--endpoint", ENDPOINT),
                        "a secret does not go on the command line", "CLOUDFLARE_API_TOKEN"),
                c("--wait-minutes not a number", Cdn.CLOUDFRONT,
                        args("apply", "--yes", "--wait", "--wait-minutes", "soon", "--domain", DOMAIN, "--certificate",
                                acmArn, "--endpoint", ENDPOINT),
                        "--wait-minutes", "'soon'"),
                c("verify --pre-cutover without --cdn-endpoint", Cdn.CLOUDFRONT,
                        verify("--pre-cutover", "--domain", DOMAIN, "--endpoint", ENDPOINT),
                        "--pre-cutover and --cdn-endpoint go together"),
                c("verify --cdn-endpoint not a host", Cdn.CLOUDFLARE,
                        verify("--pre-cutover", "--cdn-endpoint", "edge_1.example.net", "--domain", DOMAIN),
                        "--cdn-endpoint:", "\"_\""),
                c("verify --expect-target 10.0.0.0/33", Cdn.CLOUDFRONT,
                        verify("--domain", DOMAIN, "--expect-target", "10.0.0.0/33", "--endpoint", ENDPOINT),
                        "Invalid value for option '--expect-target'", "prefix /33 is out of range"),
                c("verify --timeout -5s", Cdn.CLOUDFRONT,
                        verify("--domain", DOMAIN, "--timeout", "-5s", "--endpoint", ENDPOINT),
                        "--timeout", "-5s"),
                c("verify --concurrency 0", Cdn.FASTLY, verify("--domain", DOMAIN, "--concurrency", "0"),
                        "--concurrency must be at least 1, got 0"),
                c("verify --domains-file with a bad line", Cdn.CLOUDFRONT,
                        verify("--domains-file", DIR + "/domains.txt", "--endpoint", ENDPOINT),
                        "1 bad domain; nothing was checked", "domains.txt line 3:"),
                c("verify --domains-file missing", Cdn.CLOUDFLARE, verify("--domains-file", DIR + "/nowhere.txt"),
                        "--domains-file", "nowhere.txt does not exist"),
                c("verify --domain wildcard", Cdn.CLOUDFRONT,
                        verify("--domain", "*.customer.com", "--endpoint", ENDPOINT),
                        "--domain \"*.customer.com\":", "wildcard"),
                c("verify without a domain", Cdn.FASTLY, verify(),
                        "no link domain; give --domain HOST (repeatable) or --domains-file FILE"),
                c("verify --link not a path", Cdn.CLOUDFLARE, verify("--domain", DOMAIN, "--link", "wf/click"),
                        "--link: \"wf/click\" is not a tracked link"),
                c("verify --ca-file missing", Cdn.FASTLY,
                        verify("--domain", DOMAIN, "--ca-file", DIR + "/no-ca.pem"), "no-ca.pem"),
                c("verify --endpoint on a CLI whose verify has no account", Cdn.FASTLY,
                        verify("--domain", DOMAIN, "--endpoint", ENDPOINT), "Unknown options: '--endpoint'"));
    }

    @ParameterizedTest(name = "{1}: {0}")
    @MethodSource("cases")
    void isRefusedBeforeAnyApiCall(String name, Cdn cdn, List<String> args, String[] problem) {
        List<String> actual = args.stream()
                .map(a -> a.replace(ENDPOINT, api.baseUrl()).replace(DIR, dir.toString()))
                .toList();
        String[] expected = Stream.of(problem).map(p -> p.replace(DIR, dir.toString())).toArray(String[]::new);
        assertRefused(CATEGORY, cdn, actual, api, expected);
    }
}
