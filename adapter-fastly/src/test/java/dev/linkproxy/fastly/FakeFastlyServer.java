package dev.linkproxy.fastly;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.linkproxy.core.RetryPolicy;
import dev.linkproxy.core.spi.CdnClient;
import dev.linkproxy.core.spi.ProviderSettings;
import dev.linkproxy.core.spi.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * The fake Fastly on a loopback WireMock server, a test clock, and settings and clients pointing at it. Closing it
 * checks every request it received against Fastly's API description.
 */
final class FakeFastlyServer implements AutoCloseable {

    private static final FastlyApiDescription API = FastlyApiDescription.load();

    final FakeFastly fastly = new FakeFastly();
    final TestTime time = new TestTime();
    final WireMockServer wm;

    FakeFastlyServer() {
        wm = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1").extensions(fastly)
                // delayed answers (the fault matrix's time-outs) wait on a scheduler, not a server thread
                .asynchronousResponseEnabled(true).asynchronousResponseThreads(4));
        wm.start();
        wm.stubFor(any(anyUrl()).willReturn(aResponse()));
        fastly.clock(time::epochSeconds);
    }

    static FastlyApiDescription api() {
        return API;
    }

    /** Settings for the fake: its URL, its token, a retry policy that waits on the test clock. */
    ProviderSettings settings() {
        return ProviderSettings.builder()
                .endpoint(URI.create(wm.baseUrl()))
                .secret(FastlyProvider.TOKEN, Secret.of(FakeFastly.TOKEN))
                .retryPolicy(RetryPolicy.builder().maxAttempts(4).sleeper(time::sleep).nanoClock(time::nanos)
                        .random(() -> 0.5).build())
                .connectTimeout(Duration.ofSeconds(2))
                .callTimeout(Duration.ofSeconds(10))
                .environment(name -> null)
                .build();
    }

    FastlyProvider provider() {
        return new FastlyProvider(time, time::sleep);
    }

    CdnClient client() {
        return provider().connect(settings());
    }

    CdnClient client(ProviderSettings settings) {
        return provider().connect(settings);
    }

    /**
     * A stub that wins over the fake: it answers with exactly what it was given (the fake leaves answers marked
     * {@code recorded} in their metadata alone).
     */
    void recorded(com.github.tomakehurst.wiremock.client.MappingBuilder mapping) {
        wm.stubFor(mapping.atPriority(1).withMetadata(java.util.Map.of("recorded", true)));
    }

    /**
     * The fake on a loopback port, to try the CLI by hand as a user would ({@code --endpoint}); its token is
     * {@link FakeFastly#TOKEN}. Run with the test classpath: {@code java -cp … dev.linkproxy.fastly.FakeFastlyServer}.
     */
    public static void main(String[] args) {
        FakeFastlyServer server = new FakeFastlyServer();
        System.out.println("fake Fastly at " + server.baseUrl() + " (token " + FakeFastly.TOKEN + ")");
    }

    /** A spec for these link domains with a Fastly-managed certificate. */
    static dev.linkproxy.core.LinkProxySpec managed(String... domains) {
        return dev.linkproxy.core.LinkProxySpec.builder().linkDomains(domains).certificate("managed").build();
    }

    /** One apply with a new client, no progress. */
    dev.linkproxy.core.spi.Deployment apply(dev.linkproxy.core.LinkProxySpec spec) {
        try (CdnClient c = client()) {
            return c.apply(spec, dev.linkproxy.core.spi.Progress.NONE);
        }
    }

    /** One plan with a new client. */
    dev.linkproxy.core.spi.Plan plan(dev.linkproxy.core.LinkProxySpec spec) {
        try (CdnClient c = client()) {
            return c.plan(spec);
        }
    }

    /** The fake's address, for a test's own raw request. */
    String baseUrl() {
        return wm.baseUrl();
    }

    Journal journal() {
        return Journal.of(wm);
    }

    /** Forgets the requests so far (for tests that send undocumented ones on purpose). */
    void forgetRequests() {
        wm.resetRequests();
    }

    @Override
    public void close() {
        try {
            List<String> violations = API.violations(journal().calls());
            assertEquals(List.of(), violations, "requests that fastly-api.json does not document");
        } finally {
            wm.stop();
        }
    }
}
