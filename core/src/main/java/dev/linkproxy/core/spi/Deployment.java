package dev.linkproxy.core.spi;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A link proxy as it stands on a CDN.
 *
 * @param provider         the provider id
 * @param id               the provider's id of the main resource (distribution id, zone id, service id)
 * @param resources        other resource ids by kind (e.g. {@code arn}, {@code version}); no secrets
 * @param linkDomains      the link domains it serves
 * @param cutoverTarget    what the link domains' DNS must point at
 * @param status           whether the configuration is live at every edge
 * @param certificateState the edge certificate's state in the provider's words ({@code ISSUED}, {@code pending_validation})
 */
public record Deployment(String provider, String id, Map<String, String> resources, List<String> linkDomains,
                         CutoverTarget cutoverTarget, Status status, String certificateState) {

    /** Whether the configuration has reached every edge. */
    public enum Status {
        /** Changes are still propagating. */
        IN_PROGRESS,
        /** Live everywhere: safe to check and to cut DNS over. */
        DEPLOYED
    }

    public Deployment {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(id, "id");
        resources = Map.copyOf(resources);
        linkDomains = List.copyOf(linkDomains);
        Objects.requireNonNull(cutoverTarget, "cutoverTarget");
        Objects.requireNonNull(status, "status");
        certificateState = certificateState == null ? "" : certificateState;
    }

    /** The same deployment with another status. */
    public Deployment withStatus(Status newStatus) {
        return new Deployment(provider, id, resources, linkDomains, cutoverTarget, newStatus, certificateState);
    }
}
