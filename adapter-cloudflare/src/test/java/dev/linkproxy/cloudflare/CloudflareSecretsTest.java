package dev.linkproxy.cloudflare;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.linkproxy.core.CdnException;
import dev.linkproxy.core.LinkProxyException;
import dev.linkproxy.core.LinkProxySpec;
import dev.linkproxy.core.RetryPolicy;
import dev.linkproxy.core.spi.CdnClient;
import dev.linkproxy.core.spi.CdnProvider;
import dev.linkproxy.core.spi.Deployment;
import dev.linkproxy.core.spi.NativeConfig;
import dev.linkproxy.core.spi.Plan;
import dev.linkproxy.core.spi.ProviderSettings;
import dev.linkproxy.core.spi.Secret;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;
import org.slf4j.LoggerFactory;

/**
 * The API token and an uploaded key's body never leave the request that carries them: every flow (create, no-op,
 * update, drift, find, plan, await, an uploaded certificate) and every kind of failure (refused token, inactive
 * token, missing permission, rate limit past the limit, 5xx, reset, time-out, malformed answers, a refused upload) is
 * run with a recognisable token while everything is captured: all log output at TRACE (slf4j-simple writes it to
 * {@code System.err}; {@code java.util.logging}, which OkHttp would use, at {@code ALL}), every exception's message
 * and full stack trace with its causes, the {@code toString()} of the public types, every plan and JSON output. None
 * may hold the token or a line of the key. The HTTP layer's log never names {@code Authorization}.
 * The fault matrix ({@link FaultMatrixTest}) runs the same check on each of its cells.
 */
class CloudflareSecretsTest {

    private static final String TOKEN = "cfSECRETS-token-9d8c7b6a5f4e3d2c1b0a";
    private static final String LINK = "ablink.news.example.com";
    private static final Instant FROM = Fixture.NOW.minus(Duration.ofDays(10));
    private static final Instant UNTIL = Fixture.NOW.plus(Duration.ofDays(80));

