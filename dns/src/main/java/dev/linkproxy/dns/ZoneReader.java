package dev.linkproxy.dns;

import dev.linkproxy.core.DnsException;
import dev.linkproxy.core.spi.NameRecords;
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
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * What one DNS server itself holds, asked with plain queries over TCP (no cache between): the zone of a name, the
 * records a cutover reads, the zone's name servers and serial. The {@code rfc2136} client reads through it and sends
 * its UPDATEs through {@link #send}; the {@code manual} client only reads.
 */
final class ZoneReader {

    /** host[:port] of a server. */
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

    private final String provider;
    private final Server server;
    private final Optional<String> zone;
    private final Duration timeout;

    ZoneReader(String provider, Server server, Optional<String> zone, Duration timeout) {
        this.provider = provider;
        this.server = server;
        this.zone = zone.map(ZoneReader::lower);
        this.timeout = timeout;
    }

    Server server() {
        return server;
    }

    /** The configured zone, or the closest enclosing name that has an SOA of its own at this server. */
    String zoneOf(String name) {
        String n = lower(name);
        if (zone.isPresent()) {
            if (!n.equals(zone.get()) && !n.endsWith("." + zone.get())) {
                throw new DnsException(provider, "zoneOf", DnsException.Kind.NOT_FOUND, n + " is not in zone "
                        + zone.get(), "set the zone setting to the zone that holds the link domain", null);
            }
            return zone.get();
        }
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
        throw new DnsException(provider, "SOA", DnsException.Kind.NOT_FOUND, server + " holds no zone for " + n,
                "give the primary server of the link domain's zone", null);
    }

    /** The name's CNAME, A and AAAA sets as this server holds them. */
    NameRecords read(String name) {
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

    /** The zone's NS names, as this server lists them. */
    List<String> nameServers(String zoneName) {
        Message answer = query(lower(zoneName), Type.NS, "NS");
        List<String> out = new ArrayList<>();
        for (Record r : answer.getSection(Section.ANSWER)) {
            if (r instanceof NSRecord ns) {
                out.add(lower(ns.getTarget().toString()));
            }
        }
        return out;
    }

    /** The zone's SOA serial here, or empty. */
    String serial(String zoneName) {
        for (Record r : query(zoneName, Type.SOA, "SOA").getSection(Section.ANSWER)) {
            if (r instanceof SOARecord soa) {
                return Long.toString(soa.getSerial());
            }
        }
        return "";
    }

    private Message query(String name, int type, String operation) {
        try {
            Record question = Record.newRecord(Name.fromString(name + "."), type, DClass.IN);
            Message answer = send(Message.newQuery(question), operation, null);
            int rcode = answer.getRcode();
            if (rcode == Rcode.REFUSED) {
                throw new DnsException(provider, operation, DnsException.Kind.PERMISSION, "REFUSED from " + server
                        + " for " + name, "give a server that is authoritative for the link domain's zone", null);
            }
            if (rcode != Rcode.NOERROR && rcode != Rcode.NXDOMAIN) {
                throw new DnsException(provider, operation, DnsException.Kind.UNAVAILABLE, Rcode.string(rcode)
                        + " from " + server + " for " + name, "try again later", null);
            }
            return answer;
        } catch (TextParseException e) {
            throw new DnsException(provider, operation, DnsException.Kind.INVALID_REQUEST, "not a DNS name: " + name,
                    null, e);
        }
    }

    /** Sends {@code message} over TCP, signed with {@code signer} when one is given. */
    Message send(Message message, String operation, TSIG signer) {
        try {
            SimpleResolver resolver = new SimpleResolver(new InetSocketAddress(InetAddress.getByName(server.host()),
                    server.port()));
            resolver.setTCP(true);
            resolver.setTimeout(timeout);
            if (signer != null) {
                resolver.setTSIGKey(signer);
            }
            return resolver.send(message);
        } catch (UnknownHostException e) {
            throw new DnsException(provider, operation, DnsException.Kind.INVALID_REQUEST, "the server " + server.host()
                    + " does not resolve", "check the server setting", e);
        } catch (IOException e) {
            throw new DnsException(provider, operation, DnsException.Kind.UNAVAILABLE, "no answer from " + server
                    + ": " + e.getMessage(), "check that the server listens on TCP and the network path is open", e);
        }
    }

    /** Whether both hold the same data, TTLs aside. */
    static boolean sameData(NameRecords a, NameRecords b) {
        if (a.sets().size() != b.sets().size()) {
            return false;
        }
        Map<String, RecordSet> byType = new LinkedHashMap<>();
        a.sets().forEach(s -> byType.put(s.type(), s));
        return b.sets().stream().allMatch(s -> byType.containsKey(s.type()) && byType.get(s.type()).sameData(s));
    }

    static String lower(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }
}
