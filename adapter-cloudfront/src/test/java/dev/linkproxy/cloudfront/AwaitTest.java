package dev.linkproxy.cloudfront;

import static dev.linkproxy.cloudfront.Journal.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.linkproxy.core.CdnException;
import dev.linkproxy.core.spi.CdnClient;
import dev.linkproxy.core.spi.Deployment;
import dev.linkproxy.core.spi.Progress;
import dev.linkproxy.core.spi.ProgressEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** await polls GetDistribution at the configured interval until Deployed, on a clock that tests move by hand. */
class AwaitTest extends WireMockCloudFront {

    /** A monotonic clock that only the sleeper advances: a 35-minute wait takes no time. */
    private final AtomicLong now = new AtomicLong();

    private CloudFrontProvider timedProvider() {
        return new CloudFrontProvider(d -> {
            pollWaits.add(d);
            now.addAndGet(d.toNanos());
        }, now::get);
    }

    private Deployment created() {
        try (CdnClient client = client()) {
            return client.apply(spec(), Progress.NONE);
        }
    }

    @Test
    void pollsEveryMinuteUntilDeployedReportingEachPoll() {
        Deployment d = created();
        fake.pollsBeforeDeployed(3);
        server.resetRequests();
        List<ProgressEvent> events = new ArrayList<>();
        Deployment done;
        try (CdnClient client = timedProvider().connect(settings())) {
            done = client.await(d, DeploymentWaiter.DEFAULT_TIMEOUT, events::add);
        }
        assertEquals(Deployment.Status.DEPLOYED, done.status());
        assertEquals(d.cutoverTarget(), done.cutoverTarget());
        assertThat(server).made("GET /2020-05-31/distribution/" + d.id()).times(4);
        assertEquals(List.of(Duration.ofSeconds(60), Duration.ofSeconds(60), Duration.ofSeconds(60)), pollWaits);
        assertEquals(4, events.size());
        assertTrue(events.get(0).message().contains("InProgress"), events.toString());
        assertTrue(events.get(3).message().endsWith("is Deployed"), events.toString());
        assertEquals(Duration.ofMinutes(3), events.get(3).elapsed());
    }

    @Test
    void theIntervalComesFromTheSettings() {
        Deployment d = created();
        fake.pollsBeforeDeployed(2);
        try (CdnClient client = timedProvider().connect(settings().toBuilder().value("pollIntervalSeconds", "15").build())) {
            client.await(d, Duration.ofMinutes(5), Progress.NONE);
        }
        assertEquals(List.of(Duration.ofSeconds(15), Duration.ofSeconds(15)), pollWaits);
    }

    @Test
    void aDeploymentPastTheDeadlineIsATimeout() {
        Deployment d = created();
        fake.pollsBeforeDeployed(1000);
        try (CdnClient client = timedProvider().connect(settings())) {
            CdnException e = assertThrows(CdnException.class,
                    () -> client.await(d, Duration.ofMinutes(5), Progress.NONE));
            assertEquals(CdnException.Kind.TIMEOUT, e.kind());
            assertTrue(e.getMessage().contains("still InProgress"), e.getMessage());
        }
        // Polls at 0, 1, 2, 3, 4 and 5 minutes fit in the deadline; the sixth wait would not.
        assertEquals(5, pollWaits.size());
    }
}
