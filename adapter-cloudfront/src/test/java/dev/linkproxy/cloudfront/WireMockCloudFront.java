package dev.linkproxy.cloudfront;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.linkproxy.core.LinkProxySpec;
import dev.linkproxy.core.RetryPolicy;
import dev.linkproxy.core.spi.CdnClient;
import dev.linkproxy.core.spi.ProviderSettings;
import dev.linkproxy.core.spi.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of the HTTP tests: a WireMock server on a dynamic loopback port holding a {@link FakeCloudFront}, a provider
 * whose waits take no time, and, after each test, every DistributionConfig the adapter sent checked against the
 * botocore model.
 */
abstract class WireMockCloudFront {

    static final String ARN = "arn:aws:acm:us-east-1:123456789012:certificate/0d3c1a2b-1111-2222-3333-444455556666";
    static final String DOMAIN = "ablink.news.example.com";
    static final String SECRET = "wJalrXUtnFEMI-linkproxy-test-secret";

    protected WireMockServer server;
    protected FakeCloudFront fake;
    /** Waits the retry policy asked for, instead of sleeping. */
    protected final List<Duration> retryWaits = new ArrayList<>();
    /** Waits the deployment waiter asked for. */
    protected final List<Duration> pollWaits = new ArrayList<>();

    @BeforeEach
    void startCloudFront() {
        fake = new FakeCloudFront();
        server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1").extensions(fake));
        server.start();
        server.stubFor(any(anyUrl()).atPriority(100).willReturn(aResponse().withTransformers(FakeCloudFront.NAME)));
        fake.certificate(ARN, "ISSUED", DOMAIN);
    }

    @AfterEach
    void everySentConfigSatisfiesTheModel() {
        try {
            ModelContract model = ModelContract.load();
            for (Journal.Call call : Journal.of(server).calls()) {
                if (call.sendsDistributionConfig()) {
                    model.assertValid(call.body());
                }
            }
        } finally {
            server.stop();
        }
    }

    static LinkProxySpec spec() {
        return LinkProxySpec.builder().linkDomains(DOMAIN).certificate("acm:" + ARN).build();
    }

    CloudFrontProvider provider() {
        return new CloudFrontProvider(pollWaits::add, System::nanoTime);
    }

    ProviderSettings settings() {
        return ProviderSettings.builder()
                .endpoint(URI.create(server.baseUrl()))
                .value("accessKeyId", "AKIDLINKPROXYTEST")
                .secret("secretAccessKey", Secret.of(SECRET))
                .connectTimeout(Duration.ofSeconds(2))
                .callTimeout(Duration.ofSeconds(10))
                .retryPolicy(RetryPolicy.builder().maxAttempts(4).sleeper(retryWaits::add).random(() -> 0.5).build())
                .build();
    }

    CdnClient client() {
        return provider().connect(settings());
    }

    Journal journal() {
        return Journal.of(server);
    }

    /** Forgets the calls made so far, so a test can look at the next operation alone. */
    void resetJournal() {
        server.resetRequests();
    }
}
