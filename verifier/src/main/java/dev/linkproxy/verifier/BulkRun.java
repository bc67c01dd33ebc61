package dev.linkproxy.verifier;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * One {@link Verifier#verifyAll} call. The calling thread pulls requests from the iterator, one per free slot of
 * {@code concurrency}, so at most {@code concurrency} requests are out of the iterator and not yet reported; a pool of
 * at most {@code concurrency} threads verifies them and hands each report to the consumer under one lock. Nothing is
 * kept per finished domain: a report goes to the consumer and into the counts, and is dropped.
 *
 * <p>Stopping (the consumer or the iterator threw, or the caller was interrupted) pulls nothing more, delivers nothing
 * more, cancels the running domains (their sockets are closed, their DNS waits interrupted) and waits for them to end,
 * so that no thread of the run outlives the call.
 */
final class BulkRun {

    private static final AtomicInteger RUNS = new AtomicInteger();
    private static final List<String> CHECKS = List.of(CheckResult.DNS_CUTOVER, CheckResult.TLS, CheckResult.HTTPS_LINK,
            CheckResult.HTTP_LINK);

    private final int concurrency;
    private final Duration total;
    private final BiFunction<VerificationRequest, Deadline, VerificationReport> verify;
    private final Consumer<? super VerificationReport> onReport;
    private final Semaphore slots;
    private final ThreadPoolExecutor pool;
    private final Set<Deadline> running = ConcurrentHashMap.newKeySet();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean stopping;

    /** Guards the consumer calls and the counts below, so that consumer calls never overlap. */
    private final Object delivery = new Object();
    private long verified;
    private long ready;
    private final long[] failed = new long[CHECKS.size()];

    BulkRun(int concurrency, Duration total, BiFunction<VerificationRequest, Deadline, VerificationReport> verify,
            Consumer<? super VerificationReport> onReport) {
        this.concurrency = concurrency;
        this.total = total;
        this.verify = verify;
        this.onReport = Objects.requireNonNull(onReport, "onReport");
        this.slots = new Semaphore(concurrency);
        String name = "linkproxy-verify-" + RUNS.incrementAndGet() + "-";
        AtomicInteger threads = new AtomicInteger();
        // The queue never holds more than `concurrency` tasks: a task is only submitted once it holds a slot.
        this.pool = new ThreadPoolExecutor(concurrency, concurrency, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(concurrency), r -> {
                    Thread t = new Thread(r, name + threads.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    BulkSummary run(Iterator<VerificationRequest> requests) {
        long start = System.nanoTime();
        boolean interrupted = false;
        try {
            while (!stopping) {
                slots.acquire();
                if (stopping || !submitNext(requests)) {
                    slots.release();
                    break;
                }
            }
        } catch (InterruptedException e) {
            interrupted = true;
            stop();
        }
        interrupted |= awaitAll();
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        Throwable t = failure.get();
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        if (t != null) {
            throw new IllegalStateException(t);
        }
        synchronized (delivery) {
            if (interrupted) {
                throw new CancellationException("the bulk verification was interrupted after " + verified
                        + " reports; the running verifications were cancelled");
            }
            Map<String, Long> failures = new LinkedHashMap<>();
            for (int i = 0; i < CHECKS.size(); i++) {
                failures.put(CHECKS.get(i), failed[i]);
            }
            return new BulkSummary(verified, ready, failures, elapsed);
        }
    }

    /** Pulls one request and starts it; false when there is none left or pulling failed. The caller holds a slot. */
    private boolean submitNext(Iterator<VerificationRequest> requests) {
        VerificationRequest next;
        try {
            if (!requests.hasNext()) {
                return false;
            }
            next = Objects.requireNonNull(requests.next(), "the requests held a null");
            pool.execute(() -> verifyOne(next));
            return true;
        } catch (RuntimeException | Error e) {
            fail(e);
            return false;
        }
    }

    private void verifyOne(VerificationRequest request) {
        Deadline deadline = new Deadline(total);
        running.add(deadline);
        try {
            // stop() flags before it cancels what is running: whichever of the two happens first, this one is cancelled.
            if (stopping) {
                deadline.cancel();
            }
            deliver(verify.apply(request, deadline));
        } catch (RuntimeException | Error e) {
            fail(e);
        } finally {
            running.remove(deadline);
            slots.release();
        }
    }

    private void deliver(VerificationReport report) {
        synchronized (delivery) {
            if (stopping) {
                return;
            }
            try {
                onReport.accept(report);
            } catch (RuntimeException | Error e) {
                // Flag before the lock is let go: a report waiting on it must not reach a consumer that gave up.
                stopping = true;
                throw e;
            }
            verified++;
            if (report.ready()) {
                ready++;
            }
            for (CheckResult c : report.checks()) {
                int i = CHECKS.indexOf(c.name());
                if (i >= 0 && c.status() == CheckStatus.FAIL) {
                    failed[i]++;
                }
            }
        }
    }

    private void fail(Throwable t) {
        failure.compareAndSet(null, t);
        stop();
    }

    private void stop() {
        stopping = true;
        running.forEach(Deadline::cancel);
        // Interrupts cut DNS waits short; tasks still queued never start and give their slots back here.
        try {
            for (Runnable never : pool.shutdownNow()) {
                slots.release();
            }
        } catch (SecurityException e) {
            // Without permission to interrupt, cancelled deadlines still end every step within one DNS query limit.
        }
    }

    /** Waits until every slot is back and the pool's threads have ended; true if the caller was interrupted. */
    private boolean awaitAll() {
        boolean interrupted = false;
        while (true) {
            try {
                slots.acquire(concurrency);
                break;
            } catch (InterruptedException e) {
                interrupted = true;
                stop();
            }
        }
        pool.shutdown();
        while (true) {
            try {
                if (pool.awaitTermination(1, TimeUnit.MINUTES)) {
                    return interrupted;
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
    }
}
