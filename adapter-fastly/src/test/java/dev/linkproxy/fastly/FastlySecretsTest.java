package dev.linkproxy.fastly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.linkproxy.core.CdnException;
import dev.linkproxy.core.LinkProxySpec;
import dev.linkproxy.core.spi.CdnClient;
import dev.linkproxy.core.spi.Deployment;
import dev.linkproxy.core.spi.NativeConfig;
import dev.linkproxy.core.spi.Plan;
import dev.linkproxy.core.spi.ProviderSettings;
import dev.linkproxy.core.spi.Secret;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * No secret leaves through a side door. The API token ({@link FakeFastly#TOKEN}, recognisable) and the body of every
 * uploaded private key are looked for in all log output at TRACE (slf4j-simple, {@code System.err}; OkHttp's
 * java.util.logging at ALL), every exception's message and full stack trace with causes, the {@code toString()} of
 * the public types (settings, provider, client, deployment, plan, native config, progress events) and every plan and
 * render as text and JSON, across the flows (managed and uploaded certificates: create, no-op, drift repair, renewal)
 * and a failure at every call of the uploaded-certificate create (malformed answer, lost answer, server error,
 * refused token). The fault matrix ({@link FaultMatrixTest}) checks the token across all of its cells the same way.
 */
class FastlySecretsTest {

    private static final Path RESOURCES = Path.of("src/test/resources").toAbsolutePath();
    private SecretsWitness witness;
    private final List<String> secrets = new ArrayList<>();

    @BeforeEach
    void open() {
        witness = new SecretsWitness();
        secrets.add(FakeFastly.TOKEN);
        secrets.addAll(SecretsWitness.keyBodyLines(RESOURCES.resolve("link.key")));
        secrets.addAll(SecretsWitness.keyBodyLines(RESOURCES.resolve("link2.key")));
        assertTrue(secrets.size() > 3, "no key lines read");
    }

    @AfterEach
    void close() {
        witness.close();
    }

    static LinkProxySpec pem(String cert, String key) {
        return LinkProxySpec.builder().linkDomains(FastlyApplyTest.LINK)
                .certificate("pem:" + RESOURCES.resolve(cert) + "," + RESOURCES.resolve(key)).build();
    }

    /** Everything a caller can print from one client's flow. */
    private void run(FakeFastlyServer s, ProviderSettings settings, Consumer<CdnClient> flow) {
        witness.saw(settings).saw(s.provider()).saw(s.provider().settings());
        try (CdnClient c = s.client(settings)) {
            witness.saw(c);
            flow.accept(c);
        } catch (CdnException e) {
            witness.saw(e);
        }
    }

    private void everything(CdnClient c, LinkProxySpec spec) {
        NativeConfig rendered = new FastlyProvider().render(spec);
        witness.saw(spec).saw(rendered).saw(rendered.toJson()).saw(rendered.toJsonText());
        Plan before = c.plan(spec);
        witness.saw(before).saw(before.toText()).saw(before.toJson());
        Deployment d = c.apply(spec, e -> witness.saw(e).saw(e.message()));
        witness.saw(d).saw(d.resources());
        c.find(spec).ifPresent(witness::saw);
        Plan after = c.plan(spec);
        witness.saw(after).saw(after.toText()).saw(after.toJson());
        try {
            witness.saw(c.await(d, Duration.ofMinutes(1), e -> witness.saw(e)));
        } catch (CdnException e) {
            witness.saw(e);
        }
    }

    @Test
    void noFlowShowsTheTokenOrAPrivateKey() {
        try (FakeFastlyServer s = new FakeFastlyServer()) {
            ProviderSettings settings = s.settings();
            run(s, settings, c -> everything(c, FastlyApplyTest.spec()));                 // managed: create
            run(s, settings, c -> everything(c, FastlyApplyTest.spec()));                 // managed: no-op
            s.fastly.onlyService().active().backends.get("linkproxy_origin").put("first_byte_timeout", "1");
            run(s, settings, c -> everything(c, FastlyApplyTest.spec()));                 // managed: drift repaired
        }
        try (FakeFastlyServer s = new FakeFastlyServer()) {
            ProviderSettings settings = s.settings();
            run(s, settings, c -> everything(c, pem("link.crt", "link.key")));            // uploaded: create
            run(s, settings, c -> everything(c, pem("link.crt", "link.key")));            // uploaded: no-op
            run(s, settings, c -> everything(c, pem("link2.crt", "link2.key")));          // uploaded: renewal
            assertEquals(2, s.fastly.privateKeyNames.size(), "both keys were uploaded");
        }
        String log = witness.log();
        assertTrue(log.contains("fastly CreateTlsKey POST /tls/private_keys"), "DEBUG lines were not captured:\n" + log);
        assertFalse(log.contains("Fastly-Key"), "a request header was logged");
        witness.saw(Secret.of(FakeFastly.TOKEN));
        witness.assertHoldsNone(secrets);
    }

    @Test
    void noFailureOfTheUploadedCertificateFlowShowsTheTokenOrTheKey() {
        List<Journal.Call> calls;
        try (FakeFastlyServer s = new FakeFastlyServer()) {
            Journal before = s.journal();
            run(s, s.settings(), c -> c.apply(pem("link.crt", "link.key"), e -> witness.saw(e)));
            calls = s.journal().since(before).calls();
        }
        assertTrue(calls.stream().anyMatch(c -> c.path().equals("/tls/private_keys")), calls.toString());
        int failures = 0;
        for (int k = 1; k <= calls.size(); k++) {
            for (FakeFastly.Injected fault : List.of(FakeFastly.Injected.MALFORMED, FakeFastly.Injected.LOST,
                    FakeFastly.Injected.SERVER_500)) {
                try (FakeFastlyServer s = new FakeFastlyServer()) {
                    ProviderSettings settings = s.settings().toBuilder().callTimeout(FaultMatrixTest.CALL_TIMEOUT).build();
                    s.fastly.injectAt(k, fault);
                    CdnException[] failed = {null};
                    run(s, settings, c -> {
                        try {
                            everything(c, pem("link.crt", "link.key"));
                        } catch (CdnException e) {
                            failed[0] = e;
                            throw e;
                        }
                    });
                    failures += failed[0] == null ? 0 : 1;
                    s.fastly.injectAt(0, null);
                    run(s, settings, c -> everything(c, pem("link.crt", "link.key"))); // and the apply that repairs
                }
            }
        }
        try (FakeFastlyServer s = new FakeFastlyServer()) {
            s.fastly.requireToken("another-token");
            run(s, s.settings(), c -> everything(c, pem("link.crt", "link.key")));
        }
        // a malformed answer fails every call but the activation (read back); so at least calls - 1 failures
        assertTrue(failures >= calls.size() - 1, "too few failures to prove anything: " + failures);
        assertNotNull(witness.log());
        witness.assertHoldsNone(secrets);
    }
}
