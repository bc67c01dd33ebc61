package dev.linkproxy.verifier;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.AAAARecord;
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
 * Asks the configured resolvers, one after another, and follows CNAME chains itself so that every hop is seen: a
 * resolver that answers SERVFAIL or not at all is passed over for the next. dnsjava retries over TCP when a UDP
 * answer is truncated.
 */
final class DnsResolver {

    /** The most CNAME hops followed before a chain counts as too long. */
    static final int MAX_HOPS = 8;

    private final List<InetSocketAddress> servers;
    private final Duration queryLimit;

    DnsResolver(List<InetSocketAddress> servers, Duration queryLimit) {
        this.servers = List.copyOf(servers);
        this.queryLimit = queryLimit;
    }

    List<String> serverNames() {
        return servers.stream().map(Addresses::text).toList();
    }

    /** Follows {@code host}'s CNAME chain to its addresses. */
    Resolution resolve(String host, Deadline deadline) {
        List<String> chain = new ArrayList<>();
        chain.add(host);
        String name = host;
        try {
            while (true) {
                Answer a = query(name, Type.A, deadline);
                String target = cnameOf(name, a.message());
                if (target != null) {
                    if (chain.contains(target)) {
                        chain.add(target);
                        return new Resolution(Resolution.Outcome.LOOP, chain, List.of(), "CNAME loop at " + target);
                    }
                    if (chain.size() > MAX_HOPS) {
                        chain.add(target);
                        return new Resolution(Resolution.Outcome.TOO_LONG, chain, List.of(),
                                "more than " + MAX_HOPS + " CNAME hops");
                    }
                    chain.add(target);
                    name = target;
                    continue;
                }
                if (a.rcode() == Rcode.NXDOMAIN) {
                    return new Resolution(chain.size() == 1 ? Resolution.Outcome.NXDOMAIN : Resolution.Outcome.DANGLING,
                            chain, List.of(), name + ": NXDOMAIN from " + a.server());
                }
                if (a.rcode() != Rcode.NOERROR) {
                    return new Resolution(Resolution.Outcome.ERROR, chain, List.of(),
                            name + ": " + Rcode.string(a.rcode()) + " from " + a.server());
                }
                // A set: a hostile answer may repeat one address any number of times (RFC 2181 5.5: duplicates go).
                Set<InetAddress> unique = new LinkedHashSet<>(addressesOf(name, a.message()));
                Answer aaaa = query(name, Type.AAAA, deadline);
                if (aaaa.rcode() == Rcode.NOERROR) {
                    unique.addAll(addressesOf(name, aaaa.message()));
                }
                List<InetAddress> addresses = List.copyOf(unique);
                if (addresses.isEmpty()) {
                    return new Resolution(chain.size() == 1 ? Resolution.Outcome.NO_ADDRESSES : Resolution.Outcome.DANGLING,
                            chain, List.of(), name + " has no A or AAAA record");
                }
                return new Resolution(Resolution.Outcome.RESOLVED, chain, addresses, "answered by " + a.server());
            }
        } catch (Failure f) {
            return new Resolution(f.outcome, chain, List.of(), f.getMessage());
        }
    }

    private record Answer(int rcode, Message message, String server) {
    }

    /** Why no resolver gave a usable answer. */
    private static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient Resolution.Outcome outcome;

        Failure(Resolution.Outcome outcome, String message) {
            super(message, null, false, false);
            this.outcome = outcome;
        }
    }

    private Answer query(String name, int type, Deadline deadline) throws Failure {
        Message question;
        try {
            question = Message.newQuery(Record.newRecord(Name.fromString(name, Name.root), type, DClass.IN));
        } catch (TextParseException e) {
            throw new Failure(Resolution.Outcome.ERROR, "\"" + name + "\" is not a DNS name");
        }
        List<String> problems = new ArrayList<>();
        boolean servfail = false;
        for (InetSocketAddress server : servers) {
            if (deadline.expired()) {
                throw new Failure(Resolution.Outcome.TIMEOUT, deadline.reached().getMessage());
            }
            String where = Addresses.text(server);
            try {
                long ms = deadline.millisFor(queryLimit);
                SimpleResolver resolver = new SimpleResolver(server);
                resolver.setTimeout(Duration.ofMillis(ms));
                Message reply = resolver.sendAsync(question).toCompletableFuture().get(ms, TimeUnit.MILLISECONDS);
                int rcode = reply.getRcode();
                if (rcode == Rcode.SERVFAIL) {
                    servfail = true;
                    problems.add(where + " answered SERVFAIL");
                    continue;
                }
                return new Answer(rcode, reply, where);
            } catch (TimeoutException e) {
                problems.add(deadline.timedOut("no answer from " + where, queryLimit).getMessage());
            } catch (ExecutionException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                problems.add(cause instanceof java.net.SocketTimeoutException || cause instanceof TimeoutException
                        ? deadline.timedOut("no answer from " + where, queryLimit).getMessage()
                        : where + ": " + describe(cause));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Failure(Resolution.Outcome.ERROR, "interrupted");
            } catch (IOException e) {
                problems.add(e.getMessage());
            }
        }
        String what = Type.string(type) + " " + name + ": " + String.join("; ", problems);
        boolean timedOut = problems.stream().anyMatch(p -> p.contains("time limit"));
        throw new Failure(servfail && !timedOut ? Resolution.Outcome.SERVFAIL
                : timedOut ? Resolution.Outcome.TIMEOUT : Resolution.Outcome.ERROR, what);
    }

    /** What went wrong, in words even when the exception has no message (an EOF has none). */
    private static String describe(Throwable t) {
        if (t instanceof java.io.EOFException) {
            return "the answer ended before a complete DNS message";
        }
        if (t instanceof org.xbill.DNS.WireParseException) {
            return "malformed answer: " + t.getMessage();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    private static String cnameOf(String name, Message m) {
        for (Record r : m.getSection(Section.ANSWER)) {
            if (r instanceof CNAMERecord c && text(r.getName()).equals(name)) {
                return text(c.getTarget());
            }
        }
        return null;
    }

    private static List<InetAddress> addressesOf(String name, Message m) {
        List<InetAddress> out = new ArrayList<>();
        for (Record r : m.getSection(Section.ANSWER)) {
            if (!text(r.getName()).equals(name)) {
                continue;
            }
            if (r instanceof ARecord a) {
                out.add(a.getAddress());
            } else if (r instanceof AAAARecord aaaa) {
                out.add(aaaa.getAddress());
            }
        }
        return out;
    }

    private static String text(Name n) {
        return n.toString(true).toLowerCase(Locale.ROOT);
    }
}
