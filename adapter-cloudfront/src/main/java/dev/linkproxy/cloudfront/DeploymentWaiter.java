package dev.linkproxy.cloudfront;

import dev.linkproxy.core.CdnException;
import dev.linkproxy.core.RetryPolicy;
import dev.linkproxy.core.spi.Progress;
import dev.linkproxy.core.spi.ProgressEvent;
import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;
import software.amazon.awssdk.services.cloudfront.model.Distribution;

/**
 * Polls {@code GetDistribution} until the distribution is {@code Deployed}, as the SDK's DistributionDeployed
 * waiter does (every 60 s, 35 times: about 35 minutes), but with a progress event on each poll, a deadline of the
 * caller's choosing and an injectable clock and sleeper so tests take no time. A separate object, not a sleep loop
 * inside the client (DESIGN §9).
 */
public final class DeploymentWaiter {

    /** The SDK waiter's delay between polls. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(60);
    /** The SDK waiter's deadline: 35 polls, 60 s apart. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(35);

    /** Reads a distribution's current state: one {@code GetDistribution} call. */
    @FunctionalInterface
    interface Poll {
        Distribution get(String id);
    }

    private final Poll poll;
    private final Duration interval;
    private final RetryPolicy.Sleeper sleeper;
    private final LongSupplier nanoClock;

    DeploymentWaiter(Poll poll, Duration interval, RetryPolicy.Sleeper sleeper, LongSupplier nanoClock) {
        this.poll = Objects.requireNonNull(poll);
        this.interval = Objects.requireNonNull(interval);
        this.sleeper = Objects.requireNonNull(sleeper);
        this.nanoClock = Objects.requireNonNull(nanoClock);
    }

    /**
     * Waits for {@code id} to be deployed.
     *
     * @return the deployed distribution
     * @throws CdnException of kind {@code TIMEOUT} when the next poll would fall after {@code timeout}
     */
    Distribution await(String id, Duration timeout, Progress progress) {
        long start = nanoClock.getAsLong();
        for (int attempt = 1; ; attempt++) {
            Distribution d = poll.get(id);
            Duration elapsed = Duration.ofNanos(nanoClock.getAsLong() - start);
            boolean deployed = "Deployed".equals(d.status());
            progress.report(new ProgressEvent(CloudFrontProvider.ID, "await", "distribution " + id + " is "
                    + d.status() + (deployed ? "" : " (poll " + attempt + "; next in " + interval.toSeconds() + " s)"),
                    elapsed));
            if (deployed) {
                return d;
            }
            if (elapsed.plus(interval).compareTo(timeout) > 0) {
                throw CdnException.builder(CloudFrontProvider.ID, "GetDistribution", CdnException.Kind.TIMEOUT)
                        .detail("distribution " + id + " still " + d.status() + " after " + elapsed.toSeconds() + " s")
                        .hint("CloudFront usually deploys in 5 to 15 minutes, sometimes longer; run status later,"
                                + " and cut DNS over only once it says DEPLOYED")
                        .build();
            }
            try {
                sleeper.sleep(interval);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw CdnException.builder(CloudFrontProvider.ID, "GetDistribution", CdnException.Kind.TIMEOUT)
                        .detail("interrupted while waiting for " + id).cause(e).build();
            }
        }
    }
}
