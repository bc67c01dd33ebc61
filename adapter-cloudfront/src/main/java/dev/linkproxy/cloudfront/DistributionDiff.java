package dev.linkproxy.cloudfront;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.linkproxy.core.spi.Change;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.services.cloudfront.model.CustomOriginConfig;
import software.amazon.awssdk.services.cloudfront.model.DefaultCacheBehavior;
import software.amazon.awssdk.services.cloudfront.model.DistributionConfig;
import software.amazon.awssdk.services.cloudfront.model.Origin;

/**
 * The managed fields of a live distribution against the rendered ones. {@link #merged()} is the live config with
 * linkproxy's fields written over it and everything else kept; {@link #changes()} lists what differs, field by
 * field, from → to. Only these fields are linkproxy's:
 * <ul>
 *   <li>{@code Aliases}: the spec's link domains are added; aliases the spec does not name are kept (they serve
 *       someone's traffic), and named in {@link #keptAliases()};</li>
 *   <li>the origin the default cache behaviour targets: {@code DomainName}, {@code OriginPath}, {@code
 *       CustomHeaders} and the {@code CustomOriginConfig} ports, protocol policy, TLS versions and timeouts (its
 *       {@code Id}, connection attempts, Origin Shield, ... are kept);</li>
 *   <li>{@code DefaultCacheBehavior}: target origin, viewer protocol, methods, and the forwarding (policies, or
 *       ForwardedValues and TTLs);</li>
 *   <li>{@code ViewerCertificate}, {@code PriceClass}, {@code Enabled}, {@code HttpVersion}, {@code IsIPV6Enabled}.</li>
 * </ul>
 * Everything else (Comment, Logging, WebACLId, Restrictions, other cache behaviours and origins, error pages,
 * functions, CallerReference) is the customer's and survives an update untouched. The rendered values of those
 * fields are used only when creating.
 */
public final class DistributionDiff {

    /** Deprecated echoes of the certificate that CloudFront adds to what it returns; not settings. */
    private static final Set<String> IGNORED = Set.of("ViewerCertificate.Certificate",
            "ViewerCertificate.CertificateSource");

    private final String resource;
    private final DistributionConfig merged;
    private final List<Change> changes;
    private final List<String> keptAliases;

    private DistributionDiff(String resource, DistributionConfig merged, List<Change> changes, List<String> keptAliases) {
        this.resource = resource;
        this.merged = merged;
        this.changes = List.copyOf(changes);
        this.keptAliases = List.copyOf(keptAliases);
    }

    /** Compares {@code live} (distribution {@code id}) with {@code desired}, the rendered config. */
    public static DistributionDiff between(String id, DistributionConfig live, DistributionConfig desired) {
        String resource = "distribution " + id;
        // The live aliases in their order, then the spec's missing ones: a no-op keeps the list as it was.
        List<String> liveAliases = live.aliases() == null ? List.of() : live.aliases().items();
        Set<String> aliases = new LinkedHashSet<>(liveAliases);
        aliases.addAll(desired.aliases().items());
        List<String> kept = liveAliases.stream().filter(a -> !desired.aliases().items().contains(a)).toList();
        Origin wantedOrigin = desired.origins().items().get(0);
        String target = live.defaultCacheBehavior() == null ? null : live.defaultCacheBehavior().targetOriginId();
        List<Origin> origins = new ArrayList<>(live.origins() == null ? List.of() : live.origins().items());
        int index = indexOf(origins, target);
        if (index < 0) {
            index = indexOf(origins, wantedOrigin.id());
        }
        Origin mergedOrigin;
        if (index < 0) {
            mergedOrigin = wantedOrigin;
            origins.add(mergedOrigin);
        } else {
            mergedOrigin = mergeOrigin(origins.get(index), wantedOrigin);
            origins.set(index, mergedOrigin);
        }
        DefaultCacheBehavior wanted = desired.defaultCacheBehavior();
        DefaultCacheBehavior.Builder behaviour = live.defaultCacheBehavior() == null
                ? wanted.toBuilder() : live.defaultCacheBehavior().toBuilder();
        behaviour.targetOriginId(mergedOrigin.id())
                .viewerProtocolPolicy(wanted.viewerProtocolPolicyAsString())
                .allowedMethods(wanted.allowedMethods())
                .cachePolicyId(wanted.cachePolicyId())
                .originRequestPolicyId(wanted.originRequestPolicyId())
                .forwardedValues(wanted.forwardedValues())
                .minTTL(wanted.minTTL())
                .defaultTTL(wanted.defaultTTL())
                .maxTTL(wanted.maxTTL());
        DistributionConfig merged = live.toBuilder()
                .aliases(a -> a.quantity(aliases.size()).items(List.copyOf(aliases)))
                .origins(o -> o.quantity(origins.size()).items(origins))
                .defaultCacheBehavior(behaviour.build())
                .viewerCertificate(desired.viewerCertificate())
                .priceClass(desired.priceClassAsString())
                .enabled(desired.enabled())
                .httpVersion(desired.httpVersionAsString())
                .isIPV6Enabled(desired.isIPV6Enabled())
                .build();
        List<Change> changes = new ArrayList<>();
        compare(resource, "", DistributionConfigJson.toJson(live), DistributionConfigJson.toJson(merged), changes);
        return new DistributionDiff(resource, merged, changes, kept);
    }

