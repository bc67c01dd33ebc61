package dev.linkproxy.core.memory;

import dev.linkproxy.core.DnsException;
import dev.linkproxy.core.spi.DnsChange;
import dev.linkproxy.core.spi.DnsClient;
import dev.linkproxy.core.spi.NameRecords;
import dev.linkproxy.core.spi.Progress;
import dev.linkproxy.core.spi.ProgressEvent;
import dev.linkproxy.core.spi.Secret;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A client of a {@link MemoryDns}: reads and compare-and-set writes, each journalled and checked for faults. */
final class MemoryDnsClient implements DnsClient {

    /** How long the client rests between looks at a pending change. */
    private static final Duration POLL = Duration.ofMillis(10);

    private final MemoryDns dns;
    private final Optional<Secret> token;

    MemoryDnsClient(MemoryDns dns, Optional<Secret> token) {
        this.dns = dns;
        this.token = token;
    }

    @Override
    public String zoneOf(String name) {
        String n = MemoryDns.canonical(name);
        dns.call("READ", "zoneOf " + n, token);
        return dns.zoneOf(n).orElseThrow(() -> notFound("zoneOf " + n, "no zone holds " + n));
    }

    @Override
    public NameRecords read(String name) {
        String n = MemoryDns.canonical(name);
        dns.call("READ", "read " + n, token);
        return dns.get(n);
    }

    @Override
    public DnsChange replace(NameRecords expected, NameRecords desired) {
        if (!expected.name().equals(desired.name())) {
            throw new IllegalArgumentException("expected and desired records are at two names: " + expected.name()
                    + ", " + desired.name());
        }
        String name = expected.name();
        String zone = zoneOf(name);
        Runnable edit = dns.takeBeforeNextWrite();
        if (edit != null) {
            edit.run();
        }
        dns.call("WRITE", "replace " + name, token);
        if (dns.get(name).equals(desired)) {
            // A retry after a lost answer finds its own change made: done, nothing to write.
            return new DnsChange(MemoryDnsProvider.ID, "", zone, expected, desired, Map.of());
        }
        String id = dns.compareAndSet(expected, desired);
        return new DnsChange(MemoryDnsProvider.ID, id, zone, expected, desired, Map.of());
    }

    @Override
    public void awaitLive(DnsChange change, Duration timeout, Progress progress) {
        long start = System.nanoTime();
        while (true) {
            dns.call("READ", "status " + change.id(), token);
            if (change.id().isEmpty() || dns.live(change.id())) {
                return;
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            if (elapsed.compareTo(timeout) >= 0) {
                throw new DnsException(MemoryDnsProvider.ID, "awaitLive " + change.id(), DnsException.Kind.TIMEOUT,
                        "change " + change.id() + " still pending after " + timeout.toSeconds() + " s", null, null);
            }
            progress.report(new ProgressEvent(MemoryDnsProvider.ID, "await", "change " + change.id()
                    + " to " + change.after().name() + " pending", elapsed));
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DnsException(MemoryDnsProvider.ID, "awaitLive " + change.id(), DnsException.Kind.TIMEOUT,
                        "interrupted", null, e);
            }
        }
    }

    @Override
    public List<String> authoritativeServers(String zone) {
        dns.call("READ", "servers " + zone, token);
        return dns.servers(zone).orElseThrow(() -> notFound("servers " + zone, "no zone " + zone));
    }

    @Override
    public void close() {
    }

    @Override
    public String toString() {
        return "MemoryDnsClient[token=" + (token.isPresent() ? "[redacted]" : "none") + "]";
    }

    private static DnsException notFound(String operation, String detail) {
        return new DnsException(MemoryDnsProvider.ID, operation, DnsException.Kind.NOT_FOUND, detail,
                "add the zone to the memory DNS service", null);
    }
}
