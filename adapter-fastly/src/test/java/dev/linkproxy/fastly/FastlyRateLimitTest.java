package dev.linkproxy.fastly;

import static dev.linkproxy.fastly.Journal.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.linkproxy.core.CdnException;
import dev.linkproxy.core.RetryPolicy;
import dev.linkproxy.core.spi.CdnClient;
import dev.linkproxy.core.spi.Progress;
import dev.linkproxy.core.spi.ProviderSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Fastly's rate limits: {@code Retry-After} and {@code Fastly-RateLimit-Reset} honoured (the wait computed on the test
 * clock is what the sleeper sees), the total wait bounded by {@link RetryPolicy#maxTotal()} and configurable, a clear
 * error with the time to retry past it, and a spent write budget ({@code Fastly-RateLimit-Remaining: 0}) waited out
 * before the next write is sent.
 */
class FastlyRateLimitTest {

    private final FakeFastlyServer server = new FakeFastlyServer();
    /** For each wait: the requests the fake had received when it began. */
    private final List<Integer> requestsAtSleep = new ArrayList<>();

    @AfterEach
    void stop() {
        server.close();
    }

    private ProviderSettings settings(Duration maxTotal, int attempts) {
        return server.settings().toBuilder().retryPolicy(RetryPolicy.builder().maxAttempts(attempts).maxTotal(maxTotal)
                .sleeper(d -> {
                    requestsAtSleep.add(server.journal().calls().size());
                    server.time.sleep(d);
                }).nanoClock(server.time::nanos).random(() -> 0.5).build()).build();
    }

    private CdnClient client(Duration maxTotal, int attempts) {
        return server.client(settings(maxTotal, attempts));
    }

    @Test
    void retryAfterIsWaitedExactly() {
        server.fastly.fail("GET /service/search", 429, 1, Map.of("Retry-After", "3"));
        try (CdnClient c = client(Duration.ofMinutes(2), 4)) {
            c.apply(FastlyApplyTest.spec(), Progress.NONE);
        }
        assertEquals(Duration.ofSeconds(3), server.time.sleeps.get(0));
        assertEquals(1, server.time.sleeps.size(), server.time.sleeps.toString());
    }

    @Test
    void fastlyRateLimitResetOnAWriteIsWaitedUntilOnTheClock() {
        long reset = server.time.epochSeconds() + 42;
        server.fastly.fail("POST /service", 429, 1, Map.of("Fastly-RateLimit-Reset", Long.toString(reset)));
        try (CdnClient c = client(Duration.ofMinutes(2), 4)) {
            c.apply(FastlyApplyTest.spec(), Progress.NONE);
        }
        assertEquals(List.of(Duration.ofSeconds(42)), server.time.sleeps);
        assertTrue(server.time.instant().getEpochSecond() >= reset, "sent again before the reset");
        assertThat(server.journal()).made("POST /service").times(2);
        assertEquals(1, server.fastly.services.size());
    }

    @Test
    void aWaitPastTheRetryTimeLimitIsAClearErrorSayingWhenToTryAgain() {
        server.fastly.failEverything(429, Map.of("Retry-After", "120"));
        try (CdnClient c = client(Duration.ofSeconds(60), 10)) {
            CdnException e = assertThrows(CdnException.class, () -> c.apply(FastlyApplyTest.spec(), Progress.NONE));
            assertEquals(CdnException.Kind.RATE_LIMITED, e.kind());
            assertEquals("SearchService", e.operation());
            assertEquals(429, e.httpStatus());
            assertTrue(e.getMessage().startsWith("fastly SearchService failed (HTTP 429)"), e.getMessage());
            assertTrue(e.getMessage().contains("the provider asked to wait 120 s, past the retry time limit; "
                    + "try again after that"), e.getMessage());
        }
        assertEquals(List.of(), server.time.sleeps, "waited although the wait could not fit");
        assertThat(server.journal()).made("GET /service/search").once();
    }

    @Test
    void aResetAnHourAwayOnAWriteIsAClearErrorAndNothingIsCreated() {
        long reset = server.time.epochSeconds() + 3600;
        server.fastly.fail("POST /service", 429, 100, Map.of("Fastly-RateLimit-Reset", Long.toString(reset)));
        try (CdnClient c = client(Duration.ofMinutes(2), 10)) {
            CdnException e = assertThrows(CdnException.class, () -> c.apply(FastlyApplyTest.spec(), Progress.NONE));
            assertEquals("CreateService", e.operation());
            assertTrue(e.getMessage().contains("HTTP 429"), e.getMessage());
            assertTrue(e.getMessage().contains("asked to wait 3600 s, past the retry time limit; try again after that"),
                    e.getMessage());
        }
        assertEquals(List.of(), server.time.sleeps);
        assertTrue(server.fastly.services.isEmpty());
    }

    @Test
    void repeatedWaitsStopWithinTheTotalBound() {
        server.fastly.failEverything(429, Map.of("Retry-After", "4"));
        try (CdnClient c = client(Duration.ofSeconds(10), 10)) {
            CdnException e = assertThrows(CdnException.class, () -> c.plan(FastlyApplyTest.spec()));
            assertTrue(e.getMessage().contains("asked to wait 4 s, past the retry time limit"), e.getMessage());
        }
        assertEquals(List.of(Duration.ofSeconds(4), Duration.ofSeconds(4)), server.time.sleeps);
        assertTrue(server.time.sleeps.stream().mapToLong(Duration::toSeconds).sum() <= 10);
        assertThat(server.journal()).made("GET /service/search").times(3);
    }

    @Test
    void theBoundIsConfigurable() {
        server.fastly.fail("GET /service/search", 429, 1, Map.of("Retry-After", "120"));
        try (CdnClient c = client(Duration.ofMinutes(5), 4)) {
            c.apply(FastlyApplyTest.spec(), Progress.NONE);
        }
        assertEquals(List.of(Duration.ofSeconds(120)), server.time.sleeps);
        assertTrue(server.fastly.onlyService().version(1).active);
    }

    @Test
    void aSpentWriteBudgetHoldsTheNextWriteUntilTheResetWithoutA429() {
        server.fastly.rateLimitRemaining(0); // every write answers Remaining: 0, Reset: now + 30 s
        try (CdnClient c = client(Duration.ofMinutes(2), 4)) {
            c.apply(FastlyApplyTest.spec(), Progress.NONE);
        }
        List<Journal.Call> calls = server.journal().calls();
        int firstWrite = calls.indexOf(calls.stream().filter(Journal.Call::write).findFirst().orElseThrow());
        assertEquals(Duration.ofSeconds(30), server.time.sleeps.get(0));
        assertEquals(firstWrite + 1, requestsAtSleep.get(0), "the wait began right after the write that spent the "
                + "budget, before the next write was sent: " + server.journal());
        // every later write waited for its reset; reads did not
        long writes = calls.stream().filter(Journal.Call::write).count();
        assertEquals(writes - 1, server.time.sleeps.stream().filter(Duration.ofSeconds(30)::equals).count());
        assertThat(server.journal()).made("POST /service").once();
        assertTrue(server.fastly.onlyService().version(1).active);
    }

    @Test
    void aSpentWriteBudgetPastTheLimitFailsBeforeSendingNamingTheWrite() {
        server.fastly.rateLimitRemaining(0);
        try (CdnClient c = client(Duration.ofSeconds(10), 4)) {
            CdnException e = assertThrows(CdnException.class, () -> c.apply(FastlyApplyTest.spec(), Progress.NONE));
            assertEquals(CdnException.Kind.RATE_LIMITED, e.kind());
            assertEquals("CreateService", e.operation(), "the first write (the TLS subscription) spent the budget");
            assertTrue(e.getMessage().contains("asked to wait 30 s, past the retry time limit; try again after that"),
                    e.getMessage());
        }
        assertThat(server.journal()).made("POST /tls/subscriptions").once();
        assertThat(server.journal()).made("POST /service").never();
        assertEquals(List.of(), server.time.sleeps);
    }
}
