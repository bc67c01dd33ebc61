package dev.linkproxy.verifier;

import java.time.Duration;

/** The total time allowed for one domain; each step's time limit is cut down to what is left of it. */
final class Deadline {

    private static final long SLACK_NANOS = Duration.ofMillis(50).toNanos();

    private final Duration total;
    private final long end;

    Deadline(Duration total) {
        this.total = total;
        this.end = System.nanoTime() + total.toNanos();
    }

    boolean expired() {
        return remainingNanos() <= 0;
    }

    Duration remaining() {
        return Duration.ofNanos(Math.max(0, remainingNanos()));
    }

    /** The smaller of {@code step} and the time left, in milliseconds and at least 1 (0 would mean "no limit" to a socket). */
    int millisFor(Duration step) throws StepException {
        if (expired()) {
            throw reached();
        }
        long ms = Math.min(step.toMillis(), Math.max(1, remaining().toMillis()));
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, ms));
    }

    StepException reached() {
        return new StepException("the total time limit of " + TimeLimits.text(total) + " for this domain was reached");
    }

    /** Turns a timeout or a socket closed by the watchdog into the limit that caused it. */
    StepException timedOut(String what, Duration stepLimit) {
        // A socket timer cut down to the time left may fire a moment before the deadline itself.
        if (remainingNanos() < SLACK_NANOS) {
            return reached();
        }
        return new StepException(what + " within the " + TimeLimits.text(stepLimit) + " time limit");
    }

    private long remainingNanos() {
        return end - System.nanoTime();
    }
}
