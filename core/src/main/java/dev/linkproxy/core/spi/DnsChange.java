package dev.linkproxy.core.spi;

import java.util.Map;
import java.util.Objects;

/**
 * A change a {@link DnsClient} made, to wait on and to undo.
 *
 * @param provider  the DNS provider id
 * @param id        the provider's id of the change (Route 53 change id, UPDATE serial), or empty when it has none
 * @param zone      the zone apex the name lives in
 * @param before    what the name held before the change
 * @param after     what the name holds after it
 * @param resources other ids by kind (record ids), no secrets
 */
public record DnsChange(String provider, String id, String zone, NameRecords before, NameRecords after,
                        Map<String, String> resources) {

    public DnsChange {
        Objects.requireNonNull(provider, "provider");
        id = id == null ? "" : id;
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(after, "after");
        resources = Map.copyOf(resources);
    }
}
