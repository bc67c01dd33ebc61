package dev.linkproxy.cloudfront;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.linkproxy.core.LinkProxySpec;
import dev.linkproxy.core.spi.CdnProvider;
import dev.linkproxy.core.spi.ProviderSettings;
import dev.linkproxy.core.spi.Secret;
import dev.linkproxy.core.tck.ApiFault;
import dev.linkproxy.core.tck.CdnProviderContract;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/** The adapter passes core's contract against the WireMock CloudFront; every config it sends satisfies the model. */
class CloudFrontContractTest extends CdnProviderContract {

    private static final String ARN = WireMockCloudFront.ARN;
    private static final String SECRET = "tck-secret-9f8e7d6c5b4a";

    private final FakeCloudFront fake = new FakeCloudFront();
    private final WireMockServer server;

    CloudFrontContractTest() {
        server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1").extensions(fake));
        server.start();
        server.stubFor(any(anyUrl()).atPriority(100).willReturn(aResponse().withTransformers(FakeCloudFront.NAME)));
        fake.certificate(ARN, "ISSUED", "*.news.example.com", "ablink.info.example.com");
    }

    @AfterEach
    void stop() {
        try {
            ModelContract model = ModelContract.load();
            Journal.of(server).calls().stream().filter(Journal.Call::sendsDistributionConfig)
                    .forEach(c -> model.assertValid(c.body()));
        } finally {
            server.stop();
        }
    }

    @Override
    protected CdnProvider provider() {
        return new CloudFrontProvider(d -> { }, System::nanoTime);
    }

    @Override
    protected LinkProxySpec spec() {
        return LinkProxySpec.builder().linkDomains("ablink.news.example.com", "ablink.info.example.com")
                .certificate("acm:" + ARN).build();
    }

    @Override
    protected ProviderSettings settings() {
        return ProviderSettings.builder()
                .endpoint(URI.create(server.baseUrl()))
                .value("accessKeyId", "AKIDTCK")
                .secret("secretAccessKey", Secret.of(SECRET))
                .callTimeout(Duration.ofSeconds(10))
                .build();
    }

    @Override
    protected List<String> secretValues() {
        return List.of(SECRET);
    }

    @Override
    protected int writeCount() {
        return (int) Journal.of(server).writes();
    }

    @Override
    protected void simulate(ApiFault fault) {
        var answer = switch (fault) {
            case BAD_CREDENTIALS -> aResponse().withStatus(403).withHeader("Content-Type", "text/xml")
                    .withBody(FakeCloudFront.errorBody("InvalidClientTokenId",
                            "The security token included in the request is invalid."));
            case RATE_LIMITED -> aResponse().withStatus(429).withHeader("Content-Type", "text/xml")
                    .withHeader("Retry-After", "1").withBody(FakeCloudFront.errorBody("Throttling", "Rate exceeded"));
            case SERVER_ERROR -> aResponse().withStatus(503).withHeader("Content-Type", "text/xml")
                    .withBody(FakeCloudFront.errorBody("ServiceUnavailable", "Service unavailable"));
        };
        server.stubFor(any(anyUrl()).atPriority(1).willReturn(answer));
    }
}
