package dev.linkproxy.samples;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What the bad-input tests (issue 8 §4) share: the three CLIs, each with working-looking credentials in its
 * environment and {@code --endpoint} at a loopback WireMock, so that it <em>could</em> call the API; and the one
 * check every case must pass: exit code 2, stderr naming the problem, nothing (or, with {@code --json}, one error
 * document) on stdout, no secret printed, and an empty journal: not one API call.
 */
final class BadInput {

    /** Key ids and tokens the CLIs find in their environment; none may ever be printed. */
    static final String AWS_KEY_ID = "AKIDBADINPUT0000";
    static final String AWS_SECRET = "bad-input-aws-secret-0123456789abcdef";
    static final String CLOUDFLARE_TOKEN = "bad-input-cloudflare-token-0123456789";
    static final String FASTLY_TOKEN = "bad-input-fastly-token-0123456789abc";
    static final List<String> SECRETS = List.of(AWS_SECRET, CLOUDFLARE_TOKEN, FASTLY_TOKEN);

    static final String DOMAIN = "ablink.news.example.com";
    static final String ARN = "arn:aws:acm:us-east-1:123456789012:certificate/0d3c1a2b-1111-2222-3333-444455556666";

    /** One CLI under test, with its credentials in its environment. */
    enum Cdn {
        CLOUDFRONT(CloudFrontCli::context, CloudFrontCli.COMMAND, "cloudfront",
                Map.of("AWS_ACCESS_KEY_ID", AWS_KEY_ID, "AWS_SECRET_ACCESS_KEY", AWS_SECRET), "acm:" + ARN),
        CLOUDFLARE(CloudflareCli::context, CloudflareCli.COMMAND, "cloudflare",
                Map.of("CLOUDFLARE_API_TOKEN", CLOUDFLARE_TOKEN), "managed"),
        FASTLY(FastlyCli::context, FastlyCli.COMMAND, "fastly", Map.of("FASTLY_API_TOKEN", FASTLY_TOKEN), "managed");

        final Function<CliIo, CliContext> cli;
        final String command;
        final String provider;
        final Map<String, String> env;
        /** A certificate source this CDN takes: what a valid spec on the command line names. */
        final String goodCertificate;

        Cdn(Function<CliIo, CliContext> cli, String command, String provider, Map<String, String> env,
            String goodCertificate) {
            this.cli = cli;
            this.command = command;
            this.provider = provider;
            this.env = env;
            this.goodCertificate = goodCertificate;
        }

        CliRun run(List<String> args) {
            return CliRun.Setup.of(cli).withEnv(env).run(args);
        }

        @Override
        public String toString() {
            return command;
        }
    }

    /** The three categories of issue 8 §4, each a test class; the last to finish prints the total. */
    static final List<String> CATEGORIES = List.of("spec files", "CLI arguments", "certificate/key files");

    /** Per category: the cases that passed, and all that ran. */
    static final Map<String, AtomicInteger[]> TALLY = new java.util.concurrent.ConcurrentHashMap<>();

    private BadInput() {
    }

    /** The loopback stand-in for every CDN's API: it answers nothing useful, it only records. */
    static WireMockServer startApi() {
        WireMockServer api = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        api.start();
        return api;
    }

    /**
     * Runs {@code args} on {@code cdn} and checks that it is refused as bad input without any API call: exit 2,
     * every one of {@code problem} on stderr, stdout empty, no secret printed, {@code api}'s journal empty.
     */
    static CliRun assertRefused(String category, Cdn cdn, List<String> args, WireMockServer api, String... problem) {
        return assertRefused(category, cdn, args, api, List.of(), problem);
    }

    /** As above; and none of {@code neverPrinted} (e.g. the lines of a private key) is on stdout or stderr. */
    static CliRun assertRefused(String category, Cdn cdn, List<String> args, WireMockServer api,
                                List<String> neverPrinted, String... problem) {
        AtomicInteger[] t = TALLY.computeIfAbsent(category, k -> new AtomicInteger[] {new AtomicInteger(), new AtomicInteger()});
        t[1].incrementAndGet();
        CliRun run = cdn.run(args);
        String what = cdn + " " + String.join(" ", args);
        assertEquals(ExitCode.BAD_INPUT, run.exitCode(), what + "\nstdout:\n" + run.out() + "\nstderr:\n" + run.err());
        for (String p : problem) {
            assertTrue(run.err().contains(p), what + ": stderr does not name the problem «" + p + "»:\n" + run.err());
        }
        assertTrue(run.err().startsWith(cdn.command + ": "), what + ": stderr does not start with the command:\n" + run.err());
        if (args.contains("--json")) {
            JsonNode doc = run.json();
            assertEquals(cdn.provider, doc.path("provider").asText(), doc.toString());
            assertEquals(ExitCode.BAD_INPUT, doc.at("/error/exitCode").asInt(), doc.toString());
            for (String p : problem) {
                assertTrue(doc.at("/error/message").asText().contains(p), what + ": the error document does not name «"
                        + p + "»:\n" + doc);
            }
        } else {
            assertEquals("", run.out(), what + ": stdout should be empty");
        }
        assertNoSecret(run, SECRETS);
        assertNoSecret(run, neverPrinted);
        assertNoApiCall(api, what);
        t[0].incrementAndGet();
        return run;
    }

    /**
     * Prints the category's line, e.g. {@code bad input, spec files: 594 cases, all exit 2, 0 API calls}, and once
     * every category has run (the three classes share one JVM), the total.
     */
    static void printSummary(String category, String detail) {
        System.out.println(line("bad input, " + category, TALLY.get(category), detail));
        if (TALLY.keySet().containsAll(CATEGORIES)) {
            AtomicInteger[] total = {new AtomicInteger(), new AtomicInteger()};
            CATEGORIES.forEach(c -> {
                total[0].addAndGet(TALLY.get(c)[0].get());
                total[1].addAndGet(TALLY.get(c)[1].get());
            });
            System.out.println(line("bad input", total, CATEGORIES.stream()
                    .map(c -> TALLY.get(c)[1].get() + " " + c).collect(Collectors.joining(", "))));
        }
    }

    private static String line(String title, AtomicInteger[] t, String detail) {
        if (t == null) {
            return title + ": no case ran";
        }
        int passed = t[0].get();
        int ran = t[1].get();
        return title + ": " + ran + " cases (" + detail + "), " + (passed == ran
                ? "all exit 2, 0 API calls"
                : (ran - passed) + " FAILED (wrong exit code, unnamed problem, output, a secret printed or an API call)");
    }

    static void assertNoSecret(CliRun run, List<String> secrets) {
        for (String s : secrets) {
            assertFalse(run.out().contains(s) || run.err().contains(s), "a secret (a token or a line of a private key) was printed");
        }
    }

    static void assertNoApiCall(WireMockServer api, String what) {
        List<ServeEvent> calls = api.getAllServeEvents();
        assertTrue(calls.isEmpty(), what + ": " + calls.size() + " API call(s) made:\n" + calls.stream()
                .map(e -> "  " + e.getRequest().getMethod() + " " + e.getRequest().getUrl())
                .collect(Collectors.joining("\n")));
    }

    /** {@code args}, then {@code --endpoint} at {@code api}. */
    static List<String> online(WireMockServer api, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--endpoint");
        all.add(api.baseUrl());
        return all;
    }
}
