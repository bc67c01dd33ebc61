package dev.linkproxy.cloudfront;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.linkproxy.core.RetryPolicy;
import dev.linkproxy.core.spi.ProviderSettings;
import dev.linkproxy.core.spi.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A WireMock server on loopback holding a {@link FakeRoute53}, the settings that reach it, and the check that every
 * request a test made satisfies the Route 53 model. Shared by the contract kit's test and the flow tests.
 */
final class WireMockRoute53 {

    static final String ZONE_ID = "Z0EXAMPLECOM";
    static final String ZONE = "example.com";
    static final String SECRET = "r53-test-secret-0a1b2c3d4e5f";
    static final List<String> NAME_SERVERS = List.of("ns-1000.awsdns-40.org", "ns-200.awsdns-30.com",
            "ns-900.awsdns-50.net", "ns-1000.awsdns-00.co.uk");

    final FakeRoute53 fake = new FakeRoute53();
    final WireMockServer server;
    /** Waits the retry policy asked for, instead of sleeping. */
    final List<Duration> retryWaits = new ArrayList<>();
    /** Waits between GetChange polls. */
    final List<Duration> pollWaits = new ArrayList<>();

    WireMockRoute53() {
        server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1").extensions(fake));
        server.start();
        server.stubFor(any(anyUrl()).atPriority(100).willReturn(aResponse().withTransformers(FakeRoute53.NAME)));
        fake.zone(ZONE_ID, ZONE, false, NAME_SERVERS.toArray(String[]::new));
    }

    Route53Provider provider() {
        return new Route53Provider(pollWaits::add, System::nanoTime);
    }

    ProviderSettings settings() {
        return settings("AKIDLINKPROXYR53");
    }

    ProviderSettings settings(String accessKeyId) {
        return ProviderSettings.builder()
                .endpoint(URI.create(server.baseUrl()))
                .value("accessKeyId", accessKeyId)
                .secret("secretAccessKey", Secret.of(SECRET))
                .connectTimeout(Duration.ofSeconds(2))
                .callTimeout(Duration.ofSeconds(10))
                .retryPolicy(RetryPolicy.builder().maxAttempts(4).sleeper(retryWaits::add).random(() -> 0.5).build())
                .build();
    }

    /** The operations called, in order. */
    List<String> operations() {
        List<ServeEvent> events = new ArrayList<>(server.getAllServeEvents());
        events.sort((a, b) -> a.getRequest().getLoggedDate().compareTo(b.getRequest().getLoggedDate()));
        return events.stream().map(e -> FakeRoute53.operation(e.getRequest().getMethod().getName(),
                URI.create(e.getRequest().getUrl()).getPath())).toList();
    }

    /** Fails with every request that breaks the model, then stops the server. */
    void checkAndStop() {
        try {
            Route53Contract contract = new Route53Contract();
            List<String> problems = new ArrayList<>();
            for (ServeEvent e : server.getAllServeEvents()) {
                String body = e.getRequest().getBodyAsString();
                problems.addAll(contract.check(e.getRequest().getMethod().getName(), e.getRequest().getUrl(), body));
            }
            if (!problems.isEmpty()) {
                throw new AssertionError("requests break the Route 53 model:\n  " + String.join("\n  ", problems));
            }
        } finally {
            server.stop();
        }
    }
}
