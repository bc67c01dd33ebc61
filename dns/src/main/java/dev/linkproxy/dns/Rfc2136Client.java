package dev.linkproxy.dns;

import dev.linkproxy.core.DnsException;
import dev.linkproxy.core.spi.DnsChange;
import dev.linkproxy.core.spi.DnsClient;
import dev.linkproxy.core.spi.NameRecords;
import dev.linkproxy.core.spi.Progress;
import dev.linkproxy.core.spi.ProgressEvent;
import dev.linkproxy.core.spi.RecordSet;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;

/**
 * One primary server. Reads are plain queries over TCP (what the server itself holds, no cache between); a replace
 * is one UPDATE over TCP, signed with the TSIG key, whose prerequisites are exactly what was read: the server applies
 * it whole or refuses it whole (NXRRSET/YXRRSET), so a concurrent edit is never overwritten.
 */
final class Rfc2136Client implements DnsClient {

    /** host[:port] of the server. */
    record Server(String host, int port) {
        static Server parse(String text) {
            String t = text.trim();
            if (t.startsWith("[")) {
                int close = t.indexOf(']');
                return new Server(t.substring(1, close), close + 1 < t.length() ? Integer.parseInt(t.substring(close + 2)) : 53);
            }
            int colon = t.indexOf(':');
            return colon > 0 && colon == t.lastIndexOf(':')
                    ? new Server(t.substring(0, colon), Integer.parseInt(t.substring(colon + 1))) : new Server(t, 53);
        }

        @Override
        public String toString() {
            return host + ":" + port;
        }
    }

    private static final String ID = Rfc2136Provider.ID;
    private static final Duration POLL = Duration.ofMillis(500);

    private final Server server;
    private final Tsig key;
    private final Optional<String> zone;
    private final Duration timeout;

    Rfc2136Client(Server server, Tsig key, Optional<String> zone, Duration timeout) {
        this.server = server;
        this.key = key;
        this.zone = zone.map(Rfc2136Client::lower);
        this.timeout = timeout;
    }

    @Override
    public String zoneOf(String name) {
        String n = lower(name);
        if (zone.isPresent()) {
            if (!n.equals(zone.get()) && !n.endsWith("." + zone.get())) {
                throw new DnsException(ID, "zoneOf", DnsException.Kind.NOT_FOUND, n + " is not in zone " + zone.get(),
                        "set the zone setting to the zone that holds the link domain", null);
            }
            return zone.get();
        }
        // The zone is the closest enclosing name that has an SOA of its own at this server.
        for (String candidate = n; candidate.contains("."); candidate = candidate.substring(candidate.indexOf('.') + 1)) {
            Message answer;
            try {
                answer = query(candidate, Type.SOA, "SOA");
            } catch (DnsException e) {
                if (e.kind() == DnsException.Kind.PERMISSION) {
                    break; // REFUSED: the server holds no zone for it
                }
                throw e;
            }
            for (Record r : answer.getSection(Section.ANSWER)) {
                if (r instanceof SOARecord && lower(r.getName().toString()).equals(candidate)) {
                    return candidate;
                }
            }
        }
        throw new DnsException(ID, "SOA", DnsException.Kind.NOT_FOUND, server + " holds no zone for " + n,
                "give the primary server of the link domain's zone", null);
    }

    @Override
    public NameRecords read(String name) {
        String n = lower(name);
        List<RecordSet> sets = new ArrayList<>();
        for (String type : NameRecords.CUTOVER_TYPES) {
            Message answer = query(n, Type.value(type), type);
            List<String> values = new ArrayList<>();
            long ttl = Long.MAX_VALUE;
            for (Record r : answer.getSection(Section.ANSWER)) {
                if (r.getType() == Type.value(type) && lower(r.getName().toString()).equals(n)) {
                    values.add(r.rdataToString());
                    ttl = Math.min(ttl, r.getTTL());
                }
            }
            if (!values.isEmpty()) {
                sets.add(new RecordSet(n, type, Duration.ofSeconds(ttl), values));
            }
        }
        return new NameRecords(n, sets);
    }

