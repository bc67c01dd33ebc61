package dev.linkproxy.verifier;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * An IPv4 or IPv6 address range in CIDR notation, e.g. {@code 104.16.0.0/13} or {@code 2606:4700::/32}.
 *
 * @param network the range's first address
 * @param prefix  the number of leading bits that must match
 */
public record Cidr(InetAddress network, int prefix) {

    public Cidr {
        Objects.requireNonNull(network, "network");
        int bits = network.getAddress().length * 8;
        if (prefix < 0 || prefix > bits) {
            throw new IllegalArgumentException("prefix /" + prefix + " is out of range for " + network.getHostAddress());
        }
    }

    /**
     * Parses {@code address/prefix}; a bare address is a single-address range.
     *
     * @throws IllegalArgumentException when {@code text} is not a literal address range (no DNS lookup is made)
     */
    public static Cidr parse(String text) {
        String t = text.trim();
        int slash = t.indexOf('/');
        String address = slash < 0 ? t : t.substring(0, slash);
        if (!address.contains(":") && !address.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            throw new IllegalArgumentException("\"" + text + "\" is not an address range, e.g. \"104.16.0.0/13\"");
        }
        try {
            // A literal never triggers a lookup: the pattern above rules out host names.
            InetAddress network = InetAddress.getByName(address);
            int bits = network.getAddress().length * 8;
            int prefix = slash < 0 ? bits : Integer.parseInt(t.substring(slash + 1));
            return new Cidr(network, prefix);
        } catch (UnknownHostException | NumberFormatException e) {
            throw new IllegalArgumentException("\"" + text + "\" is not an address range, e.g. \"104.16.0.0/13\"", e);
        }
    }

    /** True when {@code address} is of the same family and inside this range. */
    public boolean contains(InetAddress address) {
        byte[] a = address.getAddress();
        byte[] n = network.getAddress();
        if (a.length != n.length) {
            return false;
        }
        int whole = prefix / 8;
        for (int i = 0; i < whole; i++) {
            if (a[i] != n[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = 0xFF << (8 - rest) & 0xFF;
        return (a[whole] & mask) == (n[whole] & mask);
    }

    @Override
    public String toString() {
        return network.getHostAddress() + "/" + prefix;
    }
}
