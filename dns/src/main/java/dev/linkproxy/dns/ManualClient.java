package dev.linkproxy.dns;

import dev.linkproxy.core.DnsException;
import dev.linkproxy.core.RetryPolicy;
import dev.linkproxy.core.spi.DnsChange;
import dev.linkproxy.core.spi.DnsClient;
import dev.linkproxy.core.spi.NameRecords;
import dev.linkproxy.core.spi.Progress;
import dev.linkproxy.core.spi.ProgressEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.xbill.DNS.ResolverConfig;

/**
 * The {@code manual} provider's client: reads from the configured server or, without one, finds the zone through the
 * system's resolver and reads from its first name server; a replace hands the change to a person; a wait asks the
 * configured server, or every name server of the zone on port 53, until all answer it.
 */
final class ManualClient implements DnsClient {

    private static final String ID = ManualProvider.ID;

    private final Optional<ZoneReader.Server> server;
    private final Optional<String> zone;
    private final Duration timeout;
    private final Duration poll;
    private final Consumer<ManualChange> person;
    private final RetryPolicy.Sleeper sleeper;
    private final LongSupplier nanoClock;
    private ZoneReader finder;

    ManualClient(Optional<ZoneReader.Server> server, Optional<String> zone, Duration timeout, Duration poll,
                 Consumer<ManualChange> person, RetryPolicy.Sleeper sleeper, LongSupplier nanoClock) {
        this.server = server;
        this.zone = zone;
        this.timeout = timeout;
        this.poll = poll;
        this.person = person;
        this.sleeper = sleeper;
        this.nanoClock = nanoClock;
    }

    /** The configured server, else the system's first resolver: it finds the zone and its name servers. */
    private synchronized ZoneReader finder() {
        if (finder == null) {
            ZoneReader.Server s = server.orElseGet(() -> {
                var resolvers = ResolverConfig.getCurrentConfig().servers();
                if (resolvers.isEmpty()) {
                    throw new DnsException(ID, "resolver", DnsException.Kind.UNAVAILABLE, "this machine has no DNS"
                            + " resolver configured", "give the server setting (an authoritative server)", null);
                }
                return new ZoneReader.Server(resolvers.get(0).getAddress().getHostAddress(), resolvers.get(0).getPort());
            });
            finder = new ZoneReader(ID, s, zone, timeout);
        }
        return finder;
    }

    /** The servers that say what the name holds: the configured one, or each of the zone's name servers. */
    private List<ZoneReader> authorities(String zoneName) {
        if (server.isPresent()) {
            return List.of(finder());
        }
        List<ZoneReader> out = new ArrayList<>();
        for (String ns : finder().nameServers(zoneName)) {
            out.add(new ZoneReader(ID, new ZoneReader.Server(ns, 53), Optional.of(zoneName), timeout));
        }
        if (out.isEmpty()) {
            throw new DnsException(ID, "NS", DnsException.Kind.NOT_FOUND, zoneName + " has no name servers",
                    "give the server setting", null);
        }
        return out;
    }

    @Override
    public String zoneOf(String name) {
        return finder().zoneOf(name);
    }

    @Override
    public NameRecords read(String name) {
        return authorities(zoneOf(name)).get(0).read(name);
    }

    @Override
    public DnsChange replace(NameRecords expected, NameRecords desired) {
        if (!expected.name().equals(desired.name())) {
            throw new IllegalArgumentException("a replace changes one name, not " + expected.name() + " and "
                    + desired.name());
        }
        String n = desired.name();
        String z = zoneOf(n);
        NameRecords now = read(n);
        if (now.equals(desired)) {
            return new DnsChange(ID, "", z, expected, desired, Map.of("written", "no"));
        }
        if (!now.equals(expected)) {
            throw new DnsException(ID, "read", DnsException.Kind.CONFLICT, n + " holds " + describe(now) + ", not "
                    + describe(expected) + " as read; nothing was asked of anyone", "someone changed the name"
                    + " meanwhile: look at it, then run the cutover again", null);
        }
        person.accept(new ManualChange(z, expected, desired));
        return new DnsChange(ID, "", z, expected, desired, Map.of("written", "by a person"));
    }

    /** Asks every authority until all answer the change's records, reporting each look. */
    @Override
    public void awaitLive(DnsChange change, Duration limit, Progress progress) {
        long start = nanoClock.getAsLong();
        String n = change.after().name();
        List<ZoneReader> authorities = authorities(change.zone());
        for (int look = 1; ; look++) {
            List<String> lagging = new ArrayList<>();
            for (ZoneReader a : authorities) {
                try {
                    NameRecords seen = a.read(n);
                    if (!ZoneReader.sameData(seen, change.after())) {
                        lagging.add(a.server() + " answers " + describe(seen));
                    }
                } catch (DnsException e) {
                    lagging.add(a.server() + ": " + e.getMessage());
                }
            }
            Duration elapsed = Duration.ofNanos(nanoClock.getAsLong() - start);
            int live = authorities.size() - lagging.size();
            progress.report(new ProgressEvent(ID, "await", live + " of " + authorities.size() + " server(s) answer "
                    + describe(change.after()) + " for " + n + (lagging.isEmpty() ? "" : "; waiting for a person to"
                    + " make the change (look " + look + ", next in " + poll.toSeconds() + " s): "
                    + String.join("; ", lagging)), elapsed));
            if (lagging.isEmpty()) {
                return;
            }
            if (elapsed.plus(poll).compareTo(limit) > 0) {
                throw new DnsException(ID, "await", DnsException.Kind.TIMEOUT, n + " still not changed after "
                        + elapsed.toSeconds() + " s: " + String.join("; ", lagging), "make the change printed above"
                        + " in the DNS console of " + change.zone() + ", then run the cutover again", null);
            }
            try {
                sleeper.sleep(poll);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DnsException(ID, "await", DnsException.Kind.TIMEOUT, "interrupted", null, e);
            }
        }
    }

    @Override
    public List<String> authoritativeServers(String zoneName) {
        return finder().nameServers(zoneName);
    }

    private static String describe(NameRecords r) {
        return r.isEmpty() ? "nothing" : r.sets().toString();
    }

    @Override
    public void close() {
        // one TCP connection per query; nothing is kept open
    }

    @Override
    public String toString() {
        return "ManualClient" + server.map(s -> "[" + s + "]").orElse("");
    }
}