    @TempDir
    Path dir;
    private Fixture fixture;
    private final SecretScan scan = new SecretScan();
    private SecretScan.StderrCapture stderr;
    private final List<String> julRecords = new ArrayList<>();
    private final Handler julHandler = new Handler() {
        @Override
        public void publish(LogRecord r) {
            julRecords.add(r.getLoggerName() + " " + r.getLevel() + " " + r.getMessage() + " "
                    + java.util.Arrays.toString(r.getParameters())
                    + (r.getThrown() == null ? "" : "\n" + SecretScan.stackTrace(r.getThrown())));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private Level julLevel;

    @BeforeEach
    void start() {
        fixture = new Fixture().start();
        fixture.fake.zone("example.com");
        fixture.fake.rule("(http.host eq \"www.example.com\")", "strict");
        Logger root = Logger.getLogger("");
        julLevel = root.getLevel();
        root.setLevel(Level.ALL);
        root.addHandler(julHandler);
        Logger.getLogger("okhttp3").setLevel(Level.ALL);
        stderr = new SecretScan.StderrCapture();
    }

    @AfterEach
    void stop() {
        stderr.close();
        Logger root = Logger.getLogger("");
        root.removeHandler(julHandler);
        root.setLevel(julLevel);
        fixture.stop();
    }

    private ProviderSettings settings() {
        RetryPolicy policy = RetryPolicy.builder().maxAttempts(3).random(() -> 0.5).sleeper(d -> { }).build();
        return fixture.settings().toBuilder().secret(CloudflareProvider.API_TOKEN, Secret.of(TOKEN))
                .retryPolicy(policy).callTimeout(Duration.ofSeconds(10)).build();
    }

    private static LinkProxySpec spec() {
        return LinkProxySpec.builder().linkDomains(LINK).certificate("managed").build();
    }

    private <T> T with(ProviderSettings settings, Function<CdnClient, T> body) {
        try (CdnClient client = fixture.provider().connect(settings)) {
            scan.add("client", client);
            return body.apply(client);
        }
    }

    private Deployment apply(ProviderSettings settings, LinkProxySpec spec) {
        // Apply, then await as apply --await does: held records are written by await, and both are scanned.
        Deployment d = with(settings, c -> {
            Deployment applied = c.apply(spec, e -> scan.add("progress", e).add("progress message", e.message()));
            scan.add("applied", applied).add("applied resources", applied.resources());
            return c.await(applied, Duration.ofHours(1), e -> scan.add("progress", e).add("progress message", e.message()));
        });
        scan.add("deployment", d).add("deployment resources", d.resources()).add("cutover", d.cutoverTarget());
        return d;
    }

    private Plan plan(LinkProxySpec spec) {
        Plan p = with(settings(), c -> c.plan(spec));
        scan.add("plan", p).add("plan text", p.toText()).add("plan json", p.toJson()).add("changes", p.changes());
        return p;
    }

    /** Runs {@code action}, which must fail; records the failure with its stack trace. */
    private LinkProxyException failing(String what, Runnable action) {
        LinkProxyException e = assertThrows(LinkProxyException.class, action::run, what);
        scan.addThrowable(what, e);
        if (e instanceof CdnException c) {
            scan.add(what + " hint", c.hint()).add(what + " detail", c.detail());
        }
        return e;
    }

    /** Everything captured so far: the log at TRACE, JUL records, and all that was gathered. */
    private String finish() {
        String log = stderr.text();
        scan.add("log (System.err, TRACE)", log).add("java.util.logging", String.join("\n", julRecords));
        return log;
    }

    @Test
    void everyFlowAndEveryFailureKeepsTheTokenOutOfLogsErrorsPlansAndToStrings() {
        ProviderSettings settings = settings();
        CdnProvider provider = fixture.provider();
        NativeConfig render = provider.render(spec());
        scan.add("settings", settings).add("retry policy", settings.retryPolicy()).add("secret", Secret.of(TOKEN))
                .add("settings descriptors", provider.settings()).add("spec", spec()).add("spec json", dev.linkproxy.core.SpecFiles.toTree(spec()))
                .add("native config", render).add("native config json", render.toJsonText())
                .add("native config notes", render.notes());
        try (CloudflareApi api = new CloudflareApi(settings, Secret.of(TOKEN))) {
            scan.add("api", api);
        }

        // The flows: plan before, create, no-op, find, drift then update, await.
        plan(spec());
        Deployment created = apply(settings, spec());
        apply(settings, spec());
        scan.add("find", with(settings, c -> c.find(spec())));
        fixture.fake.recordsNamed(LINK).get(0).put("proxied", false);
        plan(spec());
        apply(settings, spec().toBuilder().origin("sendgrid-eu").build());
        Deployment done = with(settings, c -> c.await(created, Duration.ofMinutes(5), e -> scan.add("await", e)));
        scan.add("awaited", done);

        // The failures, each through a full client.
        LinkProxySpec spec = spec().toBuilder().origin("sendgrid-eu").build();
        var stub = fixture.override(get(urlPathMatching(".*/tokens/verify"))
                .willReturn(Fixture.cloudflareError(401, 1000, "Invalid API Token")));
        failing("refused token", () -> apply(settings, spec));
        fixture.server.removeStub(stub);
        stub = fixture.override(any(anyUrl()).willReturn(Fixture.cloudflareError(403, 10000, "Authentication error")));
        failing("authentication error", () -> apply(settings, spec));
        fixture.server.removeStub(stub);
        fixture.fake.tokenStatus = "expired";
        failing("expired token", () -> apply(settings, spec));
        fixture.fake.tokenStatus = "active";
        stub = fixture.override(any(urlPathMatching(".*/rulesets/.*")).willReturn(Fixture.cloudflareError(403, 9999, "Forbidden")));
        failing("missing permission", () -> apply(settings, spec));
        fixture.server.removeStub(stub);
        stub = fixture.override(any(anyUrl()).willReturn(Fixture.cloudflareError(429, 971, "Please wait")
                .withHeader("retry-after", "300")));
        failing("rate limited past the limit", () -> apply(settings, spec));
        fixture.server.removeStub(stub);
        for (ResponseDefinitionBuilder fault : List.of(
                Fixture.cloudflareError(500, 10013, "Internal error"),
                aResponse().withStatus(503).withBody("<html>503</html>"),
                aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER),
                aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK),
                aResponse().withStatus(200).withBody("{\"success\":true,\"resu"),
                aResponse().withStatus(200).withBody("{\"success\":true,\"errors\":[],\"messages\":[]}"))) {
            stub = fixture.override(any(anyUrl()).willReturn(fault));
            failing("fault " + fault.build(), () -> apply(settings, spec));
            fixture.server.removeStub(stub);
        }
        stub = fixture.override(any(anyUrl()).willReturn(aResponse().withFixedDelay(1500)
                .withBody(FakeCloudflare.envelope(com.fasterxml.jackson.databind.node.NullNode.instance).toString())));
        failing("time-out", () -> apply(settings.toBuilder().callTimeout(Duration.ofMillis(200))
                .retryPolicy(RetryPolicy.none()).build(), spec));
        fixture.server.removeStub(stub);
        // Then the repair of a drifted setting, and a plan that is empty.
        fixture.fake.hostnameTls.put(LINK, "1.0");
        apply(settings, spec);
        plan(spec);

        String log = finish();
        assertTrue(log.contains("GET /user/tokens/verify -> 200"), "the adapter's DEBUG lines were captured:\n" + log);
        assertTrue(log.contains("retrying in"), "the retry policy's INFO lines were captured:\n" + log);
        assertFalse(log.contains("Authorization"), "the HTTP layer logs no Authorization header:\n" + log);
        assertFalse(log.contains("Bearer"), log);
        assertTrue(scan.size() > 40, "everything was gathered: " + scan.size());
        scan.assertNoneContains(List.of(TOKEN));
    }

