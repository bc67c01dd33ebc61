package dev.linkproxy.core;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retries a call that failed with a retryable {@link CdnException}: exponential backoff with full jitter, a
 * server-given delay honoured, bounded in attempts and in total time. The clock, the sleeper and the random source
 * are injectable so tests take no real time. Immutable and thread-safe.
 */
public final class RetryPolicy {

    private static final Logger LOG = LoggerFactory.getLogger(RetryPolicy.class);

    /** Waits; the default is {@link Thread#sleep(long)}. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final int maxAttempts;
    private final Duration baseDelay;
    private final Duration maxDelay;
    private final Duration maxTotal;
    private final LongSupplier nanoClock;
    private final Sleeper sleeper;
    private final DoubleSupplier random;

    private RetryPolicy(Builder b) {
        this.maxAttempts = b.maxAttempts;
        this.baseDelay = b.baseDelay;
        this.maxDelay = b.maxDelay;
        this.maxTotal = b.maxTotal;
        this.nanoClock = b.nanoClock;
        this.sleeper = b.sleeper;
        this.random = b.random;
    }

    /** Five attempts, 0.5 s base delay, 20 s cap per wait, two minutes in all. */
    public static RetryPolicy defaults() {
        return builder().build();
    }

    /** A policy that never retries. */
    public static RetryPolicy none() {
        return builder().maxAttempts(1).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.maxAttempts = maxAttempts;
        b.baseDelay = baseDelay;
        b.maxDelay = maxDelay;
        b.maxTotal = maxTotal;
        b.nanoClock = nanoClock;
        b.sleeper = sleeper;
        b.random = random;
        return b;
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    public Duration maxTotal() {
        return maxTotal;
    }

    /**
     * Runs {@code call}, retrying while it throws a retryable {@link CdnException} and the bounds allow.
     *
     * @throws CdnException the last failure, when it is not retryable or the attempts or the time are spent; when
     *                      the time budget runs out, the message says how long the provider asked to wait
     */
    public <T> T execute(Supplier<T> call) {
        long start = nanoClock.getAsLong();
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (CdnException e) {
                if (!e.retryable() || attempt >= maxAttempts) {
                    throw e;
                }
                Duration wait = delay(attempt, e);
                Duration spent = Duration.ofNanos(nanoClock.getAsLong() - start);
                if (spent.plus(wait).compareTo(maxTotal) > 0) {
                    throw outOfTime(e, wait);
                }
                LOG.info("{} {}: {} (attempt {} of {}); retrying in {} ms", e.provider(), e.operation(), e.kind(),
                        attempt, maxAttempts, wait.toMillis());
                try {
                    sleeper.sleep(wait);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /** The wait before attempt {@code attempt + 1}: the server's delay if it gave one, else full jitter. */
    Duration delay(int attempt, CdnException e) {
        if (e.retryAfter().isPresent()) {
            return e.retryAfter().get();
        }
        double ceiling = Math.min(maxDelay.toMillis(), baseDelay.toMillis() * Math.pow(2, attempt - 1));
        return Duration.ofMillis((long) (random.getAsDouble() * ceiling));
    }

    private static CdnException outOfTime(CdnException e, Duration wait) {
        String hint = e.retryAfter().isPresent()
                ? "the provider asked to wait " + wait.toSeconds() + " s, past the retry time limit; try again after that"
                : "gave up retrying within the time limit; try again later";
        return e.toBuilder().hint(hint).cause(e).build();
    }

    /** Builds a {@link RetryPolicy}. */
    public static final class Builder {
        private int maxAttempts = 5;
        private Duration baseDelay = Duration.ofMillis(500);
        private Duration maxDelay = Duration.ofSeconds(20);
        private Duration maxTotal = Duration.ofMinutes(2);
        private LongSupplier nanoClock = System::nanoTime;
        private Sleeper sleeper = d -> Thread.sleep(d.toMillis());
        private DoubleSupplier random = () -> ThreadLocalRandom.current().nextDouble();

        private Builder() {
        }

        /** Attempts in all, the first included; at least 1. */
        public Builder maxAttempts(int attempts) {
            if (attempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1, got " + attempts);
            }
            this.maxAttempts = attempts;
            return this;
        }

        public Builder baseDelay(Duration delay) {
            this.baseDelay = Objects.requireNonNull(delay);
            return this;
        }

        public Builder maxDelay(Duration delay) {
            this.maxDelay = Objects.requireNonNull(delay);
            return this;
        }

        /** The most time spent on one call, waits included. */
        public Builder maxTotal(Duration total) {
            this.maxTotal = Objects.requireNonNull(total);
            return this;
        }

        /** A monotonic clock in nanoseconds. */
        public Builder nanoClock(LongSupplier clock) {
            this.nanoClock = Objects.requireNonNull(clock);
            return this;
        }

        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper);
            return this;
        }

        /** Uniform in [0, 1). */
        public Builder random(DoubleSupplier random) {
            this.random = Objects.requireNonNull(random);
            return this;
        }

        public RetryPolicy build() {
            return new RetryPolicy(this);
        }
    }
}
