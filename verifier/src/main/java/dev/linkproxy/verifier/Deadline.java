package dev.linkproxy.verifier;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The total time allowed for one domain; each step's time limit is cut down to what is left of it. A bulk run that
 * stops early {@link #cancel() cancels} it, which ends the domain's steps at once instead of at the limit.
 */
final class Deadline {

    private static final long SLACK_NANOS = Duration.ofMillis(50).toNanos();

    private final Duration total;
    private final long end;
    /** The domain's open connections (one or two at a time), so that cancelling can close them. */
    private final Set<Connection> open = ConcurrentHashMap.newKeySet();
    private volatile boolean cancelled;

    Deadline(Duration total) {
        this.total = total;
        this.end = System.nanoTime() + total.toNanos();
    }

    boolean expired() {
        return cancelled || remainingNanos() <= 0;
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
        if (cancelled) {
            return new StepException("the verification was stopped before it finished");
        }
        return new StepException("the total time limit of " + TimeLimits.text(total) + " for this domain was reached");
    }

    /** Turns a timeout or a socket closed by the watchdog into the limit that caused it. */
    StepException timedOut(String what, Duration stepLimit) {
        // A socket timer cut down to the time left may fire a moment before the deadline itself.
        if (cancelled || remainingNanos() < SLACK_NANOS) {
            return reached();
        }
        return new StepException(what + " within the " + TimeLimits.text(stepLimit) + " time limit");
    }

    /** Ends the time now: open connections are aborted and every later step fails at once. */
    void cancel() {
        cancelled = true;
        open.forEach(Connection::abort);
    }

    /** Registers a connection this domain opened, until it is closed. */
    void opened(Connection c) {
        open.add(c);
        if (cancelled) {
            // cancel() may have run between the check and the add: abort here so no connection outlives it.
            c.abort();
        }
    }

    void closed(Connection c) {
        open.remove(c);
    }

    private long remainingNanos() {
        return end - System.nanoTime();
    }
}
