package dev.linkproxy.verifier;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/**
 * Which addresses the verifier may connect to. It runs on link domains that customers type in, so by default it
 * refuses every address that points back into the network it runs in (server-side request forgery): loopback, private
 * (RFC 1918, RFC 4193), link-local (cloud metadata services live there), carrier-grade NAT, multicast, unspecified and
 * documentation ranges. An IPv6 address that carries an IPv4 one (IPv4-mapped {@code ::ffff:a.b.c.d}, IPv4-compatible
 * {@code ::a.b.c.d}, NAT64's well-known prefix {@code 64:ff9b::a.b.c.d}) is judged as the IPv4 address it reaches, for
 * refusing and for allowing alike, so allowing {@code ::/0} does not open {@code ::ffff:10.0.0.5}. Checked on the
 * address actually dialled, after DNS, so a name that resolves inward is caught. Ranges a caller allows explicitly
 * (tests on loopback, an internal CDN) are let through.
 */
final class AddressPolicy {

    /**
     * The ranges refused unless allowed, each with what it is: those IANA's special-purpose registries mark as not
     * globally reachable. A local-use NAT64 prefix (RFC 8215) embeds the IPv4 address at an offset its operator chose,
     * so the whole prefix is refused rather than decoded.
     */
    static final List<Range> REFUSED = List.of(
            new Range("0.0.0.0/8", "unspecified"), new Range("10.0.0.0/8", "private"),
            new Range("100.64.0.0/10", "carrier-grade NAT"), new Range("127.0.0.0/8", "loopback"),
            new Range("169.254.0.0/16", "link-local"), new Range("172.16.0.0/12", "private"),
            new Range("192.0.2.0/24", "documentation"), new Range("192.168.0.0/16", "private"),
            new Range("198.51.100.0/24", "documentation"), new Range("203.0.113.0/24", "documentation"),
            new Range("198.18.0.0/15", "benchmarking"), new Range("224.0.0.0/4", "multicast"),
            new Range("255.255.255.255/32", "broadcast"), new Range("240.0.0.0/4", "reserved"),
            new Range("::/128", "unspecified"), new Range("::1/128", "loopback"),
            new Range("64:ff9b:1::/48", "local-use NAT64"), new Range("100::/64", "discard-only"),
            new Range("fc00::/7", "private"), new Range("fe80::/10", "link-local"), new Range("ff00::/8", "multicast"),
            new Range("2001:db8::/32", "documentation"), new Range("3fff::/20", "documentation"));

    /** A refused range and its kind. */
    record Range(Cidr cidr, String kind) {
        Range(String cidr, String kind) {
            this(Cidr.parse(cidr), kind);
        }
    }

    private final List<Cidr> allowed;

    AddressPolicy(List<Cidr> allowed) {
        this.allowed = List.copyOf(allowed);
    }

    /** Why {@code address} may not be dialled, or empty when it may. */
    Optional<String> refusal(InetAddress address) {
        InetAddress checked = unmapped(address);
        if (allowed.stream().anyMatch(c -> c.contains(checked))) {
            return Optional.empty();
        }
        for (Range r : REFUSED) {
            if (r.cidr().contains(checked)) {
                return Optional.of("refused to connect to a private address: " + address.getHostAddress() + " is "
                        + r.kind() + " (" + r.cidr().network().getHostAddress() + "/" + r.cidr().prefix()
                        + "); allow it explicitly (allowAddresses, --allow-addresses) if it is meant to be reached");
            }
        }
        return Optional.empty();
    }

    /** The NAT64 well-known prefix (RFC 6052): a NAT64 gateway dials the IPv4 address in its last 32 bits. */
    private static final byte[] NAT64 = {0x00, 0x64, (byte) 0xff, (byte) 0x9b, 0, 0, 0, 0, 0, 0, 0, 0};

    /**
     * The IPv4 address an IPv6 address reaches when it carries one: IPv4-mapped ({@code ::ffff:a.b.c.d}),
     * IPv4-compatible ({@code ::a.b.c.d}, a.b.c.d not 0.0.0.x, which keeps {@code ::} and {@code ::1} IPv6) or behind
     * NAT64's well-known prefix ({@code 64:ff9b::a.b.c.d}); else the address itself.
     */
    static InetAddress unmapped(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address;
        }
        byte[] b = address.getAddress();
        boolean zeros = java.util.Arrays.equals(b, 0, 10, new byte[10], 0, 10);
        boolean mapped = zeros && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
        boolean compatible = zeros && b[10] == 0 && b[11] == 0 && (b[12] != 0 || b[13] != 0 || b[14] != 0);
        boolean nat64 = java.util.Arrays.equals(b, 0, 12, NAT64, 0, 12);
        if (!mapped && !compatible && !nat64) {
            return address;
        }
        try {
            return InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are always an IPv4 address", e);
        }
    }
}
