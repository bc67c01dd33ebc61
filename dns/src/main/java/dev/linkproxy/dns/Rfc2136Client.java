package dev.linkproxy.dns;

import dev.linkproxy.core.DnsException;
import dev.linkproxy.core.spi.DnsChange;
import dev.linkproxy.core.spi.DnsClient;
import dev.linkproxy.core.spi.NameRecords;
import dev.linkproxy.core.spi.Progress;
import dev.linkproxy.core.spi.ProgressEvent;
import dev.linkproxy.core.spi.RecordSet;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;

/**
 * One primary server. Reads are plain queries over TCP (what the server itself holds, no cache between); a replace
 * is one UPDATE over TCP, signed with the TSIG key, whose prerequisites are exactly what was read: the server applies
 * it whole or refuses it whole (NXRRSET/YXRRSET), so a concurrent edit is never overwritten.
 */
final class Rfc2136Client implements DnsClient {

    private static final String ID = Rfc2136Provider.ID;
    private static final Duration POLL = Duration.ofMillis(500);

    private final ZoneReader reader;
    private final ZoneReader.Server server;
    private final Tsig key;

    Rfc2136Client(ZoneReader.Server server, Tsig key, Optional<String> zone, Duration timeout) {
        this.reader = new ZoneReader(ID, server, zone, timeout);
        this.server = server;
        this.key = key;
    }

    @Override
    public String zoneOf(String name) {
        return reader.zoneOf(name);
    }

    @Override
    public NameRecords read(String name) {
        return reader.read(name);
    }

    @Override
    public DnsChange replace(NameRecords expected, NameRecords desired) {
        if (!expected.name().equals(desired.name())) {
            throw new IllegalArgumentException("a replace changes one name, not " + expected.name() + " and "
                    + desired.name());
        }
        String n = desired.name();
        String z = zoneOf(n);
        if (read(n).equals(desired)) {
            return new DnsChange(ID, "", z, expected, desired, Map.of("server", server.toString(), "written", "no"));
        }
        Update update;
        try {
            Name owner = Name.fromString(n + ".");
            update = new Update(Name.fromString(z + "."));
            for (String type : NameRecords.CUTOVER_TYPES) {
                Optional<RecordSet> had = set(expected, type);
                if (had.isPresent()) {
                    for (String v : had.get().values()) {
                        // A prerequisite record carries TTL 0 (RFC 2136 §2.4.2): the set must hold exactly these.
                        update.present(record(owner, type, Duration.ZERO, v));
                    }
                } else {
                    update.absent(owner, Type.value(type));
                }
            }
            for (String type : NameRecords.CUTOVER_TYPES) {
                if (set(expected, type).isPresent() || set(desired, type).isPresent()) {
                    update.delete(owner, Type.value(type));
                }
            }
            for (RecordSet s : desired.sets()) {
                for (String v : s.values()) {
                    update.add(record(owner, s.type(), s.ttl(), v));
                }
            }
        } catch (TextParseException e) {
            throw new DnsException(ID, "UPDATE", DnsException.Kind.INVALID_REQUEST, "not a DNS name: " + e.getMessage(),
                    null, e);
        }
        Message answer = send(update, "UPDATE");
        int rcode = answer.getRcode();
        if (rcode == Rcode.NXRRSET || rcode == Rcode.YXRRSET || rcode == Rcode.NXDOMAIN || rcode == Rcode.YXDOMAIN) {
            if (read(n).equals(desired)) { // an earlier attempt whose answer was lost did it
                return new DnsChange(ID, "", z, expected, desired, Map.of("server", server.toString(), "written", "no"));
            }
            throw new DnsException(ID, "UPDATE", DnsException.Kind.CONFLICT, n + " no longer holds what was read ("
                    + Rcode.string(rcode) + " from " + server + "); nothing was written",
                    "someone changed it meanwhile: read it again and decide", null);
        }
        failUnlessNoError(answer, "UPDATE", n);
        return new DnsChange(ID, reader.serial(z), z, expected, desired, Map.of("server", server.toString(), "written", "yes"));
    }

    @Override
    public void awaitLive(DnsChange change, Duration timeout, Progress progress) {
        long start = System.nanoTime();
        String n = change.after().name();
        while (true) {
            NameRecords now = read(n);
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            boolean live = now.equals(change.after());
            progress.report(new ProgressEvent(ID, "await", n + (live ? " answers " : " does not answer yet ")
                    + change.after().sets() + " on " + server, elapsed));
            if (live) {
                return;
            }
            if (elapsed.plus(POLL).compareTo(timeout) > 0) {
                throw new DnsException(ID, "await", DnsException.Kind.TIMEOUT, n + " still answers " + now.sets()
                        + " on " + server + " after " + elapsed.toSeconds() + " s", "look at the server's log", null);
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DnsException(ID, "await", DnsException.Kind.TIMEOUT, "interrupted", null, e);
            }
        }
    }

    @Override
    public List<String> authoritativeServers(String zoneName) {
        return reader.nameServers(zoneName);
    }

    @Override
    public void close() {
        // one TCP connection per message; nothing is kept open
    }

    // ---- wire ----

    private Message send(Message update, String operation) {
        Message answer = reader.send(update, operation, key.signer());
        if (answer.getRcode() == Rcode.NOERROR && !answer.isSigned()) {
            throw new DnsException(ID, operation, DnsException.Kind.UNEXPECTED_RESPONSE, server
                    + " answered an update without signing it", "check that " + server + " is the primary", null);
        }
        return answer;
    }

    private void failUnlessNoError(Message answer, String operation, String name) {
        int rcode = answer.getRcode();
        if (rcode == Rcode.NOERROR) {
            return;
        }
        String what = Rcode.string(rcode) + " from " + server + " for " + name;
        if (rcode == Rcode.NOTAUTH || rcode == Rcode.BADSIG || rcode == Rcode.BADKEY || rcode == Rcode.BADTIME) {
            throw new DnsException(ID, operation, DnsException.Kind.AUTHENTICATION, what + ": the TSIG key "
                    + key.keyName() + " (" + key.algorithm() + ") was refused", "check the key name, algorithm and "
                    + "secret against the server's key, and the clocks (TSIG allows 5 minutes of skew)", null);
        }
        if (rcode == Rcode.REFUSED) {
            throw new DnsException(ID, operation, DnsException.Kind.PERMISSION, what + ": the server refuses this key "
                    + "here", "let the key update this name's A, AAAA and CNAME records in the server's update policy "
                    + "(Knot: acl with action update; BIND: update-policy grant)", null);
        }
        throw new DnsException(ID, operation, DnsException.Kind.UNAVAILABLE, what, "try again later", null);
    }

    private static Record record(Name owner, String type, Duration ttl, String value) {
        try {
            String data = type.equals("CNAME") && !value.endsWith(".") ? value + "." : value;
            return Record.fromString(owner, Type.value(type), DClass.IN, ttl.toSeconds(), data, Name.root);
        } catch (IOException e) {
            throw new DnsException(ID, "UPDATE", DnsException.Kind.INVALID_REQUEST, "not a " + type + " value: " + value,
                    null, e);
        }
    }

    private static Optional<RecordSet> set(NameRecords records, String type) {
        return records.sets().stream().filter(s -> s.type().equals(type)).findFirst();
    }
}
