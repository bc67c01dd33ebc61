package dev.linkproxy.cutover;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/** Asks each authoritative server directly (no cache between) where a name's CNAME points. */
final class AuthoritativeAnswers {

    private final List<InetSocketAddress> servers;
    private final Duration timeout;

    AuthoritativeAnswers(List<InetSocketAddress> servers, Duration timeout) {
        this.servers = List.copyOf(servers);
        this.timeout = timeout;
    }

    List<InetSocketAddress> servers() {
        return servers;
    }

    /** The servers whose answer for {@code name} is not a CNAME to {@code target} (empty: every one answers it). */
    List<String> notAnswering(String name, String target) {
        List<String> out = new ArrayList<>();
        for (InetSocketAddress s : servers) {
            Optional<String> cname = cname(s, name);
            if (!cname.map(c -> c.equals(target)).orElse(false)) {
                out.add(s.getAddress().getHostAddress() + ":" + s.getPort() + " → " + cname.orElse("no CNAME"));
            }
        }
        return out;
    }

    /** The servers still answering {@code name} with a CNAME to {@code oldTarget} (empty: none does). */
    List<String> stillAnswering(String name, String oldTarget) {
        List<String> out = new ArrayList<>();
        for (InetSocketAddress s : servers) {
            Optional<String> cname = cname(s, name);
            if (cname.map(c -> c.equals(oldTarget) || c.startsWith("no answer")).orElse(false)) {
                out.add(s.getAddress().getHostAddress() + ":" + s.getPort() + " → " + cname.get());
            }
        }
        return out;
    }

    private Optional<String> cname(InetSocketAddress server, String name) {
        try {
            SimpleResolver r = new SimpleResolver(server);
            r.setTimeout(timeout);
            Message answer = r.send(Message.newQuery(Record.newRecord(Name.fromString(name + "."), Type.CNAME, DClass.IN)));
            for (Record rec : answer.getSection(Section.ANSWER)) {
                if (rec instanceof CNAMERecord c) {
                    return Optional.of(lower(c.getTarget().toString()));
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("no answer (" + e.getMessage() + ")");
        }
    }

    /** {@code host[:port]} or a host name of an authoritative server, as addresses on port 53 unless given. */
    static List<InetSocketAddress> parse(List<String> hostPorts) {
        List<InetSocketAddress> out = new ArrayList<>();
        for (String hp : hostPorts) {
            int colon = hp.lastIndexOf(':');
            boolean port = colon > 0 && hp.indexOf(':') == colon;
            String host = port ? hp.substring(0, colon) : hp;
            int p = port ? Integer.parseInt(hp.substring(colon + 1)) : 53;
            try {
                for (InetAddress a : InetAddress.getAllByName(host)) {
                    out.add(new InetSocketAddress(a, p));
                }
            } catch (IOException e) {
                throw new IllegalArgumentException("the authoritative server " + hp + " does not resolve", e);
            }
        }
        return out;
    }

    static String lower(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }
}
