package dev.linkproxy.verifier;

import java.time.Duration;

/** The verifier's time limits; every network step takes the smaller of its own limit and what is left of the total. */
record TimeLimits(Duration connect, Duration handshake, Duration read, Duration dnsQuery, Duration total) {

    static String text(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
    }
}
