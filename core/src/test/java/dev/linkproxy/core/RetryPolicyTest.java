package dev.linkproxy.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Backoff on a fake clock: no test here sleeps. */
class RetryPolicyTest {

    private final AtomicLong now = new AtomicLong();
    private final List<Duration> waits = new ArrayList<>();

    private RetryPolicy.Builder policy() {
        return RetryPolicy.builder()
                .nanoClock(now::get)
                .sleeper(d -> {
                    waits.add(d);
                    now.addAndGet(d.toNanos());
                })
                .random(() -> 0.5)
                .baseDelay(Duration.ofMillis(100))
                .maxDelay(Duration.ofSeconds(1));
    }

    private static CdnException failure(CdnException.Kind kind, int status) {
        return CdnException.builder("test", "Op", kind).httpStatus(status).build();
    }

    @Test
    void retriesRetryableFailuresWithFullJitterExponentialBackoff() {
        AtomicInteger calls = new AtomicInteger();
        String result = policy().maxAttempts(6).build().execute(() -> {
            if (calls.incrementAndGet() < 6) {
                throw failure(CdnException.Kind.SERVER, 503);
            }
            return "done";
        });
        assertEquals("done", result);
        // random 0.5 × min(1000, 100 × 2^(n-1)) ms
        assertEquals(List.of(Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400),
                Duration.ofMillis(500)), waits);
    }

    @Test
    void jitterSpansZeroToTheCeiling() {
        RetryPolicy low = policy().random(() -> 0.0).build();
        RetryPolicy high = policy().random(() -> 0.999).build();
        CdnException e = failure(CdnException.Kind.SERVER, 500);
        assertEquals(Duration.ZERO, low.delay(3, e));
        assertEquals(Duration.ofMillis(399), high.delay(3, e));
    }

    @Test
    void theServersDelayIsHonoured() {
        AtomicInteger calls = new AtomicInteger();
        policy().build().execute(() -> {
            if (calls.incrementAndGet() == 1) {
                throw CdnException.builder("test", "Op", CdnException.Kind.RATE_LIMITED).httpStatus(429)
                        .retryAfter(Duration.ofSeconds(7)).build();
            }
            return 1;
        });
        assertEquals(List.of(Duration.ofSeconds(7)), waits);
    }

    @Test
    void stopsAfterMaxAttemptsWithTheLastFailure() {
        AtomicInteger calls = new AtomicInteger();
        CdnException last = failure(CdnException.Kind.TRANSPORT, 0);
        CdnException e = assertThrows(CdnException.class, () -> policy().maxAttempts(3).build().execute(() -> {
            calls.incrementAndGet();
            throw last;
        }));
        assertSame(last, e);
        assertEquals(3, calls.get());
    }

    @Test
    void neverRetriesAFailureThatWillNotChange() {
        AtomicInteger calls = new AtomicInteger();
        assertThrows(CdnException.class, () -> policy().build().execute(() -> {
            calls.incrementAndGet();
            throw failure(CdnException.Kind.AUTHENTICATION, 401);
        }));
        assertEquals(1, calls.get());
        assertEquals(List.of(), waits);
    }

    @Test
    void aServerDelayPastTheTimeBudgetFailsAtOnceSayingWhenToRetry() {
        AtomicInteger calls = new AtomicInteger();
        CdnException e = assertThrows(CdnException.class, () -> policy().maxTotal(Duration.ofSeconds(30)).build().execute(() -> {
            calls.incrementAndGet();
            throw CdnException.builder("fastly", "POST /service", CdnException.Kind.RATE_LIMITED).httpStatus(429)
                    .retryAfter(Duration.ofSeconds(600)).build();
        }));
        assertEquals(1, calls.get());
        assertEquals(List.of(), waits);
        assertEquals(CdnException.Kind.RATE_LIMITED, e.kind());
        assertEquals(Duration.ofSeconds(600), e.retryAfter().orElseThrow());
        assertEquals("fastly POST /service failed (HTTP 429). the provider asked to wait 600 s, past the retry time limit;"
                + " try again after that", e.getMessage());
    }

    @Test
    void totalTimeIsBounded() {
        AtomicInteger calls = new AtomicInteger();
        assertThrows(CdnException.class, () -> policy().maxAttempts(100).random(() -> 0.99).maxTotal(Duration.ofSeconds(3))
                .build().execute(() -> {
                    calls.incrementAndGet();
                    throw failure(CdnException.Kind.SERVER, 502);
                }));
        Duration spent = waits.stream().reduce(Duration.ZERO, Duration::plus);
        assertTrue(spent.compareTo(Duration.ofSeconds(3)) <= 0, "waited " + spent);
        assertTrue(calls.get() < 100);
    }

    @Test
    void maxAttemptsMustBePositive() {
        assertEquals("maxAttempts must be at least 1, got 0",
                assertThrows(IllegalArgumentException.class, () -> RetryPolicy.builder().maxAttempts(0)).getMessage());
    }

    @Test
    void theTimeSpentIsMeasuredFromTheFirstAttemptWhateverTheClockReads() {
        now.set(5_000_000_000_000L);
        AtomicInteger calls = new AtomicInteger();
        int result = policy().maxTotal(Duration.ofSeconds(2)).build().execute(() -> {
            if (calls.incrementAndGet() < 3) {
                throw failure(CdnException.Kind.SERVER, 503);
            }
            return calls.get();
        });
        assertEquals(3, result);
    }

    @Test
    void aWaitThatEndsExactlyAtTheTimeBudgetIsStillTaken() {
        AtomicInteger calls = new AtomicInteger();
        int result = policy().maxTotal(Duration.ofSeconds(7)).build().execute(() -> {
            if (calls.incrementAndGet() == 1) {
                throw CdnException.builder("test", "Op", CdnException.Kind.RATE_LIMITED).httpStatus(429)
                        .retryAfter(Duration.ofSeconds(7)).build();
            }
            return calls.get();
        });
        assertEquals(2, result);
        assertEquals(List.of(Duration.ofSeconds(7)), waits);
    }

    @Test
    void runningOutOfTimeWithoutAServerDelaySaysToTryLater() {
        CdnException e = assertThrows(CdnException.class, () -> policy().maxAttempts(10).random(() -> 0.99)
                .maxTotal(Duration.ofMillis(500)).build().execute(() -> {
                    throw failure(CdnException.Kind.SERVER, 502);
                }));
        assertEquals("test Op failed (HTTP 502). gave up retrying within the time limit; try again later", e.getMessage());
    }

    @Test
    void anInterruptedWaitGivesUpWithTheFailureAndKeepsTheInterrupt() {
        CdnException failure = failure(CdnException.Kind.SERVER, 503);
        RetryPolicy interrupted = policy().sleeper(d -> {
            throw new InterruptedException();
        }).build();
        try {
            assertSame(failure, assertThrows(CdnException.class, () -> interrupted.execute(() -> {
                throw failure;
            })));
            assertTrue(Thread.currentThread().isInterrupted());
        } finally {
            Thread.interrupted(); // clears the flag for the next test
        }
    }

    @Test
    void noneMakesOneAttempt() {
        RetryPolicy none = RetryPolicy.none();
        assertEquals(1, none.maxAttempts());
        AtomicInteger calls = new AtomicInteger();
        assertThrows(CdnException.class, () -> none.execute(() -> {
            calls.incrementAndGet();
            throw failure(CdnException.Kind.SERVER, 500);
        }));
        assertEquals(1, calls.get());
    }

    @Test
    void theDefaultsAreFiveAttemptsWithinTwoMinutes() {
        RetryPolicy defaults = RetryPolicy.defaults();
        assertEquals(5, defaults.maxAttempts());
        assertEquals(Duration.ofMinutes(2), defaults.maxTotal());
    }

    @Test
    void toBuilderKeepsEverySetting() {
        RetryPolicy copy = policy().maxAttempts(3).maxTotal(Duration.ofSeconds(9)).build().toBuilder().build();
        assertEquals(3, copy.maxAttempts());
        assertEquals(Duration.ofSeconds(9), copy.maxTotal());
        // the fake clock, sleeper and random source came along: 0.5 × 100 ms
        assertEquals(Duration.ofMillis(50), copy.delay(1, failure(CdnException.Kind.SERVER, 500)));
    }

    @Test
    void theDefaultJitterIsRandom() {
        RetryPolicy defaults = RetryPolicy.defaults();
        CdnException e = failure(CdnException.Kind.SERVER, 500);
        // The ceiling at attempt 5 is 8 s: twenty waits all under a millisecond would mean no jitter at all.
        boolean anyWait = false;
        for (int i = 0; i < 20; i++) {
            anyWait |= !defaults.delay(5, e).isZero();
        }
        assertTrue(anyWait);
    }

    @Test
    void oneAttemptIsAllowed() {
        assertEquals(1, RetryPolicy.builder().maxAttempts(1).build().maxAttempts());
    }
}
