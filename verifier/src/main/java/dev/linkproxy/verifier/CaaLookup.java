package dev.linkproxy.verifier;

import dev.linkproxy.core.Caa;
import dev.linkproxy.core.LinkProxyException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.xbill.DNS.CAARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Finds the CAA record set that governs a name, as a CA does before it issues (RFC 8659 §3): the name's own set, the
 * query following CNAMEs as any DNS query does (so a link domain that still CNAMEs to the ESP's origin is governed by
 * the origin's CAA records, if it has any), else its parent's, up to the top-level domain. The first set found is the
 * one; none anywhere means any CA may issue.
 */
public final class CaaLookup {

    /** CNAME hops followed before giving up on a chain. */
    private static final int MAX_HOPS = 8;

    /**
     * The set that governs a name.
     *
     * @param name    the name asked about
     * @param at      where the set was found: the name, a CNAME target, or an ancestor; empty when none was
     * @param records the set; empty when none was found
     */
    public record Found(String name, String at, List<Caa.Record> records) {
        public Found {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(at, "at");
            records = List.copyOf(records);
        }
    }

    private final List<InetSocketAddress> resolvers;
    private final Duration timeout;

    private CaaLookup(List<InetSocketAddress> resolvers, Duration timeout) {
        this.resolvers = resolvers;
        this.timeout = timeout;
    }

    /** A lookup through these resolvers ({@code host[:port]}, port 53 by default), each query bounded by {@code timeout}. */
    public static CaaLookup through(List<String> resolvers, Duration timeout) {
        if (resolvers.isEmpty()) {
            throw new IllegalArgumentException("give at least one resolver");
        }
        List<InetSocketAddress> out = new ArrayList<>();
        for (String r : resolvers) {
            String t = r.trim();
            int colon = t.lastIndexOf(':');
            boolean port = colon > 0 && t.indexOf(':') == colon;
            out.add(new InetSocketAddress(port ? t.substring(0, colon) : t, port ? Integer.parseInt(t.substring(colon + 1)) : 53));
        }
        return new CaaLookup(List.copyOf(out), timeout);
    }

    /**
     * The set governing {@code name} (a wildcard's own name without {@code *.}).
     *
     * @throws LinkProxyException when a query fails: a CA that cannot read CAA does not issue either
     */
    public Found find(String name) {
        String n = lower(name.startsWith("*.") ? name.substring(2) : name);
        for (String candidate = n; candidate.contains("."); candidate = candidate.substring(candidate.indexOf('.') + 1)) {
            String target = candidate;
            for (int hop = 0; hop <= MAX_HOPS; hop++) {
                Message answer = query(target);
                List<Caa.Record> set = new ArrayList<>();
                String cname = null;
                for (Record r : answer.getSection(Section.ANSWER)) {
                    if (r instanceof CAARecord c && lower(r.getName().toString()).equals(target)) {
                        set.add(new Caa.Record(c.getFlags(), c.getTag(), c.getValue()));
                    } else if (r instanceof CNAMERecord c && lower(r.getName().toString()).equals(target)) {
                        cname = lower(c.getTarget().toString());
                    }
                }
                if (!set.isEmpty()) {
                    return new Found(n, target, set);
                }
                if (cname == null) {
                    break;
                }
                target = cname;
            }
        }
        return new Found(n, "", List.of());
    }

    private Message query(String name) {
        Message question;
        try {
            question = Message.newQuery(Record.newRecord(Name.fromString(name + "."), Type.CAA, DClass.IN));
        } catch (TextParseException e) {
            throw new LinkProxyException("not a DNS name: " + name);
        }
        List<String> failures = new ArrayList<>();
        for (InetSocketAddress server : resolvers) {
            try {
                SimpleResolver r = new SimpleResolver(server);
                r.setTimeout(timeout);
                Message answer = r.send(question);
                int rcode = answer.getRcode();
                if (rcode == Rcode.NOERROR || rcode == Rcode.NXDOMAIN) {
                    return answer;
                }
                failures.add(server.getHostString() + ":" + server.getPort() + " answered " + Rcode.string(rcode));
            } catch (IOException e) {
                failures.add(server.getHostString() + ":" + server.getPort() + ": " + e.getMessage());
            }
        }
        throw new LinkProxyException("the CAA lookup of " + name + " failed (" + String.join("; ", failures)
                + "); a CA that cannot read CAA refuses to issue, so fix the name's DNS first");
    }

    private static String lower(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }
}
