package dev.linkproxy.cloudfront;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.linkproxy.core.CdnException;
import dev.linkproxy.core.RetryPolicy;
import dev.linkproxy.core.spi.CdnClient;
import dev.linkproxy.core.spi.Progress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * AWS throttling: {@code Retry-After} honoured, the total wait bounded by the settings' {@link RetryPolicy#maxTotal()}
 * (configurable), and past it a clear error naming the call and status and saying when to retry. The clock moves only
 * when the fake sleeper "sleeps": no real waiting.
 */
class RateLimitTest extends WireMockCloudFront {

    private static final String API = FakeCloudFront.API;

    /** A monotonic clock that the sleeper advances. */
    private final AtomicLong nanos = new AtomicLong();
    private final List<Duration> slept = new ArrayList<>();

    private CdnClient client(int attempts, Duration maxTotal) {
        RetryPolicy retry = RetryPolicy.builder().maxAttempts(attempts).maxTotal(maxTotal).random(() -> 0.5)
                .nanoClock(nanos::get).sleeper(d -> {
                    slept.add(d);
                    nanos.addAndGet(d.toNanos());
                }).build();
        return provider().connect(settings().toBuilder().retryPolicy(retry).build());
    }

    private static ResponseDefinitionBuilder throttled(int status, String code, String retryAfter) {
        var r = aResponse().withStatus(status).withHeader("Content-Type", "text/xml")
                .withBody(FakeCloudFront.errorBody(code, "Rate exceeded"));
        return retryAfter == null ? r : r.withHeader("Retry-After", retryAfter);
    }

    private static Duration total(List<Duration> waits) {
        return waits.stream().reduce(Duration.ZERO, Duration::plus);
    }

    @Test
    void theSleeperWaitsWhatRetryAfterSays() {
        server.stubFor(get(urlPathEqualTo(API)).inScenario("t").whenScenarioStateIs(STARTED).atPriority(1)
                .willReturn(throttled(429, "Throttling", "7")).willSetStateTo("served"));
        try (CdnClient client = client(4, Duration.ofMinutes(2))) {
            client.apply(spec(), Progress.NONE);
        }
        assertEquals(List.of(Duration.ofSeconds(7)), slept);
        assertEquals(1, fake.all().size());
    }

    /** AWS says "slow down" with several codes, at 400 as well as 429: each one is RATE_LIMITED and retried. */
    @ParameterizedTest
    @CsvSource({"400,Throttling", "400,ThrottlingException", "400,TooManyRequests", "429,TooManyRequests",
            "429,Throttling", "400,RequestLimitExceeded"})
    void everyThrottlingCodeIsRateLimitedAndRetried(int status, String code) {
        server.stubFor(get(urlPathEqualTo(API)).atPriority(1).willReturn(throttled(status, code, null)));
        CdnException e;
        try (CdnClient client = client(3, Duration.ofMinutes(2))) {
            e = assertThrows(CdnException.class, () -> client.apply(spec(), Progress.NONE));
        }
        assertEquals(CdnException.Kind.RATE_LIMITED, e.kind(), e.getMessage());
        assertEquals("ListDistributions", e.operation());
        assertEquals(status, e.httpStatus());
        assertEquals(code, e.errorCode().orElse(null));
        Journal.assertThat(server).made("GET " + API).times(3);
        assertEquals(2, slept.size());
    }

    @Test
    void acmThrottlingIsRateLimitedToo() {
        server.stubFor(post(urlPathEqualTo("/")).inScenario("acm").whenScenarioStateIs(STARTED).atPriority(1)
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/x-amz-json-1.1")
                        .withBody("{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded\"}"))
                .willSetStateTo("served"));
        try (CdnClient client = client(4, Duration.ofMinutes(2))) {
            client.apply(spec(), Progress.NONE);
        }
        Journal.assertThat(server).made("ACM DescribeCertificate").times(2);
        assertEquals(1, slept.size());
    }

    /** A Retry-After longer than the whole budget: no wait at all, and an error that says how long to wait. */
    @Test
    void aRetryAfterPastTheBudgetFailsAtOnceSayingWhenToTryAgain() {
        server.stubFor(get(urlPathEqualTo(API)).atPriority(1).willReturn(throttled(429, "Throttling", "30")));
        CdnException e;
        try (CdnClient client = client(5, Duration.ofSeconds(10))) {
            e = assertThrows(CdnException.class, () -> client.apply(spec(), Progress.NONE));
        }
        assertEquals(List.of(), slept);
        Journal.assertThat(server).made("GET " + API).once();
        assertEquals(CdnException.Kind.RATE_LIMITED, e.kind());
        assertEquals("ListDistributions", e.operation());
        assertEquals(429, e.httpStatus());
        assertEquals(Duration.ofSeconds(30), e.retryAfter().orElseThrow());
        assertTrue(e.getMessage().startsWith("cloudfront ListDistributions failed (HTTP 429, Throttling)"),
                e.getMessage());
        assertTrue(e.getMessage().contains("the provider asked to wait 30 s, past the retry time limit; try again after"
                + " that"), e.getMessage());
    }

    /**
     * Throttled for good, Retry-After 4 s each time, attempts to spare: the waits stop where the next one would pass
     * {@code maxTotal}, whatever it is set to.
     */
    @ParameterizedTest
    @ValueSource(ints = {10, 30})
    void theTotalWaitIsBoundedByTheConfiguredMaxTotal(int maxTotalSeconds) {
        server.stubFor(get(urlPathEqualTo(API)).atPriority(1).willReturn(throttled(429, "Throttling", "4")));
        Duration maxTotal = Duration.ofSeconds(maxTotalSeconds);
        CdnException e;
        try (CdnClient client = client(100, maxTotal)) {
            e = assertThrows(CdnException.class, () -> client.apply(spec(), Progress.NONE));
        }
        int waits = maxTotalSeconds / 4;
        assertEquals(waits, slept.size(), slept.toString());
        assertTrue(total(slept).compareTo(maxTotal) <= 0, total(slept) + " > " + maxTotal);
        Journal.assertThat(server).made("GET " + API).times(waits + 1);
        assertEquals(CdnException.Kind.RATE_LIMITED, e.kind());
        assertEquals("ListDistributions", e.operation());
        assertTrue(e.getMessage().contains("the provider asked to wait 4 s, past the retry time limit"), e.getMessage());
    }

    /** Without Retry-After the backoff is bounded the same way, and the error says the time limit was reached. */
    @Test
    void backoffWithoutRetryAfterIsBoundedToo() {
        server.stubFor(get(urlPathEqualTo(API)).atPriority(1).willReturn(throttled(400, "Throttling", null)));
        CdnException e;
        try (CdnClient client = client(100, Duration.ofSeconds(5))) {
            e = assertThrows(CdnException.class, () -> client.apply(spec(), Progress.NONE));
        }
        assertTrue(total(slept).compareTo(Duration.ofSeconds(5)) <= 0, slept.toString());
        assertEquals(CdnException.Kind.RATE_LIMITED, e.kind());
        assertTrue(e.getMessage().contains("gave up retrying within the time limit"), e.getMessage());
    }
}
