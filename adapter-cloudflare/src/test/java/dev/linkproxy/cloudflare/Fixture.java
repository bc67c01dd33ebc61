package dev.linkproxy.cloudflare;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.linkproxy.core.RetryPolicy;
import dev.linkproxy.core.spi.ProviderSettings;
import dev.linkproxy.core.spi.Secret;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * One fake Cloudflare account on a loopback WireMock server, the settings that reach it, and a contract check of
 * every request it received. Tests start it in {@code @BeforeEach} and {@link #stop()} it in {@code @AfterEach},
 * which fails the test when a request broke Cloudflare's API description.
 */
final class Fixture {

    static final String TOKEN = "cf-test-token-0123456789";

    final FakeCloudflare fake = new FakeCloudflare();
    final WireMockServer server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1").extensions(fake));
    /** Sleeps recorded by the retry policy and by await; nothing really sleeps. */
    final List<Duration> sleeps = new ArrayList<>();
    long fakeNanos;
    /** The wall clock the provider checks an uploaded certificate's validity against. */
    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

    Fixture start() {
        server.start();
        server.stubFor(any(urlPathMatching("/client/v4/.*")).atPriority(10)
                .willReturn(aResponse().withTransformers(FakeCloudflare.NAME)));
        return this;
    }

    /** A stub that wins over the fake account (faults, odd answers). */
    com.github.tomakehurst.wiremock.stubbing.StubMapping override(MappingBuilder mapping) {
        return server.stubFor(mapping.atPriority(1));
    }

    static ResponseDefinitionBuilder cloudflareError(int status, int code, String message) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody(FakeCloudflare.errorBody(code, message));
    }

    ProviderSettings settings() {
        RetryPolicy noSleep = RetryPolicy.builder().maxAttempts(3).sleeper(sleeps::add).random(() -> 0.5).build();
        return ProviderSettings.builder()
                .endpoint(URI.create(server.baseUrl() + FakeCloudflare.PREFIX))
                .secret(CloudflareProvider.API_TOKEN, Secret.of(TOKEN))
                .retryPolicy(noSleep)
                .environment(name -> null)
                .build();
    }

    /** A provider whose await sleeps on a fake clock. */
    CloudflareProvider provider() {
        return new CloudflareProvider(d -> {
            sleeps.add(d);
            fakeNanos += d.toNanos();
        }, () -> fakeNanos, clock);
    }

    Journal journal() {
        return Journal.of(server);
    }

    int writeCount() {
        return journal().writes().size();
    }

    /** Every request checked against Cloudflare's API description. */
    List<String> contractProblems() {
        ApiContract contract = ApiContract.load();
        List<String> problems = new ArrayList<>();
        for (Journal.Call c : journal().calls()) {
            problems.addAll(contract.problems(c.method(), c.path(), c.body()));
        }
        return problems;
    }

    /** Every answer the fake (or a test's override) gave, checked against the operation's response schema. */
    List<String> answerProblems() {
        ApiContract contract = ApiContract.load();
        List<String> problems = new ArrayList<>();
        for (Journal.Call c : journal().calls()) {
            if (c.fromFake() && c.answer() != null && c.answer().startsWith("{")
                    && contract.operation(c.method(), c.path()).isPresent()) {
                problems.addAll(contract.responseProblems(c.method(), c.path(), c.status(), c.answer()));
            }
        }
        return problems;
    }

    /** Stops the server; fails when any request broke the contract. */
    void stop() {
        try {
            List<String> problems = new ArrayList<>(contractProblems());
            answerProblems().forEach(p -> problems.add("answer: " + p));
            if (!problems.isEmpty()) {
                throw new AssertionError("requests that break Cloudflare's API description:\n  "
                        + String.join("\n  ", problems));
            }
        } finally {
            server.stop();
        }
    }
}
