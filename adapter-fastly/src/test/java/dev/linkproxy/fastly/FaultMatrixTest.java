package dev.linkproxy.fastly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.linkproxy.core.CdnException;
import dev.linkproxy.core.LinkProxySpec;
import dev.linkproxy.core.spi.CdnClient;
import dev.linkproxy.core.spi.Deployment;
import dev.linkproxy.core.spi.NativeConfig;
import dev.linkproxy.core.spi.Plan;
import dev.linkproxy.core.spi.ProviderSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Issue 8's fault matrix for Fastly. For each flow (create, update, no-op) and every API call k of that flow as a clean
 * run makes them (recorded first: the call list is data), each fault is injected at request k alone, counted by the
 * fake: 429 with {@code Retry-After: 1}, 500, 503, connection reset (nothing carried out), a read time-out (carried
 * out, answered after 2 s against a 500 ms call timeout) and a malformed answer (carried out, 200 with half the body).
 * Every write is also run with its answer lost (carried out, then the connection reset), reported separately.
 *
 * <p>A cell is {@code converged} (apply returned and a plan afterwards is empty) or {@code failed-named} (a
 * {@link CdnException} whose operation is call k's, and a second apply without faults converges); anything else fails.
 * Every cell also checks, on the fake's state: one service and one TLS subscription for the link domain; at most one
 * version activated and at most one version made per apply; every version ever activated holds the full render
 * (domains, backend fields, snippets, settings); a failed apply that stopped before activation left the active version
 * as it was; the no-op flow never writes; every request matches fastly-api.json; and nothing logged (TRACE), thrown or
 * printed holds the API token.
 *
 * <p>Writes {@code target/fault-matrix.tsv} ({@code adapter flow call fault outcome}) and
 * {@code target/fault-matrix-lost-answer.tsv}, and prints the summary.
 */
class FaultMatrixTest {

    static final String ADAPTER = "fastly";
    static final String CONVERGED = "converged";
    static final String NAMED = "failed-named";
    static final Duration CALL_TIMEOUT = Duration.ofMillis(1000);
    static final List<FakeFastly.Injected> FAULTS = List.of(FakeFastly.Injected.RATE_LIMITED,
            FakeFastly.Injected.SERVER_500, FakeFastly.Injected.SERVER_503, FakeFastly.Injected.RESET,
            FakeFastly.Injected.TIMEOUT, FakeFastly.Injected.MALFORMED);

    /** One cell's result. */
    record Row(Flow flow, int k, String operation, FakeFastly.Injected fault, String outcome) {
        String call() {
            return k + " " + operation;
        }
    }

    private static final List<Row> ROWS = new ArrayList<>();
    private static final List<Row> LOST = new ArrayList<>();
    private static SecretsWitness witness;

    /** A flow: the account before the apply, and whether the apply may write. */
    enum Flow {
        CREATE("create", true, s -> { }),
        UPDATE("update", true, s -> {
            apply(s);
            ObjectNode backend = s.fastly.onlyService().active().backends.get("linkproxy_origin");
            backend.put("first_byte_timeout", "5000").put("override_host", "drifted.example");
        }),
        NO_OP("no-op", false, FaultMatrixTest::apply),
        /**
         * Deployed with one link domain, the TLS subscription issued and shared with a domain someone else added by
         * hand; then the spec adds a second link domain (issue 12: the subscription PATCH with force=true, before
         * the version serving the new domain is activated, never dropping the foreign domain).
         */
        ADD_DOMAIN("add-a-domain", true, s -> {
            apply(s);
            ObjectNode sub = s.fastly.subscriptions.values().iterator().next();
            ((com.fasterxml.jackson.databind.node.ArrayNode) sub.at("/relationships/tls_domains/data")).addObject()
                    .put("type", "tls_domain").put("id", FOREIGN);
            ((ObjectNode) sub.path("attributes")).put("state", "issued");
        }, LinkProxySpec.builder().linkDomains(FastlyApplyTest.LINK, FastlyApplyTest.SECOND).certificate("managed").build());

        final String label;
        final boolean writes;
        final Consumer<FakeFastlyServer> setup;
        final LinkProxySpec spec;

        Flow(String label, boolean writes, Consumer<FakeFastlyServer> setup) {
            this(label, writes, setup, FastlyApplyTest.spec());
        }

        Flow(String label, boolean writes, Consumer<FakeFastlyServer> setup, LinkProxySpec spec) {
            this.label = label;
            this.writes = writes;
            this.setup = setup;
            this.spec = spec;
        }
    }

    /** A domain on the shared subscription that linkproxy did not add: no cell may drop it. */
    static final String FOREIGN = "shop.example.com";

    static LinkProxySpec spec() {
        return FastlyApplyTest.spec(); // certificate: managed
    }

    static ProviderSettings settings(FakeFastlyServer s) {
        return s.settings().toBuilder().callTimeout(CALL_TIMEOUT).build();
    }

    private static Deployment apply(FakeFastlyServer s) {
        return apply(s, spec());
    }

    private static Deployment apply(FakeFastlyServer s, LinkProxySpec spec) {
        try (CdnClient c = s.client(settings(s))) {
            return c.apply(spec, e -> witness.saw(e));
        }
    }

    @BeforeAll
    static void capture() {
        witness = new SecretsWitness();
    }

    @TestFactory
    List<DynamicNode> matrix() {
        List<DynamicNode> flows = new ArrayList<>();
        for (Flow flow : Flow.values()) {
            List<Journal.Call> calls = cleanRun(flow);
            List<DynamicNode> byCall = new ArrayList<>();
            for (int i = 0; i < calls.size(); i++) {
                int k = i + 1;
                Journal.Call call = calls.get(i);
                String op = operation(call);
                List<DynamicNode> cells = new ArrayList<>();
                for (FakeFastly.Injected fault : FAULTS) {
                    cells.add(DynamicTest.dynamicTest(fault.label, () -> ROWS.add(cell(flow, calls, k, fault))));
                }
                if (call.write()) {
                    cells.add(DynamicTest.dynamicTest("lost answer",
                            () -> LOST.add(cell(flow, calls, k, FakeFastly.Injected.LOST))));
                }
                byCall.add(DynamicContainer.dynamicContainer(k + " " + op + " (" + call.method() + " " + call.path() + ")",
                        cells));
            }
            flows.add(DynamicContainer.dynamicContainer(flow.label + ": " + calls.size() + " calls", byCall));
        }
        return flows;
    }

    /**
     * The flow without faults: the calls it makes, in order. A run that needed a retry (a cold JVM can miss the short
     * call timeout on its first requests) is not clean and is run again.
     */
    private static List<Journal.Call> cleanRun(Flow flow) {
        for (int run = 1; ; run++) {
            try (FakeFastlyServer s = new FakeFastlyServer()) {
                flow.setup.accept(s);
                Journal before = s.journal();
                int sleeps = s.time.sleeps.size();
                apply(s, flow.spec);
                if (s.time.sleeps.size() > sleeps && run < 5) {
                    continue;
                }
                assertEquals(sleeps, s.time.sleeps.size(), flow.label + ": no clean run without retries");
                List<Journal.Call> calls = s.journal().since(before).calls();
                assertTrue(calls.size() > 0, flow.label + " made no call");
                assertEquals(flow.writes, calls.stream().anyMatch(Journal.Call::write), flow.label + ": " + calls);
                return calls;
            }
        }
    }

    static String operation(Journal.Call call) {
        FastlyApiDescription.Operation op = FakeFastlyServer.api().operation(call.method(), call.path());
        assertNotNull(op, "undocumented call " + call);
        return op.name();
    }

    private static Row cell(Flow flow, List<Journal.Call> calls, int k, FakeFastly.Injected fault) {
        Journal.Call call = calls.get(k - 1);
        String op = operation(call);
        String where = ADAPTER + " " + flow.label + " call " + k + " " + op + " " + fault.label + ": ";
        try (FakeFastlyServer s = new FakeFastlyServer()) {
            flow.setup.accept(s);
            NativeConfig rendered = FastlyRenderer.render(flow.spec);
            String activeBefore = activeJson(s);
            int versionsBefore = versions(s);
            int activationsBefore = s.fastly.activationLog.size();
            int sleepsBefore = s.time.sleeps.size();
            Journal start = s.journal();

            s.fastly.injectAt(k, fault);
            CdnException failure = null;
            try (CdnClient c = s.client(settings(s))) {
                witness.saw(settings(s)).saw(c);
                Deployment d = c.apply(flow.spec, e -> witness.saw(e));
                witness.saw(d);
            } catch (CdnException e) {
                witness.saw(e);
                failure = e;
            }
            s.fastly.injectAt(0, null);
            Journal first = s.journal().since(start);
            assertTrue(first.calls().size() >= k, where + "the fault was never reached:\n" + first);
            Journal.Call hit = first.calls().get(k - 1);
            assertEquals(call.method() + " " + call.path(), hit.method() + " " + hit.path(),
                    where + "request " + k + " is not the clean run's call " + k);

            perApply(s, rendered, where + "first apply: ", activationsBefore, versionsBefore);
            if (!flow.writes) {
                Journal.assertThat(first).madeNoWrites();
            }
            if (fault == FakeFastly.Injected.RATE_LIMITED && failure == null) {
                assertEquals(Duration.ofSeconds(1), s.time.sleeps.get(sleepsBefore), where + "Retry-After not honoured");
            }
            String outcome;
            if (failure == null) {
                outcome = CONVERGED;
            } else {
                assertEquals(op, failure.operation(), where + "the error names another call: " + failure.getMessage());
                assertTrue(failure.getMessage().startsWith("fastly " + op + " failed"), where + failure.getMessage());
                if (!failure.operation().contains("Tls")) {
                    // Failed in the service's version work (before the TLS step): what served before still serves.
                    assertEquals(activeBefore, activeJson(s), where + "a failed apply changed the active version");
                }
                outcome = NAMED;
                int versionsBetween = versions(s);
                int activationsBetween = s.fastly.activationLog.size();
                Journal second = s.journal();
                apply(s, flow.spec);
                perApply(s, rendered, where + "second apply: ", activationsBetween, versionsBetween);
                if (!flow.writes) {
                    Journal.assertThat(s.journal().since(second)).madeNoWrites();
                }
            }
            try (CdnClient c = s.client(settings(s))) {
                Plan plan = c.plan(flow.spec);
                witness.saw(plan).saw(plan.toText()).saw(plan.toJson()).saw(rendered).saw(rendered.toJsonText());
                assertTrue(plan.isEmpty(), where + "a plan after the apply is not empty:\n" + plan.toText());
            }
            assertEquals(1, s.fastly.services.size(), where + "services: " + s.fastly.services.keySet());
            assertEquals(1, s.fastly.subscriptions.size(), where + "TLS subscriptions: " + s.fastly.subscriptions.keySet());
            if (flow == Flow.ADD_DOMAIN) {
                assertTrue(FakeFastly.domainsOf(s.fastly.subscriptions.values().iterator().next()).contains(FOREIGN),
                        where + "the subscription lost a domain linkproxy did not add");
            }
            assertNotNull(s.fastly.onlyService().active(), where + "nothing active");
            assertComplete(s.fastly.onlyService().active().json(s.fastly.onlyService().id), rendered, where + "active: ");
            return new Row(flow, k, op, fault, outcome);
        }
    }

    /** Per apply: at most one version activated and one made; every activated version is complete. */
    private static void perApply(FakeFastlyServer s, NativeConfig rendered, String where, int activationsBefore,
                                 int versionsBefore) {
        List<FakeFastly.Activation> made = s.fastly.activationLog.subList(activationsBefore, s.fastly.activationLog.size());
        assertTrue(made.stream().map(FakeFastly.Activation::version).distinct().count() <= 1,
                where + "more than one version activated: " + made);
        for (FakeFastly.Activation a : made) {
            assertTrue(a.validated(), where + "version " + a.version() + " was activated without a passing validation "
                    + "after its last edit");
            assertEquals(a.activeWhenCloned(), a.clonedFrom(), where + "version " + a.version() + " was cloned from "
                    + "version " + a.clonedFrom() + ", not from the active version (fastly/terraform-provider-fastly#418)");
            assertComplete(a.config(), rendered, where + "activated version " + a.version() + " is partially edited: ");
        }
        assertTrue(versions(s) - versionsBefore <= 1, where + "more than one version made: "
                + (versions(s) - versionsBefore));
    }

    /** The version holds everything the render asks for: domains, each backend field, snippets, settings. */
    static void assertComplete(JsonNode version, NativeConfig rendered, String where) {
        ObjectNode want = rendered.config();
        List<String> missing = new ArrayList<>();
        Map<String, JsonNode> domains = byName(version.path("domains"));
        want.path("domains").forEach(d -> {
            if (!domains.containsKey(d.path("name").asText())) {
                missing.add("domain " + d.path("name").asText());
            }
        });
        for (String kind : List.of("backends", "snippets")) {
            Map<String, JsonNode> live = byName(version.path(kind));
            for (JsonNode w : want.path(kind)) {
                JsonNode l = live.get(w.path("name").asText());
                if (l == null) {
                    missing.add(kind + " " + w.path("name").asText());
                    continue;
                }
                for (Map.Entry<String, JsonNode> f : w.properties()) {
                    String wanted = f.getValue().isNull() ? "" : f.getValue().asText();
                    String got = l.path(f.getKey()).isNull() || l.path(f.getKey()).isMissingNode() ? ""
                            : l.path(f.getKey()).asText();
                    if (!wanted.equals(got)) {
                        missing.add(kind + " " + w.path("name").asText() + "." + f.getKey() + " = " + got + ", not " + wanted);
                    }
                }
            }
        }
        want.path("settings").properties().forEach(f -> {
            if (!f.getValue().asText().equals(version.path("settings").path(f.getKey()).asText())) {
                missing.add("setting " + f.getKey());
            }
        });
        assertEquals(List.of(), missing, where + version);
    }

    private static Map<String, JsonNode> byName(JsonNode list) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        list.forEach(n -> out.put(n.path("name").asText(), n));
        return out;
    }

    private static String activeJson(FakeFastlyServer s) {
        if (s.fastly.services.isEmpty()) {
            return "(none active)"; // no service serves, as with a service that has no active version
        }
        FakeFastly.Svc svc = s.fastly.onlyService();
        return svc.active() == null ? "(none active)" : svc.active().json(svc.id).toString();
    }

    private static int versions(FakeFastlyServer s) {
        return s.fastly.services.values().stream().mapToInt(x -> x.versions.size()).sum();
    }

    @AfterAll
    static void report() throws IOException {
        try {
            witness.assertHoldsNone(List.of(FakeFastly.TOKEN));
            assertTrue(witness.log().contains("fastly SearchService GET /service/search"),
                    "the DEBUG log was not captured; the secrets check would prove nothing");
        } finally {
            witness.close();
        }
        Path target = Path.of(System.getProperty("user.dir"), "target");
        Files.createDirectories(target);
        Files.writeString(target.resolve("fault-matrix.tsv"), tsv(ROWS), StandardCharsets.UTF_8);
        Files.writeString(target.resolve("fault-matrix-lost-answer.tsv"), tsv(LOST), StandardCharsets.UTF_8);
        Files.writeString(target.resolve("fault-matrix.md"), markdown(ROWS), StandardCharsets.UTF_8);
        System.out.println(summary(ROWS));
        System.out.println(FAULTS.stream().map(f -> f.label + " " + count(ROWS, f, CONVERGED) + "/" + count(ROWS, f, NAMED))
                .collect(Collectors.joining(", ", "fastly by fault (converged/failed-named): ", "")));
        System.out.println("fastly lost answers (write carried out, connection reset): " + LOST.size() + " cells: "
                + LOST.stream().filter(r -> r.outcome().equals(CONVERGED)).count() + " converged, "
                + LOST.stream().filter(r -> r.outcome().equals(NAMED)).count() + " failed-named then converged");
    }

    private static long count(List<Row> rows, FakeFastly.Injected fault, String outcome) {
        return rows.stream().filter(r -> r.fault() == fault && r.outcome().equals(outcome)).count();
    }

    static String summary(List<Row> rows) {
        return "fastly fault matrix: " + rows.size() + " cells: " + rows.stream().filter(r -> r.outcome().equals(CONVERGED))
                .count() + " converged, " + rows.stream().filter(r -> r.outcome().equals(NAMED)).count()
                + " failed-named then converged";
    }

    private static List<Row> sorted(List<Row> rows) {
        List<Row> out = new ArrayList<>(rows);
        out.sort(java.util.Comparator.comparing((Row r) -> r.flow().ordinal()).thenComparing(Row::k)
                .thenComparing(r -> r.fault().ordinal()));
        return out;
    }

    private static String tsv(List<Row> rows) {
        StringBuilder b = new StringBuilder("adapter\tflow\tcall\tfault\toutcome\n");
        sorted(rows).forEach(r -> b.append(ADAPTER).append('\t').append(r.flow().label).append('\t').append(r.call())
                .append('\t').append(r.fault().label).append('\t').append(r.outcome()).append('\n'));
        return b.toString();
    }

    /** The README table: rows flow × call, columns the faults (and the lost answer), cells ok / named. */
    private static String markdown(List<Row> rows) {
        Map<String, Map<FakeFastly.Injected, String>> table = new LinkedHashMap<>();
        List<Row> all = new ArrayList<>(rows);
        all.addAll(LOST);
        for (Row r : sorted(all)) {
            table.computeIfAbsent(r.flow().label + " | " + r.call(), x -> new LinkedHashMap<>())
                    .put(r.fault(), r.outcome().equals(CONVERGED) ? "ok" : "named");
        }
        StringBuilder b = new StringBuilder("| flow | call |");
        FAULTS.forEach(f -> b.append(' ').append(f.label).append(" |"));
        b.append(" lost answer |\n|---|---|");
        FAULTS.forEach(f -> b.append("---|"));
        b.append("---|\n");
        table.forEach((rowName, cells) -> {
            b.append("| ").append(rowName).append(" |");
            FAULTS.forEach(f -> b.append(' ').append(cells.getOrDefault(f, "")).append(" |"));
            b.append(' ').append(cells.getOrDefault(FakeFastly.Injected.LOST, "–")).append(" |\n");
        });
        b.append('\n').append(summary(rows)).append('\n');
        return b.toString();
    }
}
