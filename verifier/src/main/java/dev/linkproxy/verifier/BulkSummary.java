package dev.linkproxy.verifier;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@link Verifier#verifyAll bulk run} found, as counts: its size does not depend on the number of domains.
 *
 * @param verified how many reports were handed to the consumer
 * @param ready    how many of those were {@link VerificationReport#ready() ready}
 * @param failed   for each check, in the order {@code dns-cutover}, {@code tls}, {@code https-link}, {@code http-link}, how
 *                 many domains failed it (every check is present, with 0 when none failed)
 * @param elapsed  the wall-clock time of the whole run
 */
public record BulkSummary(long verified, long ready, Map<String, Long> failed, Duration elapsed) {

    public BulkSummary {
        Objects.requireNonNull(elapsed, "elapsed");
        if (verified < 0 || ready < 0 || ready > verified) {
            throw new IllegalArgumentException("counts must satisfy 0 <= ready <= verified, got " + ready + " of "
                    + verified);
        }
        failed = Collections.unmodifiableMap(new LinkedHashMap<>(failed));
    }

    /** How many verified domains are not ready. */
    public long notReady() {
        return verified - ready;
    }

    /** Verified domains per second of wall-clock time (0 for an empty run). */
    public double perSecond() {
        double seconds = elapsed.toNanos() / 1e9;
        return seconds <= 0 ? 0 : verified / seconds;
    }

    /** This summary as {@code {"verified", "ready", "notReady", "failed": {check: count}, "elapsedMillis"}}. */
    public ObjectNode toJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("verified", verified);
        node.put("ready", ready);
        node.put("notReady", notReady());
        ObjectNode f = node.putObject("failed");
        failed.forEach(f::put);
        node.put("elapsedMillis", elapsed.toMillis());
        return node;
    }
}
