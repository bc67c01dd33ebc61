package dev.linkproxy.verifier;

import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code tls} check: a handshake with every address the link domain is served from, SNI = the link domain; each
 * must present a trusted, current certificate covering the name over TLS 1.2 or newer.
 */
final class TlsCheck {

    /** Inside this many days of expiry the check warns. */
    static final int WARN_DAYS = 14;

    /**
     * The most addresses of each family (IPv4, IPv6) handshaken with: a DNS answer may legally hold hundreds of
     * addresses, and a hostile one must not make the verifier open hundreds of connections.
     */
    static final int MAX_ADDRESSES_PER_FAMILY = 8;

    private final TlsConnector connector;
    private final Clock clock;

    TlsCheck(TlsConnector connector, Clock clock) {
        this.connector = connector;
        this.clock = clock;
    }

    /**
     * Handshakes with every capped address and judges each, keeping in {@code verified} the open connection of every
     * address whose handshake passed, so the https-link check can send its request on it instead of handshaking again;
     * the caller closes what is left.
     */
    CheckResult run(String linkDomain, List<InetSocketAddress> given, Deadline deadline,
                    Map<InetSocketAddress, Connection> verified) {
        List<InetSocketAddress> targets = capped(given);
        List<Map<String, Object>> handshakes = new ArrayList<>();
        String firstProblem = null;
        long fewestDays = Long.MAX_VALUE;
        String protocol = null;
        for (InetSocketAddress target : targets) {
            Handshake h = connector.handshake(target, linkDomain, deadline);
            Instant now = clock.instant();
            Optional<String> problem = CertificateVerdict.problem(h, linkDomain, connector.trust().anchors(), now);
            if (problem.isEmpty() && h.connection().isPresent()) {
                verified.put(target, h.connection().get());
            } else {
                h.connection().ifPresent(Connection::close);
            }
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("address", Addresses.text(target));
            e.put("protocol", h.protocol());
            e.put("cipherSuite", h.cipher());
            h.leaf().ifPresent(leaf -> e.putAll(CertificateVerdict.evidence(leaf, now)));
            e.put("chainLength", h.chain().size());
            problem.ifPresent(p -> e.put("problem", p));
            handshakes.add(e);
            if (problem.isPresent() && firstProblem == null) {
                firstProblem = "on " + Addresses.text(target) + ": " + problem.get();
            }
            if (problem.isEmpty()) {
                protocol = h.protocol();
                fewestDays = Math.min(fewestDays, CertificateVerdict.daysLeft(h.leaf().orElseThrow(), now));
            }
        }
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("serverName", linkDomain);
        evidence.put("trust", connector.trust().description());
        evidence.put("handshakes", handshakes);
        String cap = "";
        if (targets.size() < given.size()) {
            evidence.put("addressesGiven", given.size());
            cap = " (tried " + targets.size() + " of " + given.size() + " addresses: at most "
                    + MAX_ADDRESSES_PER_FAMILY + " IPv4 and " + MAX_ADDRESSES_PER_FAMILY + " IPv6)";
        }
        if (firstProblem != null) {
            long failed = handshakes.stream().filter(h -> h.containsKey("problem")).count();
            return new CheckResult(CheckResult.TLS, CheckStatus.FAIL,
                    "TLS fails " + firstProblem + " (" + failed + " of " + targets.size() + " addresses)" + cap, evidence);
        }
        String done = protocol + " with a valid certificate for " + linkDomain + " on " + targets.size()
                + " address(es)" + cap + "; " + fewestDays + " days left";
        if (fewestDays < WARN_DAYS) {
            return new CheckResult(CheckResult.TLS, CheckStatus.WARN,
                    done + ": the certificate expires within " + WARN_DAYS + " days, renew it", evidence);
        }
        return new CheckResult(CheckResult.TLS, CheckStatus.PASS, done, evidence);
    }

    /** The distinct targets, at most {@link #MAX_ADDRESSES_PER_FAMILY} of each family, in the order given. */
    static List<InetSocketAddress> capped(List<InetSocketAddress> targets) {
        List<InetSocketAddress> out = new ArrayList<>();
        int v4 = 0;
        int v6 = 0;
        for (InetSocketAddress t : new LinkedHashSet<>(targets)) {
            boolean six = t.getAddress() instanceof Inet6Address;
            if (six ? v6++ < MAX_ADDRESSES_PER_FAMILY : v4++ < MAX_ADDRESSES_PER_FAMILY) {
                out.add(t);
            }
        }
        return out;
    }
}
