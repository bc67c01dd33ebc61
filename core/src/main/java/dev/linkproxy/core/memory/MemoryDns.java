package dev.linkproxy.core.memory;

import dev.linkproxy.core.DnsException;
import dev.linkproxy.core.HostNames;
import dev.linkproxy.core.spi.NameRecords;
import dev.linkproxy.core.spi.Secret;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The pretend DNS service behind the {@code memory} DNS provider: its zones and their authoritative servers, what
 * each name holds, every call made to it, and faults to answer with. Tools that embed linkproxy use it to test a
 * cutover with no DNS server at all. Thread-safe.
 */
public final class MemoryDns {

    private final Map<String, List<String>> zones = new LinkedHashMap<>();
    private final Map<String, NameRecords> names = new HashMap<>();
    private final Map<String, Integer> pendingPolls = new HashMap<>();
    private final List<String> journal = new ArrayList<>();
    private int writes;
    private int nextChange = 1;
    private int pollsUntilLive;
    private Secret requiredToken;
    private DnsException.Kind faultKind;
    private Runnable beforeNextWrite;

    /** Adds a zone with the host names of its authoritative servers. */
    public synchronized MemoryDns addZone(String apex, String... servers) {
        if (servers.length == 0) {
            throw new IllegalArgumentException("a zone has at least one authoritative server: " + apex);
        }
        zones.put(canonical(apex), List.of(servers).stream().map(MemoryDns::canonical).toList());
        return this;
    }

    /** Makes every call check that the client's {@code token} setting equals {@code token}. */
    public synchronized MemoryDns requireToken(Secret token) {
        this.requiredToken = token;
        return this;
    }

    /** How many looks a change takes before it counts as live (default 0: at once), to exercise waiting. */
    public synchronized MemoryDns pollsUntilLive(int polls) {
        this.pollsUntilLive = polls;
        return this;
    }

    /** Answers every call from now on with this failure; {@code null} stops. */
    public synchronized void failEveryCall(DnsException.Kind kind) {
        this.faultKind = kind;
    }

    /**
     * Runs {@code edit} once, just before the next write compares what the name holds: a person's edit landing
     * between a cutover's read and its write.
     */
    public synchronized void beforeNextWrite(Runnable edit) {
        this.beforeNextWrite = edit;
    }

    /** Sets what a name holds behind linkproxy's back, as a person in a console would; empty records delete. */
    public synchronized void put(NameRecords records) {
        if (records.isEmpty()) {
            names.remove(records.name());
        } else {
            names.put(records.name(), records);
        }
    }

    /** What a name holds now. */
    public synchronized NameRecords get(String name) {
        String n = canonical(name);
        return names.getOrDefault(n, NameRecords.none(n));
    }

    /** Writes clients made so far (changes that replaced records). */
    public synchronized int writes() {
        return writes;
    }

    /** Every call made so far, as {@code "READ read ablink.example.com"} or {@code "WRITE replace ..."}. */
    public synchronized List<String> journal() {
        return List.copyOf(journal);
    }

    synchronized void call(String kind, String operation, Optional<Secret> token) {
        journal.add(kind + " " + operation);
        if (requiredToken != null && (token.isEmpty() || !token.get().equals(requiredToken))) {
            throw new DnsException(MemoryDnsProvider.ID, operation, DnsException.Kind.AUTHENTICATION,
                    "the token was refused", "set the memory DNS provider's token setting to the account's token",
                    null);
        }
        if (faultKind != null) {
            throw new DnsException(MemoryDnsProvider.ID, operation, faultKind, "injected fault", null, null);
        }
    }

    synchronized Optional<String> zoneOf(String name) {
        return zones.keySet().stream()
                .filter(z -> HostNames.isAtOrUnder(name, z))
                .max((a, b) -> Integer.compare(a.length(), b.length()));
    }

    synchronized Optional<List<String>> servers(String zone) {
        return Optional.ofNullable(zones.get(canonical(zone)));
    }

    Runnable takeBeforeNextWrite() {
        Runnable edit;
        synchronized (this) {
            edit = beforeNextWrite;
            beforeNextWrite = null;
        }
        return edit;
    }

    /** The compare-and-set itself: one lock, so nothing lands between the compare and the set. */
    synchronized String compareAndSet(NameRecords expected, NameRecords desired) {
        NameRecords now = get(expected.name());
        if (!now.equals(expected)) {
            throw new DnsException(MemoryDnsProvider.ID, "replace " + expected.name(), DnsException.Kind.CONFLICT,
                    expected.name() + " now holds " + now + ", not " + expected + " as read; nothing was changed",
                    "someone else changed the record; read it again and decide", null);
        }
        put(desired);
        writes++;
        String id = "mem-change-" + nextChange++;
        pendingPolls.put(id, pollsUntilLive);
        return id;
    }

    /** Whether a change is live yet; each look brings it one poll closer. */
    synchronized boolean live(String changeId) {
        int left = pendingPolls.getOrDefault(changeId, 0);
        if (left <= 0) {
            return true;
        }
        pendingPolls.put(changeId, left - 1);
        return false;
    }

    static String canonical(String host) {
        String h = host.trim().toLowerCase(Locale.ROOT);
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }
}
