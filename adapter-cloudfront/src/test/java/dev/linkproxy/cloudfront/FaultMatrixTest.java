package dev.linkproxy.cloudfront;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.linkproxy.core.CdnException;
import dev.linkproxy.core.LinkProxySpec;
import dev.linkproxy.core.RetryPolicy;
import dev.linkproxy.core.spi.CdnClient;
import dev.linkproxy.core.spi.Deployment;
import dev.linkproxy.core.spi.Plan;
import dev.linkproxy.core.spi.Progress;
import dev.linkproxy.core.spi.ProgressEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Issue 8's fault matrix for CloudFront: for each flow (create, update, no-op), for every API call k of the flow as
 * a clean run of it makes them, for each fault, the fault at call k alone. Each cell must end {@code converged} (the
 * apply returned the deployment and a plan afterwards is empty) or {@code failed-named} (a {@link CdnException}
 * naming call k's operation, and a second apply without faults converges); and after it exactly one distribution
 * carries the link domain, a no-op flow wrote nothing, every DistributionConfig sent satisfies the botocore model,
 * and no log line, exception, toString or plan holds the secret access key or the session token. Logs are captured
 * at TRACE (java.util.logging at ALL), but for the two loggers that print a session token with every request, which
 * {@link CredentialLogGuard} requires at INFO ({@link SecretsTest} covers them turned up).
 *
 * <p>Writes every cell to {@code target/fault-matrix.tsv} and prints a summary line.
 */
class FaultMatrixTest {

    static final String ADAPTER = "cloudfront";
    static final String OUTCOME_CONVERGED = "converged";
    static final String OUTCOME_NAMED = "failed-named";

    private static final String ARN = WireMockCloudFront.ARN;
    private static final String DOMAIN = WireMockCloudFront.DOMAIN;
    /** Short enough that a held-back answer times out fast, long enough that a loopback answer never does. */
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(1);
    /** For the clean runs, which record the calls of a flow: a cold JVM's first call must not time out there. */
    private static final Duration CLEAN_RUN_TIMEOUT = Duration.ofSeconds(20);

    /** One row of target/fault-matrix.tsv, in the order the cells ran. */
    private static final List<String[]> ROWS = new ArrayList<>();
    /** Servers being stopped in the background. */
    private static final List<java.util.concurrent.CompletableFuture<Void>> STOPPING =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    /** A flow: how the account looks before the apply, and whether the apply may write. */
    enum Flow {
        CREATE("create", true),
        UPDATE("update", true),
        NO_OP("no-op", false);

        final String label;
        final boolean writes;

        Flow(String label, boolean writes) {
            this.label = label;
            this.writes = writes;
        }
    }

    /** One WireMock server with the fake behind the injector, for one cell (a timed-out answer stays in its own). */
    static final class Account implements AutoCloseable {
        final FakeCloudFront fake = new FakeCloudFront();
        final FaultInjector injector = new FaultInjector(fake);
        final WireMockServer server;
        final List<Duration> retryWaits = new ArrayList<>();

        Account(Flow flow) {
            server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1").extensions(fake, injector)
                    .containerThreads(12).jettyStopTimeout(0L));
            server.start();
            server.stubFor(any(anyUrl()).willReturn(aResponse().withTransformers(FaultInjector.NAME)));
            fake.certificate(ARN, "ISSUED", DOMAIN);
            if (flow != Flow.CREATE) {
                String id;
                try (CdnClient client = client(CLEAN_RUN_TIMEOUT)) {
                    id = client.apply(spec(), Progress.NONE).id();
                }
                fake.get(id).status = "Deployed";
                if (flow == Flow.UPDATE) {
                    fake.edit(id, doc -> Xml.set(doc, "PriceClass", "PriceClass_100")); // drift from the spec
                }
                server.resetRequests();
            }
            retryWaits.clear();
        }

        CdnClient client() {
            return client(CALL_TIMEOUT);
        }

        CdnClient client(Duration callTimeout) {
            RetryPolicy retry = RetryPolicy.builder().maxAttempts(4).maxTotal(Duration.ofSeconds(30))
                    .sleeper(retryWaits::add).random(() -> 0.5).build();
            return new CloudFrontProvider(d -> { }, System::nanoTime).connect(
                    Secrets.settings(URI.create(server.baseUrl()), retry).callTimeout(callTimeout).build());
        }

        Journal journal() {
            return Journal.of(server);
        }

        /**
         * Stops the server; one still holding back a timed-out answer is stopped in the background (Jetty waits for
         * the held answer), and {@link #writeTheMatrix} waits for those.
         */
        @Override
        public void close() {
            if (injector.fired() > 0 && injector.delays()) {
                STOPPING.add(java.util.concurrent.CompletableFuture.runAsync(server::stop));
            } else {
                server.stop();
            }
        }
    }

    static LinkProxySpec spec() {
        return WireMockCloudFront.spec();
    }

    /** The calls a clean run of the flow makes, in order: the k of the matrix. */
    static List<Journal.Call> cleanRun(Flow flow) {
        try (Account account = new Account(flow); CdnClient client = account.client(CLEAN_RUN_TIMEOUT)) {
            client.apply(spec(), Progress.NONE);
            List<Journal.Call> calls = account.journal().calls();
            assertFalse(calls.isEmpty());
            assertTrue(account.retryWaits.isEmpty(), "the clean run of " + flow.label + " retried: " + calls);
            return calls;
        }
    }

    @TestFactory
    Stream<DynamicNode> faultMatrix() {
        List<DynamicNode> flows = new ArrayList<>();
        for (Flow flow : Flow.values()) {
            List<Journal.Call> calls = cleanRun(flow);
            List<DynamicNode> byCall = new ArrayList<>();
            for (int k = 1; k <= calls.size(); k++) {
                Journal.Call call = calls.get(k - 1);
                List<DynamicNode> cells = new ArrayList<>();
                for (FaultInjector.Fault fault : FaultInjector.Fault.values()) {
                    if (fault.writesOnly() && !call.isWrite()) {
                        continue;
                    }
                    int at = k;
                    cells.add(DynamicTest.dynamicTest(fault.label, () -> cell(flow, calls, at, fault)));
                }
                byCall.add(DynamicContainer.dynamicContainer(k + " " + call.operation(), cells));
            }
            flows.add(DynamicContainer.dynamicContainer(flow.label + " " + calls.stream()
                    .map(Journal.Call::operation).toList(), byCall));
        }
        return flows.stream();
    }

    private static void cell(Flow flow, List<Journal.Call> clean, int k, FaultInjector.Fault fault) {
        String operation = clean.get(k - 1).operation();
        String where = ADAPTER + " " + flow.label + " " + k + " " + operation + " " + fault.label;
        List<String> seen = new ArrayList<>(); // everything a person or a log could see, scanned for secrets
        String outcome;
        try (Account account = new Account(flow); CapturedLogs logs = CapturedLogs.openWithInfoOnly(
                CredentialLogGuard.SIGNER_LOGGER, CredentialLogGuard.JDK_HTTP_LOGGER)) {
            Consumer<ProgressEvent> progress = e -> seen.add(e.toString());
            // Call k is the n-th call of its operation in the clean run.
            int n = (int) clean.subList(0, k).stream().filter(c -> c.operation().equals(operation)).count();
            account.injector.arm(operation, n, fault);
            CdnException failure = null;
            Deployment deployment = null;
            try (CdnClient client = account.client()) {
                seen.add(client.toString());
                deployment = client.apply(spec(), progress::accept);
            } catch (CdnException e) {
                failure = e;
                seen.add(e.toString());
                seen.add(CapturedLogs.stackTrace(e));
            } catch (RuntimeException e) {
                fail(where + ": apply failed with something other than a CdnException: " + e, e);
            }
            assertEquals(1, account.injector.fired(), where + ": the fault did not fire; calls "
                    + account.journal().names());
            assertEquals(operation, account.injector.firedOn(), where);
            if (failure != null) {
                assertEquals(operation, failure.operation(), where + ": the error names another call: "
                        + failure.getMessage());
                assertEquals(ADAPTER, failure.provider());
                outcome = OUTCOME_NAMED;
                try (CdnClient client = account.client()) {
                    deployment = client.apply(spec(), progress::accept);
                } catch (CdnException e) {
                    seen.add(CapturedLogs.stackTrace(e));
                    fail(where + ": a second apply after the failure did not converge: " + e.getMessage(), e);
                }
            } else {
                outcome = OUTCOME_CONVERGED;
            }
            seen.add(deployment.toString());
            Plan after;
            try (CdnClient client = account.client()) {
                after = client.plan(spec());
            }
            seen.add(after.toString());
            seen.add(after.toText());
            seen.add(after.toJson().toString());
            assertTrue(after.isEmpty(), where + ": not converged, a plan still has changes: " + after.toText());

            // Exactly one distribution carries the link domain, and it is the one apply returned.
            List<FakeCloudFront.Dist> all = account.fake.all();
            assertEquals(1, all.size(), where + ": distributions " + all.stream().map(d -> d.id + " "
                    + d.aliases()).toList());
            assertEquals(List.of(DOMAIN), all.get(0).aliases(), where);
            assertEquals(all.get(0).id, deployment.id(), where);
            assertEquals(List.of(DOMAIN), deployment.linkDomains(), where);
            if (flow == Flow.UPDATE) {
                assertEquals("PriceClass_All", Xml.text(all.get(0).config, "PriceClass"), where + ": drift not repaired");
            }
            Journal journal = account.journal();
            if (!flow.writes) {
                assertEquals(0, journal.writes(), where + ": a no-op wrote: " + journal.names());
            }
            ModelContract model = ModelContract.load();
            journal.calls().stream().filter(Journal.Call::sendsDistributionConfig)
                    .forEach(c -> model.assertValid(c.body()));
            if (fault == FaultInjector.Fault.THROTTLED) {
                assertTrue(account.retryWaits.contains(Duration.ofSeconds(1)), where
                        + ": Retry-After: 1 not honoured; waits " + account.retryWaits);
            }
            // The outcome every cell of its kind must have: a retryable fault, once, is absorbed by the retries; a
            // garbled answer is not retried (it may follow a processed write) but named, and the next apply converges.
            String expected = fault == FaultInjector.Fault.MALFORMED ? OUTCOME_NAMED : OUTCOME_CONVERGED;
            assertEquals(expected, outcome, where + (failure == null ? "" : ": " + failure.getMessage()));
            if (failure != null) {
                assertEquals(CdnException.Kind.UNEXPECTED_RESPONSE, failure.kind(), where + ": " + failure.getMessage());
            }
            seen.add(logs.text());
        }
        Secrets.assertNoSecretIn(where, String.join("\n", seen));
        synchronized (ROWS) {
            ROWS.add(new String[] {ADAPTER, flow.label, operation, fault.label, outcome});
        }
    }

    @AfterAll
    static void writeTheMatrix() throws IOException {
        STOPPING.forEach(java.util.concurrent.CompletableFuture::join);
        Path out = Path.of("target", "fault-matrix.tsv");
        Files.createDirectories(out.getParent());
        StringBuilder tsv = new StringBuilder("adapter\tflow\tcall\tfault\toutcome\n");
        Map<String, Integer> outcomes = new TreeMap<>();
        for (String[] row : ROWS) {
            tsv.append(String.join("\t", row)).append('\n');
            outcomes.merge(row[4], 1, Integer::sum);
        }
        Files.writeString(out, tsv);
        System.out.println("cloudfront fault matrix: " + ROWS.size() + " cells: "
                + outcomes.getOrDefault(OUTCOME_CONVERGED, 0) + " converged, "
                + outcomes.getOrDefault(OUTCOME_NAMED, 0) + " failed-named then converged");
    }
}
