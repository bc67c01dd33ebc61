package dev.linkproxy.cloudflare;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.linkproxy.cloudflare.Journal.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.linkproxy.core.CdnException;
import dev.linkproxy.core.LinkProxySpec;
import dev.linkproxy.core.RetryPolicy;
import dev.linkproxy.core.spi.CdnClient;
import dev.linkproxy.core.spi.Progress;
import dev.linkproxy.core.spi.ProviderSettings;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Cloudflare's rate limit (1200 requests per 5 minutes per user; over it, every call gets 429 for 5 minutes, with
 * {@code retry-after}): the delay Cloudflare asks for is what the retry policy waits, the total wait is bounded by
 * {@link RetryPolicy#maxTotal()} (configurable), and past it the error says when to try again. Nothing really sleeps:
 * the sleeper records and advances a fake clock.
 */
class CloudflareRateLimitTest {

    private static final String LINK = "ablink.example.com";
    private static final String RECORDS = "GET /zones/{zone_id}/dns_records";

    private Fixture fixture;
    private final List<Duration> sleeps = new ArrayList<>();
    private long nanos;

    @BeforeEach
    void startFakeAccount() {
        fixture = new Fixture().start();
        fixture.fake.zone("example.com");
    }

    @AfterEach
    void everyRequestKeptToCloudflaresApiDescription() {
        fixture.stop();
    }

    private static LinkProxySpec spec() {
        return LinkProxySpec.builder().linkDomains(LINK).certificate("managed").build();
    }

    /** The fixture's settings with a policy on a fake clock that the sleeper advances. */
    private ProviderSettings settings(Consumer<RetryPolicy.Builder> policy) {
        RetryPolicy.Builder b = RetryPolicy.builder().maxAttempts(10).random(() -> 0.5).nanoClock(() -> nanos)
                .sleeper(d -> {
                    sleeps.add(d);
                    nanos += d.toNanos();
                });
        policy.accept(b);
        return fixture.settings().toBuilder().retryPolicy(b.build()).build();
    }

    private void apply(ProviderSettings settings) {
        try (CdnClient client = fixture.provider().connect(settings)) {
            client.apply(spec(), Progress.NONE);
        }
    }

    private static ResponseDefinitionBuilder limited(String retryAfter) {
        ResponseDefinitionBuilder r = Fixture.cloudflareError(429, 971,
                "Please wait and consider throttling your request speed");
        return retryAfter == null ? r : r.withHeader("retry-after", retryAfter);
    }

    /** Every request to the record list is limited, for ever. */
    private void alwaysLimited(String retryAfter) {
        fixture.override(get(urlPathMatching(".*/dns_records")).willReturn(limited(retryAfter)));
    }

    @Test
    void theDelayCloudflareAsksForIsWhatTheSleeperWaits() {
        fixture.server.stubFor(get(urlPathMatching(".*/dns_records")).atPriority(1).inScenario("limit")
                .whenScenarioStateIs(STARTED).willSetStateTo("one")
                .willReturn(limited("7")));
        fixture.server.stubFor(get(urlPathMatching(".*/dns_records")).atPriority(1).inScenario("limit")
                .whenScenarioStateIs("one").willSetStateTo("passed")
                .willReturn(limited("2")));
        apply(settings(p -> { }));
        assertEquals(List.of(Duration.ofSeconds(7), Duration.ofSeconds(2)), sleeps);
        assertThat(fixture.journal()).made("GET /zones/{zone}/dns_records").times(3)
                .made("POST /zones/{zone}/dns_records").once();
    }

    @Test
    void aLimitedCreateIsRetriedBecauseCloudflareDidNotCarryItOut() {
        fixture.server.stubFor(post(urlPathMatching(".*/dns_records")).atPriority(1).inScenario("limit")
                .whenScenarioStateIs(STARTED).willSetStateTo("passed")
                .willReturn(limited("3")));
        apply(settings(p -> { }));
        assertEquals(List.of(Duration.ofSeconds(3)), sleeps);
        assertThat(fixture.journal()).made("POST /zones/{zone}/dns_records").times(2);
        assertEquals(1, fixture.fake.recordsNamed(LINK).size());
    }

    @ParameterizedTest(name = "maxTotal {0} s")
    @ValueSource(ints = {10, 30})
    void theTotalWaitIsBoundedByTheConfiguredLimitAndThenSaysWhenToRetry(int maxTotal) {
        alwaysLimited("4");
        CdnException e = assertThrows(CdnException.class,
                () -> apply(settings(p -> p.maxTotal(Duration.ofSeconds(maxTotal)))));
        int waits = maxTotal / 4; // each wait must fit in what is left of the limit
        assertEquals(waits, sleeps.size(), sleeps.toString());
        assertTrue(sleeps.stream().allMatch(d -> d.equals(Duration.ofSeconds(4))), sleeps.toString());
        assertTrue(sleeps.stream().mapToLong(Duration::toSeconds).sum() <= maxTotal);
        assertEquals(CdnException.Kind.RATE_LIMITED, e.kind());
        assertEquals(RECORDS, e.operation());
        assertEquals(429, e.httpStatus());
        assertEquals(Duration.ofSeconds(4), e.retryAfter().orElseThrow());
        assertTrue(e.getMessage().contains("the provider asked to wait 4 s, past the retry time limit; try again after that"),
                e.getMessage());
        assertTrue(e.getMessage().startsWith("cloudflare " + RECORDS + " failed (HTTP 429, 971)"), e.getMessage());
        assertThat(fixture.journal()).made("GET /zones/{zone}/dns_records").times(waits + 1).madeNoWrites();
    }

    @Test
    void cloudflaresFiveMinuteBlockFailsFastWithTheTimeToRetryRatherThanWaiting() {
        alwaysLimited("300");
        // The default limit: two minutes per call.
        CdnException e = assertThrows(CdnException.class, () -> apply(settings(p -> { })));
        assertEquals(List.of(), sleeps, "nothing waited");
        assertEquals(Duration.ofMinutes(2), RetryPolicy.defaults().maxTotal());
        assertEquals(CdnException.Kind.RATE_LIMITED, e.kind());
        assertEquals(RECORDS, e.operation());
        assertEquals(Duration.ofSeconds(300), e.retryAfter().orElseThrow());
        assertTrue(e.getMessage().contains("the provider asked to wait 300 s, past the retry time limit; "
                + "try again after that"), e.getMessage());
        assertThat(fixture.journal()).made("GET /zones/{zone}/dns_records").once().madeNoWrites();
    }

    @Test
    void withALimitLongEnoughTheFiveMinutesAreWaitedOnce() {
        fixture.server.stubFor(get(urlPathMatching(".*/dns_records")).atPriority(1).inScenario("limit")
                .whenScenarioStateIs(STARTED).willSetStateTo("passed")
                .willReturn(limited("300")));
        apply(settings(p -> p.maxTotal(Duration.ofMinutes(6))));
        assertEquals(List.of(Duration.ofSeconds(300)), sleeps);
    }

    @Test
    void anHttpDateRetryAfterIsReadAsTheTimeUntilThen() {
        String inTenMinutes = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now().plusMinutes(10));
        alwaysLimited(inTenMinutes);
        CdnException e = assertThrows(CdnException.class, () -> apply(settings(p -> { })));
        assertEquals(List.of(), sleeps);
        assertTrue(Pattern.compile("asked to wait (59\\d|600) s").matcher(e.getMessage()).find(), e.getMessage());
    }

    @Test
    void withoutRetryAfterTheBackoffIsExponentialCappedAndBoundedInAttempts() {
        alwaysLimited(null);
        CdnException e = assertThrows(CdnException.class, () -> apply(settings(p -> p.maxAttempts(5)
                .baseDelay(Duration.ofMillis(1000)).maxDelay(Duration.ofMillis(3000)))));
        // full jitter at 0.5 of min(cap, base * 2^(n-1)): 0.5 s, 1 s, 1.5 s (capped), 1.5 s
        assertEquals(List.of(Duration.ofMillis(500), Duration.ofMillis(1000), Duration.ofMillis(1500),
                Duration.ofMillis(1500)), sleeps);
        assertThat(fixture.journal()).made("GET /zones/{zone}/dns_records").times(5);
        assertEquals(CdnException.Kind.RATE_LIMITED, e.kind());
        assertTrue(e.retryAfter().isEmpty());
        assertTrue(e.hint().orElseThrow().contains("1200 API calls per 5 minutes"), e.getMessage());
        assertTrue(e.hint().orElseThrow().contains("wait 5 minutes"), e.getMessage());
    }

    @Test
    void theLimitIsPerCallSoAnApplyOfManyCallsWaitsAtMostCallsTimesTheLimit() {
        // Every call limited once, 5 s each: each call waits once, the apply as a whole converges.
        for (String path : List.of(".*/tokens/verify", "/client/v4/zones", ".*/dns_records", ".*/entrypoint",
                ".*/hostnames/settings/.*", ".*/certificate_packs.*")) {
            fixture.server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.any(urlPathMatching(path))
                    .atPriority(1).inScenario(path).whenScenarioStateIs(STARTED).willSetStateTo("passed")
                    .willReturn(limited("5")));
        }
        apply(settings(p -> p.maxTotal(Duration.ofSeconds(6))));
        assertEquals(6, sleeps.size(), sleeps.toString());
        assertTrue(sleeps.stream().allMatch(d -> d.equals(Duration.ofSeconds(5))));
        assertFalse(fixture.fake.recordsNamed(LINK).isEmpty());
    }
}
