package dev.linkproxy.verifier;

import dev.linkproxy.core.HostNames;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code dns-cutover} check: the link domain no longer leads to the ESP's origin and resolves to addresses, where
 * an expected target is known, the CDN's. In pre-cutover mode it only reports where the name points now.
 */
final class DnsCutoverCheck {

    /** The check's verdict and the resolution the other checks connect to. */
    record Outcome(CheckResult result, Resolution resolution) {
    }

    /** A summary names at most this many addresses; the evidence at most twice as many, with the full count. */
    static final int LISTED_ADDRESSES = 8;

    /** How long the origin's addresses are reused within one verifier. */
    static final java.time.Duration ORIGIN_TTL = java.time.Duration.ofSeconds(30);

    private final DnsResolver dns;
    /** Origins are few (one per ESP); the map stays as small as their number. */
    private final java.util.Map<String, CachedResolution> originCache = new java.util.concurrent.ConcurrentHashMap<>();

    DnsCutoverCheck(DnsResolver dns) {
        this.dns = dns;
    }

    Outcome run(VerificationRequest request, Deadline deadline) {
        Resolution r = dns.resolve(request.linkDomain(), deadline);
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("resolvers", dns.serverNames());
        evidence.put("outcome", r.outcome().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        evidence.put("chain", r.chain());
        evidence.put("cnameHops", r.chain().size() - 1);
        evidence.put("addresses", sample(r.addresses(), 2 * LISTED_ADDRESSES));
        if (r.addresses().size() > 2 * LISTED_ADDRESSES) {
            evidence.put("addressCount", r.addresses().size());
        }
        evidence.put("detail", r.detail());
        evidence.put("origin", request.originHost());
        request.expectedTarget().ifPresent(t -> evidence.put("expectedTarget", t.toString()));
        if (request.mode() == VerificationMode.PRE_CUTOVER) {
            return new Outcome(result(CheckStatus.SKIPPED, "pre-cutover: not judged; " + request.linkDomain()
                    + " now " + whereItPoints(r, request.originHost()), evidence), r);
        }
        return new Outcome(judge(request, r, evidence, deadline), r);
    }

    private CheckResult judge(VerificationRequest request, Resolution r, Map<String, Object> evidence, Deadline deadline) {
        String domain = request.linkDomain();
        String arrow = String.join(" → ", r.chain());
        switch (r.outcome()) {
            case NXDOMAIN:
                return fail(domain + " does not exist (NXDOMAIN): " + r.detail(), evidence);
            case NO_ADDRESSES:
                return fail(domain + " has no CNAME, A or AAAA record", evidence);
            case DANGLING:
                return fail("the CNAME chain dangles: " + arrow + " leads nowhere (" + r.detail() + ")", evidence);
            case LOOP:
                return fail("CNAME loop: " + arrow, evidence);
            case TOO_LONG:
                return fail("the CNAME chain is longer than " + DnsResolver.MAX_HOPS + " hops: " + arrow, evidence);
            case SERVFAIL:
                return fail("the resolvers failed (SERVFAIL): " + r.detail(), evidence);
            case TIMEOUT:
                return fail("DNS timed out: " + r.detail(), evidence);
            case ERROR:
                return fail("DNS lookup failed: " + r.detail(), evidence);
            case RESOLVED:
            default:
                break;
        }
        String origin = request.originHost();
        if (r.chain().stream().anyMatch(n -> HostNames.isAtOrUnder(n, origin))) {
            return fail(domain + " still points at the origin: " + arrow, evidence);
        }
        String addresses = listed(r.addresses());
        // Moved off the origin's name but onto its addresses (A/AAAA copied from the origin) is not a cutover,
        // whatever range the expected target spans: the origin's own addresses are asked through the same resolvers.
        Resolution originAddresses = originAddresses(origin, deadline);
        if (originAddresses.outcome() == Resolution.Outcome.RESOLVED) {
            evidence.put("originAddresses", sample(originAddresses.addresses(), 2 * LISTED_ADDRESSES));
            List<InetAddress> shared = r.addresses().stream().filter(originAddresses.addresses()::contains).toList();
            if (!shared.isEmpty()) {
                return fail(domain + " resolves to the origin's own addresses " + listed(shared) + " (" + arrow + " "
                        + addresses + "; " + origin + " is " + listed(originAddresses.addresses())
                        + "): it is not served by the CDN", evidence);
            }
        }
        if (request.expectedTarget().isPresent()) {
            ExpectedTarget target = request.expectedTarget().get();
            if (target.matchesChain(r.chain()) || target.matchesAddresses(r.addresses())) {
                return result(CheckStatus.PASS, domain + " points at " + target + ": " + arrow + " " + addresses, evidence);
            }
            if (r.chain().size() > 1 || target.ranges().isEmpty()) {
                return fail(domain + " points at " + arrow + " " + addresses + ", not at " + target, evidence);
            }
        }
        if (r.chain().size() > 1) {
            return result(CheckStatus.PASS, domain + " is cut over: " + arrow + " " + addresses, evidence);
        }
        // Outside the expected ranges is a failure whether or not the origin could be asked.
        if (request.expectedTarget().isPresent()) {
            return fail(domain + " resolves to " + addresses + ", not to " + request.expectedTarget().get(), evidence);
        }
        // A name with addresses and no CNAME is cut over when the addresses are not the origin's own (compared above).
        if (originAddresses.outcome() != Resolution.Outcome.RESOLVED) {
            return result(CheckStatus.WARN, domain + " has addresses " + addresses + " and no CNAME; the origin's "
                    + "addresses could not be compared (" + originAddresses.detail() + ")", evidence);
        }
        return result(CheckStatus.PASS, domain + " is cut over: A/AAAA " + addresses + ", none of them the origin's",
                evidence);
    }

    /** The origin's addresses, asked once per origin every {@link #ORIGIN_TTL} however many domains a run checks. */
    private Resolution originAddresses(String origin, Deadline deadline) {
        long now = System.nanoTime();
        CachedResolution cached = originCache.get(origin);
        if (cached != null && now - cached.at() < ORIGIN_TTL.toNanos()) {
            return cached.resolution();
        }
        Resolution fresh = dns.resolve(origin, deadline);
        if (fresh.outcome() == Resolution.Outcome.RESOLVED) {
            originCache.put(origin, new CachedResolution(fresh, now));
        }
        return fresh;
    }

    private record CachedResolution(Resolution resolution, long at) {
    }

    private static String whereItPoints(Resolution r, String origin) {
        String arrow = String.join(" → ", r.chain());
        if (r.outcome() != Resolution.Outcome.RESOLVED) {
            return "does not resolve (" + r.outcome().name().toLowerCase(java.util.Locale.ROOT) + ": " + r.detail() + ")";
        }
        boolean atOrigin = r.chain().stream().anyMatch(n -> HostNames.isAtOrUnder(n, origin));
        return "points " + (atOrigin ? "at the origin" : "elsewhere") + ": " + arrow + " "
                + listed(r.addresses());
    }

    /**
     * The addresses as a summary shows them: all of them when there are a few; else the first few and the count, so
     * that a hostile answer of thousands of records cannot make a report of thousands of addresses.
     */
    static String listed(List<InetAddress> addresses) {
        if (addresses.size() <= LISTED_ADDRESSES) {
            return sample(addresses, LISTED_ADDRESSES).toString();
        }
        String first = String.join(", ", sample(addresses, LISTED_ADDRESSES));
        return "[" + first + ", …] (" + addresses.size() + " addresses in all)";
    }

    private static List<String> sample(List<InetAddress> addresses, int max) {
        return addresses.stream().limit(max).map(InetAddress::getHostAddress).toList();
    }

    private static CheckResult fail(String summary, Map<String, Object> evidence) {
        return result(CheckStatus.FAIL, summary, evidence);
    }

    private static CheckResult result(CheckStatus status, String summary, Map<String, Object> evidence) {
        return new CheckResult(CheckResult.DNS_CUTOVER, status, summary, evidence);
    }
}
