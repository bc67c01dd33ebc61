package dev.linkproxy.verifier;

import dev.linkproxy.core.HostNames;
import dev.linkproxy.core.spi.CutoverTarget;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * Where the link domain should point after cutover: a host-name suffix the CNAME chain must reach, and/or address
 * ranges all its addresses must fall in. Either one matching is enough.
 *
 * @param hostSuffix a name the chain must reach, or a name under it (e.g. {@code cloudfront.net}); may be empty
 * @param ranges     address ranges; may be empty
 */
public record ExpectedTarget(Optional<String> hostSuffix, List<Cidr> ranges) {

    public ExpectedTarget {
        hostSuffix = hostSuffix.map(ExpectedTarget::normalise);
        ranges = List.copyOf(ranges);
        if (hostSuffix.isEmpty() && ranges.isEmpty()) {
            throw new IllegalArgumentException("an expected target needs a host-name suffix or address ranges");
        }
    }

    /** The chain must reach {@code suffix} or a name under it. */
    public static ExpectedTarget hostSuffix(String suffix) {
        return new ExpectedTarget(Optional.of(suffix), List.of());
    }

    /** Every address must fall in one of {@code cidrs} (e.g. {@code "104.16.0.0/13"}). */
    public static ExpectedTarget ranges(List<String> cidrs) {
        return new ExpectedTarget(Optional.empty(), cidrs.stream().map(Cidr::parse).toList());
    }

    /**
     * What an adapter's deployment says. A proxied record (Cloudflare) is judged by its address ranges only, because
     * its host name is the link domain itself.
     */
    public static ExpectedTarget of(CutoverTarget target) {
        List<Cidr> cidrs = target.addressRanges().stream().map(Cidr::parse).toList();
        if (target.proxiedRecord()) {
            return new ExpectedTarget(Optional.empty(), cidrs);
        }
        return new ExpectedTarget(Optional.of(target.hostName()), cidrs);
    }

    /** True when a name in {@code chain} is the suffix or under it. */
    public boolean matchesChain(List<String> chain) {
        return hostSuffix.isPresent() && chain.stream().anyMatch(n -> HostNames.isAtOrUnder(n, hostSuffix.get()));
    }

    /** True when ranges are given and every one of {@code addresses} (at least one) is in one of them. */
    public boolean matchesAddresses(List<InetAddress> addresses) {
        return !ranges.isEmpty() && !addresses.isEmpty()
                && addresses.stream().allMatch(a -> ranges.stream().anyMatch(r -> r.contains(a)));
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        hostSuffix.ifPresent(s -> out.append("a name under ").append(s));
        if (!ranges.isEmpty()) {
            out.append(out.length() > 0 ? " or " : "").append("addresses in ").append(ranges);
        }
        return out.toString();
    }

    private static String normalise(String name) {
        String n = name.trim().toLowerCase(java.util.Locale.ROOT);
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }
}