    @Test
    void anUploadedKeysBodyIsInNoLogErrorOrOutputOnAnyFailureOfItsUpload() {
        var keys = TestCertificates.rsa();
        String keyPem = TestCertificates.traditionalKey(keys);
        LinkProxySpec spec = LinkProxySpec.builder().linkDomains(LINK).certificate("pem:"
                + TestCertificates.write(dir, "c.pem", TestCertificates.certificate(keys, FROM, UNTIL, LINK)) + ","
                + TestCertificates.write(dir, "k.pem", keyPem)).build();
        ProviderSettings settings = settings();
        scan.add("native config", fixture.provider().render(spec).toJsonText()).add("spec", spec);
        plan(spec);
        for (ResponseDefinitionBuilder fault : List.of(
                Fixture.cloudflareError(400, 1402, "The certificate and key did not match"),
                Fixture.cloudflareError(500, 10013, "Internal error"),
                aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER),
                aResponse().withStatus(200).withBody("-----BEGIN garbage"))) {
            var stub = fixture.override(post(urlPathMatching(".*/custom_certificates")).willReturn(fault));
            failing("upload " + fault.build(), () -> apply(settings, spec));
            fixture.server.removeStub(stub);
        }
        // Once more, with the answer lost after Cloudflare stored it: found next time, not uploaded twice.
        fixture.server.stubFor(post(urlPathMatching(".*/custom_certificates")).atPriority(1).inScenario("lost")
                .whenScenarioStateIs(STARTED).willSetStateTo("passed")
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        failing("upload lost", () -> apply(settings, spec));
        apply(settings, spec);
        assertTrue(plan(spec).isEmpty());

        String log = finish();
        assertTrue(log.contains("POST /zones/{zone_id}/custom_certificates -> 500"), log);
        List<String> lines = TestCertificates.body(keyPem);
        assertTrue(lines.size() > 10);
        List<String> secrets = new ArrayList<>(lines);
        secrets.add(TOKEN);
        scan.assertNoneContains(secrets);
        for (String text : scan.texts().values()) {
            assertFalse(text.replaceAll("\\s", "").contains(String.join("", lines)), "the key body, unwrapped");
        }
    }

    @Test
    void theScanFindsATokenThatIsLoggedAtTraceOrHiddenInACause() {
        // The harness must be able to fail: a token logged at TRACE reaches the captured log, and one buried in a
        // cause is in the stack trace, and both are reported.
        LoggerFactory.getLogger("dev.linkproxy.cloudflare.LeakProbe").trace("sending Authorization: Bearer {}", TOKEN);
        SecretScan probe = new SecretScan().add("log", stderr.text())
                .addThrowable("error", new IllegalStateException("outer", new RuntimeException("inner " + TOKEN)));
        AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> probe.assertNoneContains(List.of(TOKEN)));
        assertTrue(e.getMessage().contains("log holds a secret"), e.getMessage());
        assertTrue(e.getMessage().contains("error holds a secret"), e.getMessage());
        assertTrue(stderr.text().contains("TRACE dev.linkproxy.cloudflare.LeakProbe"), "TRACE is on: " + stderr.text());
    }
}
