package dev.linkproxy.cloudflare;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.linkproxy.core.CdnException;
import dev.linkproxy.core.LinkProxySpec;
import dev.linkproxy.core.RetryPolicy;
import dev.linkproxy.core.spi.CdnClient;
import dev.linkproxy.core.spi.Deployment;
import dev.linkproxy.core.spi.Plan;
import dev.linkproxy.core.spi.Progress;
import dev.linkproxy.core.spi.ProviderSettings;
import dev.linkproxy.core.spi.Secret;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/**
 * Issue 8's fault matrix for Cloudflare: for each flow (create, update, no-op), for every API call {@code k} of the
 * flow as a clean run makes it, each fault injected at call {@code k} alone. A cell passes when apply converges
 * after retries, or fails with a {@link CdnException} naming call {@code k} and a second apply without faults then
 * converges; and, in every cell: one DNS record per link domain, the customer's rules in both entrypoints kept byte
 * for byte and in order, ours present once, one certificate pack, a no-op that writes nothing, every request within
 * Cloudflare's API description, and the API token in no log line (TRACE), exception, stack trace, plan or
 * {@code toString}.
 *
 * <p>Writes {@code target/fault-matrix.tsv} ({@code adapter flow call fault outcome}) and
 * {@code target/fault-matrix.md} (the README table), and prints the summary line.
 */
class FaultMatrixTest {