    @Override
    public DnsChange replace(NameRecords expected, NameRecords desired) {
        if (!expected.name().equals(desired.name())) {
            throw new IllegalArgumentException("a replace changes one name, not " + expected.name() + " and "
                    + desired.name());
        }
        String n = desired.name();
        String z = zoneOf(n);
        if (sameData(read(n), desired)) {
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
        Message answer = send(update, "UPDATE", true);
        int rcode = answer.getRcode();
        if (rcode == Rcode.NXRRSET || rcode == Rcode.YXRRSET || rcode == Rcode.NXDOMAIN || rcode == Rcode.YXDOMAIN) {
            if (sameData(read(n), desired)) { // an earlier attempt whose answer was lost did it
                return new DnsChange(ID, "", z, expected, desired, Map.of("server", server.toString(), "written", "no"));
            }
            throw new DnsException(ID, "UPDATE", DnsException.Kind.CONFLICT, n + " no longer holds what was read ("
                    + Rcode.string(rcode) + " from " + server + "); nothing was written",
                    "someone changed it meanwhile: read it again and decide", null);
        }
        failUnlessNoError(answer, "UPDATE", n);
        return new DnsChange(ID, serial(z), z, expected, desired, Map.of("server", server.toString(), "written", "yes"));
    }

    @Override
    public void awaitLive(DnsChange change, Duration timeout, Progress progress) {
        long start = System.nanoTime();
        String n = change.after().name();
        while (true) {
            NameRecords now = read(n);
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            boolean live = sameData(now, change.after());
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
        Message answer = query(lower(zoneName), Type.NS, "NS");
        List<String> out = new ArrayList<>();
        for (Record r : answer.getSection(Section.ANSWER)) {
            if (r instanceof NSRecord ns) {
                out.add(lower(ns.getTarget().toString()));
            }
        }
        return out;
    }

    @Override
    public void close() {
        // one TCP connection per message; nothing is kept open
    }

    // ---- wire ----

    private Message query(String name, int type, String operation) {
        try {
            Record question = Record.newRecord(Name.fromString(name + "."), type, DClass.IN);
            Message answer = send(Message.newQuery(question), operation, false);
            int rcode = answer.getRcode();
            if (rcode != Rcode.NOERROR && rcode != Rcode.NXDOMAIN) {
                failUnlessNoError(answer, operation, name);
            }
            return answer;
        } catch (TextParseException e) {
            throw new DnsException(ID, operation, DnsException.Kind.INVALID_REQUEST, "not a DNS name: " + name, null, e);
        }
    }

    private Message send(Message message, String operation, boolean signed) {
        try {
            SimpleResolver resolver = new SimpleResolver(new InetSocketAddress(InetAddress.getByName(server.host()),
                    server.port()));
            resolver.setTCP(true);
            resolver.setTimeout(timeout);
            if (signed) {
                resolver.setTSIGKey(key.signer());
            }
            Message answer = resolver.send(message);
            if (signed && answer.getRcode() == Rcode.NOERROR && !answer.isSigned()) {
                throw new DnsException(ID, operation, DnsException.Kind.UNEXPECTED_RESPONSE, server
                        + " answered an update without signing it", "check that " + server + " is the primary", null);
            }
            return answer;
        } catch (UnknownHostException e) {
            throw new DnsException(ID, operation, DnsException.Kind.INVALID_REQUEST, "the server " + server.host()
                    + " does not resolve", "check the server setting", e);
        } catch (IOException e) {
            throw new DnsException(ID, operation, DnsException.Kind.UNAVAILABLE, "no answer from " + server + ": "
                    + e.getMessage(), "check that the server listens on TCP and the network path is open", e);
        }
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

    private String serial(String zoneName) {
        for (Record r : query(zoneName, Type.SOA, "SOA").getSection(Section.ANSWER)) {
            if (r instanceof SOARecord soa) {
                return Long.toString(soa.getSerial());
            }
        }
        return "";
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

    private static boolean sameData(NameRecords a, NameRecords b) {
        if (a.sets().size() != b.sets().size()) {
            return false;
        }
        Map<String, RecordSet> byType = new LinkedHashMap<>();
        a.sets().forEach(s -> byType.put(s.type(), s));
        return b.sets().stream().allMatch(s -> byType.containsKey(s.type()) && byType.get(s.type()).sameData(s));
    }

    private static String lower(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }
}