    /** The live config with the managed fields made as rendered: the body of UpdateDistribution. */
    public DistributionConfig merged() {
        return merged;
    }

    /** What an update would change; empty when the distribution already matches. */
    public List<Change> changes() {
        return changes;
    }

    public boolean isEmpty() {
        return changes.isEmpty();
    }

    /** Aliases on the distribution that the spec does not name: kept, and worth a note. */
    public List<String> keptAliases() {
        return keptAliases;
    }

    /** Whether the certificate or the aliases change, which calls for a certificate check first. */
    public boolean touchesCertificate() {
        return changes.stream().anyMatch(c -> c.field().startsWith("ViewerCertificate") || c.field().startsWith("Aliases"));
    }

    @Override
    public String toString() {
        return resource + ": " + changes;
    }

    private static int indexOf(List<Origin> origins, String id) {
        for (int i = 0; id != null && i < origins.size(); i++) {
            if (id.equals(origins.get(i).id())) {
                return i;
            }
        }
        return -1;
    }

    private static Origin mergeOrigin(Origin live, Origin wanted) {
        CustomOriginConfig w = wanted.customOriginConfig();
        CustomOriginConfig custom = live.customOriginConfig() == null ? w : live.customOriginConfig().toBuilder()
                .httpPort(w.httpPort())
                .httpsPort(w.httpsPort())
                .originProtocolPolicy(w.originProtocolPolicyAsString())
                .originSslProtocols(w.originSslProtocols())
                .originReadTimeout(w.originReadTimeout())
                .originKeepaliveTimeout(w.originKeepaliveTimeout())
                .build();
        // An S3 or VPC origin cannot also be a custom origin: the ESP's host is reached over the internet.
        return live.toBuilder()
                .domainName(wanted.domainName())
                .originPath(wanted.originPath())
                .customHeaders(wanted.customHeaders())
                .customOriginConfig(custom)
                .s3OriginConfig((software.amazon.awssdk.services.cloudfront.model.S3OriginConfig) null)
                .vpcOriginConfig((software.amazon.awssdk.services.cloudfront.model.VpcOriginConfig) null)
                .build();
    }

    /** Walks both trees; a leaf (or a list of names, compared as a set) that differs is one change. */
    private static void compare(String resource, String path, JsonNode from, JsonNode to, List<Change> out) {
        if (IGNORED.contains(path) || equivalent(from, to)) {
            return;
        }
        if (from != null && to != null && from.isObject() && to.isObject()) {
            Set<String> names = new LinkedHashSet<>();
            from.fieldNames().forEachRemaining(names::add);
            to.fieldNames().forEachRemaining(names::add);
            boolean policies = to.hasNonNull("CachePolicyId");
            for (String name : names) {
                if (policies && name.endsWith("TTL")) {
                    continue; // TTLs mean nothing beside a cache policy; CloudFront may echo defaults
                }
                compare(resource, path.isEmpty() ? name : path + "." + name, from.get(name), to.get(name), out);
            }
            return;
        }
        if (from != null && to != null && from.isArray() && to.isArray() && from.size() == to.size()
                && containsObjects(to)) {
            for (int i = 0; i < to.size(); i++) {
                compare(resource, path + "[" + i + "]", from.get(i), to.get(i), out);
            }
            return;
        }
        out.add(Change.update(resource, path, show(from), show(to)));
    }

    /**
     * Equal, or both "nothing": absent, an empty string, or a list with Quantity 0. CloudFront returns {@code
     * <CustomHeaders><Quantity>0</Quantity></CustomHeaders>} where nothing was sent, and lists of names in its own
     * order, so those are not changes.
     */
    private static boolean equivalent(JsonNode a, JsonNode b) {
        if (empty(a) && empty(b)) {
            return true;
        }
        if (a == null || b == null) {
            return false;
        }
        return normalise(a).equals(normalise(b));
    }

    private static boolean empty(JsonNode n) {
        return n == null || n.isNull() || (n.isTextual() && n.asText().isEmpty())
                || (n.isObject() && n.size() <= 2 && n.path("Quantity").asInt(-1) == 0
                        && (n.size() == 1 || n.path("Items").isArray() && n.path("Items").isEmpty()));
    }

    private static JsonNode normalise(JsonNode n) {
        if (n.isObject()) {
            ObjectNode out = ((ObjectNode) n).objectNode();
            for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                JsonNode child = n.get(name);
                if (!empty(child)) {
                    out.set(name, normalise(child));
                }
            }
            return out;
        }
        if (n.isArray() && !containsObjects(n)) {
            TreeSet<String> sorted = new TreeSet<>();
            n.forEach(v -> sorted.add(v.asText()));
            ArrayNode out = ((ArrayNode) n).arrayNode();
            sorted.forEach(out::add);
            return out;
        }
        if (n.isArray()) {
            ArrayNode out = ((ArrayNode) n).arrayNode();
            n.forEach(v -> out.add(normalise(v)));
            return out;
        }
        return n;
    }

    private static boolean containsObjects(JsonNode array) {
        for (JsonNode item : array) {
            if (item.isContainerNode()) {
                return true;
            }
        }
        return false;
    }

    private static String show(JsonNode n) {
        if (empty(n)) {
            return "(unset)";
        }
        return n.isTextual() ? n.asText() : n.toString();
    }
}
