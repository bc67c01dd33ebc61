package dev.linkproxy.core.spi;

import java.util.List;
import java.util.Objects;

/**
 * Where the link domains' DNS must point once the CDN serves them.
 *
 * @param hostName       the CNAME target ({@code d111.cloudfront.net}, {@code x.sni.global.fastly.net}); for a
 *                       CDN that proxies the record itself (Cloudflare), the link domain's own record
 * @param addressRanges  CIDR ranges the link domain's addresses must fall in, where the CDN publishes them; else empty
 * @param proxiedRecord  true when the CDN's own DNS serves the record (nothing for the customer to change)
 */
public record CutoverTarget(String hostName, List<String> addressRanges, boolean proxiedRecord) {

    public CutoverTarget {
        Objects.requireNonNull(hostName, "hostName");
        addressRanges = List.copyOf(addressRanges);
    }

    /** A CNAME target. */
    public static CutoverTarget cname(String hostName) {
        return new CutoverTarget(hostName, List.of(), false);
    }

    @Override
    public String toString() {
        return proxiedRecord ? hostName + " (proxied; addresses in " + addressRanges.size() + " published ranges)"
                : "CNAME " + hostName;
    }
}