    /** Recognisable, so any leak of it anywhere is found by a plain search. */
    static final String TOKEN = "cfMATRIX-secret-token-5f1e9a2b7c3d8e4f";
    static final String A = "ablink.news.example.com";
    static final String B = "click.news.example.com";
    private static final int SLOW_MILLIS = 4000;
    /** The call timeout of a {@code timeout} cell: far below the slow answer, so nothing waits for it. */
    private static final Duration SHORT_CALL_TIMEOUT = Duration.ofMillis(1000);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);
    private static final String ADAPTER = "cloudflare";

    /** The six faults of issue 8, and the core error kind a cell that fails must carry. */
    enum Fault {
        RATE_LIMITED("429", CdnException.Kind.RATE_LIMITED, FaultInjector.Kind.RATE_LIMITED),
        SERVER_500("500", CdnException.Kind.SERVER, FaultInjector.Kind.SERVER_500),
        SERVER_503("503", CdnException.Kind.SERVER, FaultInjector.Kind.SERVER_503),
        RESET("reset", CdnException.Kind.TRANSPORT, FaultInjector.Kind.RESET),
        TIMEOUT("timeout", CdnException.Kind.TRANSPORT, FaultInjector.Kind.TIMEOUT),
        /** Two runs per cell: a truncated body, then an envelope without {@code result}. */
        MALFORMED("malformed", CdnException.Kind.UNEXPECTED_RESPONSE,
                FaultInjector.Kind.MALFORMED_TRUNCATED, FaultInjector.Kind.MALFORMED_NO_RESULT),
        /** Cloudflare's real refusals (issue 11): a refused token, a missing permission, a quota. */
        INVALID_TOKEN("401/1000", CdnException.Kind.AUTHENTICATION, FaultInjector.Kind.INVALID_TOKEN),
        MISSING_PERMISSION("403/10000", CdnException.Kind.PERMISSION, FaultInjector.Kind.MISSING_PERMISSION),
        QUOTA_EXCEEDED("quota-400", CdnException.Kind.INVALID_REQUEST, FaultInjector.Kind.QUOTA_EXCEEDED);

        final String label;
        final CdnException.Kind kind;
        final List<FaultInjector.Kind> injections;

        Fault(String label, CdnException.Kind kind, FaultInjector.Kind... injections) {
            this.label = label;
            this.kind = kind;
            this.injections = List.of(injections);
        }
    }

    enum Flow {
        /** A zone with the customer's rules in both entrypoints and no link domain yet. */
        CREATE("create"),
        /** Deployed; then the origin changed in the spec, our SSL rule and one TLS setting drifted. */
        UPDATE("update"),
        /** Deployed and matching. */
        NOOP("no-op");

        final String label;

        Flow(String label) {
            this.label = label;
        }
    }

    /** One request of a clean run: {@code k} (1-based), as sent, and the operation it is. */
    record Call(int k, String method, String url, String path, String body, String operation, String label) {
        boolean isWrite() {
            return !method.equals("GET");
        }
    }

    /** One cell's result for the report. */
    record Row(Flow flow, Call call, String fault, String outcome) {
    }

    /** A fresh account for a cell, the spec the flow applies, and the customer's rules as they were. */
    private record Account(FakeCloudflare fake, LinkProxySpec spec, Map<String, List<String>> foreignRules) {
    }

    /** A fake sleeper on a fake clock, for the retry policy. */
    private static final class Retry {
        final List<Duration> sleeps = new ArrayList<>();
        long nanos;

        RetryPolicy policy() {
            return RetryPolicy.builder().maxAttempts(4).baseDelay(Duration.ofMillis(500)).maxDelay(Duration.ofSeconds(5))
                    .maxTotal(Duration.ofSeconds(30)).random(() -> 0.5).nanoClock(() -> nanos)
                    .sleeper(d -> {
                        sleeps.add(d);
                        nanos += d.toNanos();
                    }).build();
        }
    }

    private static final FaultInjector INJECTOR = new FaultInjector(SLOW_MILLIS);
    private static WireMockServer server;
    private static final Map<Flow, List<Call>> CLEAN = new EnumMap<>(Flow.class);
    private static final List<Row> ROWS = Collections.synchronizedList(new ArrayList<>());
    private static final List<Row> LOST = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void startServer() {
        server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1").extensions(INJECTOR));
        server.start();
        server.stubFor(any(urlPathMatching(FakeCloudflare.PREFIX + "/.*"))
                .willReturn(aResponse().withTransformers(FaultInjector.NAME)));
    }

    @AfterAll
    static void report() throws IOException {
        try {
            Path target = Path.of(System.getProperty("user.dir"), "target");
            Files.createDirectories(target);
            List<Row> rows = sorted(ROWS);
            StringBuilder tsv = new StringBuilder("adapter\tflow\tcall\tfault\toutcome\n");
            rows.forEach(r -> tsv.append(ADAPTER).append('\t').append(r.flow().label).append('\t')
                    .append(r.call().label()).append('\t').append(r.fault()).append('\t').append(r.outcome()).append('\n'));
            Files.writeString(target.resolve("fault-matrix.tsv"), tsv, StandardCharsets.UTF_8);
            StringBuilder lost = new StringBuilder("adapter\tflow\tcall\tfault\toutcome\n");
            sorted(LOST).forEach(r -> lost.append(ADAPTER).append('\t').append(r.flow().label).append('\t')
                    .append(r.call().label()).append('\t').append(r.fault()).append('\t').append(r.outcome()).append('\n'));
            Files.writeString(target.resolve("fault-matrix-lost-answer.tsv"), lost, StandardCharsets.UTF_8);
            Files.writeString(target.resolve("fault-matrix.md"), markdown(rows), StandardCharsets.UTF_8);
            System.out.println(summary(rows));
            System.out.println(byFault(rows));
            System.out.println("cloudflare lost answers (write carried out, connection reset): " + LOST.size()
                    + " cells: " + count(LOST, "converged") + " converged, " + count(LOST, "failed-named")
                    + " failed-named then converged");
        } finally {
            if (server != null) {
                server.stop();
            }
        }
    }

    // ---- the matrix ---------------------------------------------------------------------------------------------

    @TestFactory
    Stream<DynamicNode> faultMatrix() {
        return Arrays.stream(Flow.values()).map(flow -> {
            List<Call> calls = clean(flow);
            return dynamicContainer(flow.label + " (" + calls.size() + " calls)", calls.stream().map(call ->
                    dynamicContainer(call.label(), Arrays.stream(Fault.values()).map(fault ->
                            dynamicTest(fault.label, () -> cell(flow, call, fault))))));
        });
    }

    /**
     * "The server carried out the write, but the answer was lost": for every write of every flow, the fake applies
     * it and then resets the connection. The next apply must find what was written, not make a second one.
     */
    @TestFactory
    Stream<DynamicNode> lostAnswers() {
        return Arrays.stream(Flow.values()).map(flow -> dynamicContainer(flow.label,
                clean(flow).stream().filter(Call::isWrite).map(call -> dynamicTest(call.label(), () -> {
                    String outcome = run(flow, call, FaultInjector.Kind.LOST_ANSWER, CdnException.Kind.TRANSPORT, false);
                    LOST.add(new Row(flow, call, "lost-answer", outcome));
                }))));
    }

    private void cell(Flow flow, Call call, Fault fault) {
        String outcome = null;
        for (FaultInjector.Kind injection : fault.injections) {
            String o = run(flow, call, injection, expectedKind(fault, call), fault == Fault.TIMEOUT);
            outcome = outcome == null || o.equals("failed-named") ? o : outcome;
        }
        ROWS.add(new Row(flow, call, fault.label, outcome));
    }

    /**
     * The kind a failed cell must carry: the fault's, except that 403/10000 on the token check is a refused token,
     * not a missing permission.
     */
    private static CdnException.Kind expectedKind(Fault fault, Call call) {
        return fault == Fault.MISSING_PERMISSION && call.path().endsWith("/tokens/verify")
                ? CdnException.Kind.AUTHENTICATION : fault.kind;
    }

    /** The calls of a clean run of {@code flow}, recorded once per flow: the matrix's {@code k}s are data. */
    private static synchronized List<Call> clean(Flow flow) {
        return CLEAN.computeIfAbsent(flow, f -> {
            Account account = prepare(f);
            server.resetRequests();
            Retry retry = new Retry();
            try (SecretScan.StderrCapture err = new SecretScan.StderrCapture();
                 CdnClient client = provider().connect(settings(retry, CALL_TIMEOUT))) {
                deploy(client, account.spec(), Progress.NONE);
            }
            assertTrue(retry.sleeps.isEmpty(), "a clean run retries nothing");
            List<ServeEvent> events = new ArrayList<>(server.getAllServeEvents());
            Collections.reverse(events);
            List<Call> calls = new ArrayList<>();
            for (ServeEvent e : events) {
                calls.add(call(calls.size() + 1, e.getRequest()));
            }
            assertFalse(calls.isEmpty());
            if (f == Flow.NOOP) {
                assertTrue(calls.stream().noneMatch(Call::isWrite), "a clean no-op writes nothing: " + calls);
            } else {
                assertTrue(calls.stream().anyMatch(Call::isWrite), "a clean " + f.label + " writes: " + calls);
            }
            assertInvariants(account, true, f.label + " clean run");
            return List.copyOf(calls);
        });
    }

    /**
     * One run of a cell: a fresh account in the flow's starting state, {@code injection} at call {@code k}, then the
     * checks of issue 8. Returns {@code converged} or {@code failed-named}; anything else fails the test.
     */
    private static String run(Flow flow, Call call, FaultInjector.Kind injection, CdnException.Kind expectedKind,
                              boolean shortTimeout) {
        String cell = flow.label + " × " + call.label() + " × " + injection;
        Account account = prepare(flow);
        server.resetRequests();
        SecretScan scan = new SecretScan();
        Retry retry = new Retry();
        ProviderSettings settings = settings(retry, shortTimeout ? SHORT_CALL_TIMEOUT : CALL_TIMEOUT);
        scan.add("settings", settings).add("retry policy", settings.retryPolicy());
        CdnException failure = null;
        String log;
        try (SecretScan.StderrCapture err = new SecretScan.StderrCapture()) {
            try {
                INJECTOR.arm(call.k(), injection);
                try (CdnClient client = provider().connect(settings)) {
                    scan.add("client", client);
                    Deployment d = deploy(client, account.spec(), e -> scan.add("progress", e));
                    scan.add("deployment", d).add("deployment resources", d.resources());
                } catch (CdnException e) {
                    failure = e;
                    scan.addThrowable("apply failure", e);
                } catch (RuntimeException | Error other) {
                    throw new AssertionError(cell + ": apply failed with something other than a CdnException:\n"
                            + SecretScan.stackTrace(other) + "\n" + err.text(), other);
                }
            } finally {
                Request fired = INJECTOR.fired();
                INJECTOR.disarm();
                assertNotNull(fired, cell + ": the fault never fired");
                assertEquals(call.method() + " " + call.url(), fired.getMethod().getName() + " " + fired.getUrl(),
                        cell + ": the fault hit another call than the clean run's call " + call.k());
            }
            assertInvariants(account, false, cell + ", after the faulted apply");

            if (failure != null) {
                // 401/1000 on the user endpoint may be an account-owned token: the account endpoint is asked, and
                // its refusal is the error.
                String expectedOperation = injection == FaultInjector.Kind.INVALID_TOKEN
                        && call.operation().equals("GET /user/tokens/verify")
                        ? "GET /accounts/{account_id}/tokens/verify" : call.operation();
                assertEquals(expectedOperation, failure.operation(), cell + ": the error names another call:\n"
                        + SecretScan.stackTrace(failure));
                assertEquals(expectedKind, failure.kind(), cell + ": " + failure.getMessage());
                assertEquals(ADAPTER, failure.provider());
                assertTrue(failure.getMessage().contains(expectedOperation), failure.getMessage());
                Retry again = new Retry();
                try (CdnClient client = provider().connect(settings(again, CALL_TIMEOUT))) {
                    Deployment d = deploy(client, account.spec(), e -> scan.add("progress (second apply)", e));
                    scan.add("deployment (second apply)", d);
                } catch (RuntimeException e) {
                    throw new AssertionError(cell + ": the second apply, without faults, failed:\n"
                            + SecretScan.stackTrace(e), e);
                }
                assertEquals(List.of(), again.sleeps, cell + ": the second apply needed no retry");
            } else if (expectedKind.retryable()) {
                // Converged after one retry; a 429's retry-after is what the sleeper saw. A timeout cell runs on a
                // short call timeout, which a loaded machine may exceed once more on the retry: more retries, fine.
                if (injection == FaultInjector.Kind.TIMEOUT) {
                    assertFalse(retry.sleeps.isEmpty(), cell + ": retried");
                } else {
                    assertEquals(1, retry.sleeps.size(), cell + ": one retry, not " + retry.sleeps);
                }
                if (injection == FaultInjector.Kind.RATE_LIMITED) {
                    assertEquals(List.of(Duration.ofSeconds(1)), retry.sleeps, cell + ": retry-after honoured");
                }
            }
            Plan plan;
            try (CdnClient client = provider().connect(settings(new Retry(), CALL_TIMEOUT))) {
                plan = client.plan(account.spec());
            }
            scan.add("plan", plan).add("plan text", plan.toText()).add("plan json", plan.toJson());
            assertTrue(plan.isEmpty(), cell + ": not converged:\n" + plan.toText());
            log = err.text();
        }
        assertInvariants(account, true, cell + ", converged");
        Journal journal = Journal.of(server);
        if (flow == Flow.NOOP) {
            assertTrue(journal.writes().isEmpty(), cell + ": a no-op wrote " + journal.writes());
        }
        List<String> problems = new ArrayList<>();
        ApiContract contract = ApiContract.load();
        for (Journal.Call c : journal.calls()) {
            problems.addAll(contract.problems(c.method(), c.path(), c.body()));
        }
        assertEquals(List.of(), problems, cell + ": requests outside Cloudflare's API description");

        // Secrets: the log at TRACE, every exception with its stack trace, every toString, plan and JSON.
        assertTrue(log.contains("GET /user/tokens/verify -> 200"), cell + ": the adapter's log was not captured:\n" + log);
        scan.add("log", log);
        scan.assertNoneContains(List.of(TOKEN));
        assertFalse(log.contains("Authorization"), cell + ": the log names the Authorization header");
        assertFalse(log.contains("Bearer"), cell + ": the log holds a bearer credential");
        return failure == null ? "converged" : "failed-named";
    }

    /**
     * Apply, then await, as {@code apply --await} runs them: the link domains are deeper than the zone's first level,
     * so their records wait for the advanced pack and await writes them; every call of both is in the matrix.
     */
    private static Deployment deploy(CdnClient client, LinkProxySpec spec, dev.linkproxy.core.spi.Progress progress) {
        return client.await(client.apply(spec, progress), Duration.ofHours(1), progress);
    }

    // ---- accounts, settings ---------------------------------------------------------------------------------------

    private static LinkProxySpec spec() {
        return LinkProxySpec.builder().linkDomains(A, B).certificate("managed").build();
    }

    /** A new account in the flow's starting state, served from now on. */
    private static Account prepare(Flow flow) {
        FakeCloudflare fake = new FakeCloudflare();
        fake.zone("example.com");
        fake.record("A", "www.example.com", "192.0.2.80", true, null);
        fake.rule("(http.host eq \"www.example.com\")", "strict");
        fake.rule("(http.request.uri.path contains \"/api\")", "flexible");
        fake.cacheRule("(http.host contains \"static.example.com\")", 86400);
        INJECTOR.serve(fake);
        INJECTOR.disarm();
        LinkProxySpec spec = spec();
        if (flow != Flow.CREATE) {
            try (SecretScan.StderrCapture err = new SecretScan.StderrCapture();
                 CdnClient client = provider().connect(settings(new Retry(), CALL_TIMEOUT))) {
                deploy(client, spec, Progress.NONE);
            }
        }
        if (flow == Flow.UPDATE) {
            for (JsonNode rule : fake.entrypoint(CloudflareRenderer.CONFIG_PHASE).path("rules")) {
                if (rule.path("ref").asText().equals(CloudflareRenderer.RULE_REF_PREFIX + A.replace('.', '_'))) {
                    ((ObjectNode) rule.path("action_parameters")).put("ssl", "flexible");
                }
            }
            fake.hostnameTls.put(B, "1.0");
            spec = spec.toBuilder().origin("sendgrid-eu").build();
        }
        Map<String, List<String>> foreign = new TreeMap<>();
        for (String phase : List.of(CloudflareRenderer.CONFIG_PHASE, CloudflareRenderer.CACHE_PHASE)) {
            foreign.put(phase, foreignRules(fake, phase));
        }
        return new Account(fake, spec, foreign);
    }

    private static List<String> foreignRules(FakeCloudflare fake, String phase) {
        List<String> out = new ArrayList<>();
        ObjectNode entrypoint = fake.entrypoint(phase);
        if (entrypoint != null) {
            for (JsonNode r : entrypoint.path("rules")) {
                if (!r.path("ref").asText("").startsWith("linkproxy_")) {
                    out.add(r.toString());
                }
            }
        }
        return out;
    }

    private static ProviderSettings settings(Retry retry, Duration callTimeout) {
        return ProviderSettings.builder()
                .endpoint(URI.create(server.baseUrl() + FakeCloudflare.PREFIX))
                .secret(CloudflareProvider.API_TOKEN, Secret.of(TOKEN))
                .retryPolicy(retry.policy())
                .callTimeout(callTimeout)
                .connectTimeout(Duration.ofSeconds(5))
                .environment(name -> null)
                .build();
    }

    private static CloudflareProvider provider() {
        return new CloudflareProvider(d -> { }, () -> 0L, Clock.fixed(Fixture.NOW, ZoneOffset.UTC));
    }

    // ---- invariants -------------------------------------------------------------------------------------------

    /**
     * What must hold after any apply, failed or not ({@code converged=false}: nothing doubled, nothing foreign lost),
     * and what must hold once converged: each link domain's record, our rules, the TLS settings and one pack.
     */
    private static void assertInvariants(Account account, boolean converged, String when) {
        FakeCloudflare fake = account.fake();
        ObjectNode wanted = new CloudflareRenderer().render(account.spec(), java.util.Optional.of("example.com")).config();
        for (JsonNode record : wanted.path("dns_records")) {
            String domain = record.path("name").asText();
            List<ObjectNode> present = fake.recordsNamed(domain);
            assertTrue(present.size() <= 1, when + ": " + present.size() + " records at " + domain + ": " + present);
            if (converged) {
                assertEquals(1, present.size(), when + ": records at " + domain);
                assertEquals("CNAME", present.get(0).path("type").asText(), when);
                assertTrue(present.get(0).path("proxied").asBoolean(), when + ": proxied");
                assertEquals(record.path("content").asText(), present.get(0).path("content").asText(), when);
                assertEquals(account.spec().minViewerTls().wireName(), fake.hostnameTls.get(domain),
                        when + ": min TLS of " + domain);
            }
        }
        assertEquals(1, fake.recordsNamed("www.example.com").size(), when + ": the customer's own record");
        for (var e : account.foreignRules().entrySet()) {
            assertEquals(e.getValue(), foreignRules(fake, e.getKey()),
                    when + ": the customer's " + e.getKey() + " rules, byte for byte and in order");
        }
        for (String kind : List.of("config_rules", "cache_rules")) {
            String phase = kind.equals("config_rules") ? CloudflareRenderer.CONFIG_PHASE : CloudflareRenderer.CACHE_PHASE;
            for (JsonNode rule : wanted.path(kind)) {
                String ref = rule.path("ref").asText();
                ObjectNode entrypoint = fake.entrypoint(phase);
                List<JsonNode> ours = new ArrayList<>();
                if (entrypoint != null) {
                    entrypoint.path("rules").forEach(r -> {
                        if (r.path("ref").asText().equals(ref)) {
                            ours.add(r);
                        }
                    });
                }
                assertTrue(ours.size() <= 1, when + ": rule " + ref + " " + ours.size() + " times");
                if (converged) {
                    assertEquals(1, ours.size(), when + ": rule " + ref);
                    assertEquals(rule.path("action_parameters"), ours.get(0).path("action_parameters"), when + ": " + ref);
                }
            }
        }
        long ordered = fake.packs.stream().filter(p -> !"universal".equals(p.path("type").asText())).count();
        assertTrue(ordered <= 1, when + ": " + ordered + " certificate packs ordered");
        if (converged) {
            assertEquals(1, ordered, when + ": certificate packs ordered");
        }
    }

    // ---- the report ---------------------------------------------------------------------------------------------

    private static Call call(int k, Request request) {
        String method = request.getMethod().getName();
        String url = request.getUrl();
        String path = url.replaceFirst("\\?.*", "").substring(FakeCloudflare.PREFIX.length());
        String body = request.getBodyAsString();
        String operation = ApiContract.load().operation(method, path)
                .orElseThrow(() -> new AssertionError("not an operation of Cloudflare's API: " + method + " " + path));
        String template = operation.substring(method.length() + 1);
        String[] t = template.split("/");
        String[] p = path.split("/");
        StringBuilder shown = new StringBuilder();
        for (int i = 1; i < t.length; i++) {
            boolean id = p[i].matches("[0-9a-f]{32}") || p[i].equals(A) || p[i].equals(B);
            shown.append('/').append(t[i].startsWith("{") && !id ? p[i] : t[i]);
        }
        String text = url + " " + body;
        String about = text.contains(A) && !text.contains(B) ? " (" + A.substring(0, A.indexOf('.')) + ")"
                : text.contains(B) && !text.contains(A) ? " (" + B.substring(0, B.indexOf('.')) + ")" : "";
        String label = String.format("%02d %s %s%s", k, method, shown, about);
        return new Call(k, method, url, path, body, operation, label);
    }

    private static List<Row> sorted(List<Row> rows) {
        List<Row> out = new ArrayList<>(rows);
        out.sort((x, y) -> x.flow() != y.flow() ? x.flow().compareTo(y.flow())
                : x.call().k() != y.call().k() ? Integer.compare(x.call().k(), y.call().k())
                : Integer.compare(faultOrder(x.fault()), faultOrder(y.fault())));
        return out;
    }

    private static int faultOrder(String label) {
        for (Fault f : Fault.values()) {
            if (f.label.equals(label)) {
                return f.ordinal();
            }
        }
        return Fault.values().length;
    }

    private static long count(List<Row> rows, String outcome) {
        return rows.stream().filter(r -> r.outcome().equals(outcome)).count();
    }

    static String summary(List<Row> rows) {
        return "cloudflare fault matrix: " + rows.size() + " cells: " + count(rows, "converged") + " converged, "
                + count(rows, "failed-named") + " failed-named then converged";
    }

    private static String byFault(List<Row> rows) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Fault f : Fault.values()) {
            List<Row> of = rows.stream().filter(r -> r.fault().equals(f.label)).toList();
            out.put(f.label, count(of, "converged") + " ok / " + count(of, "failed-named") + " named");
        }
        return "cloudflare by fault: " + out.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", "));
    }

    /** Rows = flow × call, columns = fault, cell = ok (converged) / named (failed-named then converged). */
    private static String markdown(List<Row> rows) {
        StringBuilder md = new StringBuilder("| flow | call |");
        for (Fault f : Fault.values()) {
            md.append(' ').append(f.label).append(" |");
        }
        md.append("\n|---|---|").append("---|".repeat(Fault.values().length)).append('\n');
        Map<String, Map<String, String>> table = new LinkedHashMap<>();
        for (Row r : rows) {
            table.computeIfAbsent(r.flow().label + " | " + r.call().label().replace("|", "\\|"), x -> new LinkedHashMap<>())
                    .put(r.fault(), r.outcome().equals("converged") ? "ok" : "named");
        }
        table.forEach((row, cells) -> {
            md.append("| ").append(row).append(" |");
            for (Fault f : Fault.values()) {
                md.append(' ').append(cells.getOrDefault(f.label, "?")).append(" |");
            }
            md.append('\n');
        });
        md.append('\n').append(summary(rows)).append('\n').append(byFault(rows)).append('\n');
        return md.toString();
    }
}
