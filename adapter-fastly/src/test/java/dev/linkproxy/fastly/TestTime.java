package dev.linkproxy.fastly;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** A clock that moves only when something sleeps on it: tests take no real time and can see every wait. */
final class TestTime extends Clock {

    private Instant now = Instant.parse("2027-06-01T00:00:00Z");
    final List<Duration> sleeps = new ArrayList<>();

    synchronized void sleep(Duration d) {
        sleeps.add(d);
        now = now.plus(d);
    }

    synchronized long nanos() {
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    synchronized long epochSeconds() {
        return now.getEpochSecond();
    }

    @Override
    public synchronized Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
