package dev.linkproxy.cloudfront;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.linkproxy.core.CertificateSource;
import dev.linkproxy.core.Forwarding;
import dev.linkproxy.core.HttpMethod;
import dev.linkproxy.core.InvalidSpecException;
import dev.linkproxy.core.LinkDomainHeader;
import dev.linkproxy.core.LinkProxySpec;
import dev.linkproxy.core.SpecProblem;
import dev.linkproxy.core.TlsVersion;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.cloudfront.model.DistributionConfig;
import software.amazon.awssdk.services.cloudfront.model.GeoRestrictionType;
import software.amazon.awssdk.services.cloudfront.model.ItemSelection;
import software.amazon.awssdk.services.cloudfront.model.Method;
import software.amazon.awssdk.services.cloudfront.model.MinimumProtocolVersion;
import software.amazon.awssdk.services.cloudfront.model.OriginProtocolPolicy;
import software.amazon.awssdk.services.cloudfront.model.PriceClass;
import software.amazon.awssdk.services.cloudfront.model.SSLSupportMethod;
import software.amazon.awssdk.services.cloudfront.model.SslProtocol;
import software.amazon.awssdk.services.cloudfront.model.ViewerProtocolPolicy;

/**
 * Turns a {@link LinkProxySpec} into the {@code DistributionConfig} that CreateDistribution receives: the runbook's
 * values, mapped as in PROVIDERS.md §2.4, spelt as JSON in the API's member names and the botocore model's member
 * order. Pure and offline: no credentials, no network, equal specs give equal configs, and no AWS SDK object is made
 * (the SDK's model objects cost an offline plan about 40 ms of its 0.3 s start on JDK 17). The enum values are the
 * SDK's own; {@link DistributionConfigJson#fromJson} turns the JSON into the SDK object that apply sends, and refuses a
 * member the model does not have.
 */
public final class DistributionConfigRenderer {

    /** Managed-CachingDisabled: TTL 0/0/0, nothing in the cache key. */
    public static final String CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad";
    /** Managed-AllViewer: every viewer header (Host included), cookie and query string reaches the origin. */
    public static final String ALL_VIEWER = "216adef6-5c7f-47e4-b989-5492eafa07d3";

    /** The runbook's legacy TTLs (console defaults); they have no effect while every header is forwarded. */
    static final long RUNBOOK_MIN_TTL = 0;
    static final long RUNBOOK_DEFAULT_TTL = 86_400;
    static final long RUNBOOK_MAX_TTL = 31_536_000;

    /** The only method sets CloudFront accepts for AllowedMethods, smallest first (model doc of AllowedMethods). */
    static final List<Set<HttpMethod>> ALLOWED_METHOD_SETS = List.of(
            EnumSet.of(HttpMethod.GET, HttpMethod.HEAD),
            EnumSet.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS),
            EnumSet.allOf(HttpMethod.class));

    private static final int COMMENT_LIMIT = 128;

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /**
     * A rendered config and the spec settings CloudFront could not express exactly, one sentence each.
     *
     * @param json  the {@code DistributionConfig} in the API's member names
     * @param notes one sentence per setting CloudFront could not express exactly
     */
    public record Rendered(ObjectNode json, List<String> notes) {
        public Rendered {
            json = json.deepCopy();
            notes = List.copyOf(notes);
        }

        /** A copy of the JSON; changing it changes nothing here. */
        @Override
        public ObjectNode json() {
            return json.deepCopy();
        }

        /** The SDK object apply sends. */
        public DistributionConfig config() {
            return DistributionConfigJson.fromJson(json);
        }
    }

    private DistributionConfigRenderer() {
    }

    /**
     * Renders {@code spec}.
     *
     * @throws InvalidSpecException when the spec asks for something CloudFront cannot do (no ACM certificate, an
     *                              ACM certificate outside us-east-1, X-Forwarded-Host for several link domains)
     */
    public static Rendered render(LinkProxySpec spec) {
        List<SpecProblem> problems = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        String certificateArn = certificateArn(spec, problems);
        if (spec.linkDomainHeader() == LinkDomainHeader.X_FORWARDED_HOST && spec.linkDomains().size() > 1) {
            // An origin custom header has one fixed value per distribution, so it can name only one link domain.
            problems.add(new SpecProblem("linkDomains", "the origin " + spec.origin()
                    + " learns the link domain from X-Forwarded-Host, which CloudFront sends as one fixed origin header;"
                    + " one distribution can serve one link domain: write one spec per link domain"));
        }
        if (spec.minOriginTls() == TlsVersion.TLS_1_3) {
            problems.add(new SpecProblem("minOriginTls", "CloudFront's minimum origin protocol stops at TLSv1.2"
                    + " (it still negotiates TLS 1.3 when the origin offers it); use \"1.2\""));
        }
        if (!problems.isEmpty()) {
            throw new InvalidSpecException(problems);
        }

        Set<HttpMethod> allowed = allowedMethodSet(spec.methods());
        if (!allowed.equals(spec.methods())) {
            notes.add("methods: CloudFront accepts only the sets {GET, HEAD}, {GET, HEAD, OPTIONS} and all seven; "
                    + spec.methods() + " was widened to " + allowed);
        }
        if (!spec.cacheTtl().isZero()) {
            notes.add("cacheTtl: " + spec.cacheTtl().toSeconds() + " s asked for, but linkproxy configures CloudFront"
                    + " to cache nothing (" + (spec.forwarding() == Forwarding.RUNBOOK
                    ? "every header is forwarded, which disables caching" : "CachingDisabled policy")
                    + "); a short TTL needs a custom cache policy, which linkproxy does not manage yet");
        }
        if (spec.forwarding() == Forwarding.RUNBOOK) {
            notes.add("forwarding runbook: the legacy TTLs " + RUNBOOK_MIN_TTL + " / " + RUNBOOK_DEFAULT_TTL + " / "
                    + RUNBOOK_MAX_TTL + " are set as in the runbook but have no effect while every header is forwarded");
        }

        String originId = "linkproxy-" + spec.origin().host();
        ObjectNode config = JSON.objectNode();
        config.put("CallerReference", callerReference(spec.linkDomains()));
        config.set("Aliases", quantityAndItems(spec.linkDomains()));
        config.put("DefaultRootObject", "");
        config.set("Origins", quantityAndItems(List.of(origin(spec, originId))));
        config.set("DefaultCacheBehavior", defaultCacheBehavior(spec, originId, allowed));
        config.put("Comment", comment(spec.linkDomains()));
        config.set("Logging", JSON.objectNode().put("Enabled", false).put("IncludeCookies", false).put("Bucket", "")
                .put("Prefix", ""));
        config.put("PriceClass", priceClass(spec).toString());
        config.put("Enabled", true);
        config.set("ViewerCertificate", JSON.objectNode()
                .put("CloudFrontDefaultCertificate", false)
                .put("ACMCertificateArn", certificateArn)
                .put("SSLSupportMethod", SSLSupportMethod.SNI_ONLY.toString())
                .put("MinimumProtocolVersion", (spec.minViewerTls() == TlsVersion.TLS_1_3
                        ? MinimumProtocolVersion.TLS_V1_3_2025 : MinimumProtocolVersion.TLS_V1_2_2021).toString()));
        config.set("Restrictions", JSON.objectNode().set("GeoRestriction", JSON.objectNode()
                .put("RestrictionType", GeoRestrictionType.NONE.toString()).put("Quantity", 0)));
        config.put("WebACLId", "");
        config.put("HttpVersion", httpVersion(spec).toString());
        config.put("IsIPV6Enabled", spec.ipv6());
        return new Rendered(config, notes);
    }

    /**
     * The idempotency key of a create: the same link domains always give the same value, so a create retried after
     * a lost answer meets {@code DistributionAlreadyExists} instead of making a second distribution.
     */
    public static String callerReference(List<String> linkDomains) {
        String joined = linkDomains.stream().sorted().collect(Collectors.joining(","));
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(joined.getBytes(StandardCharsets.UTF_8));
            return "linkproxy-" + HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** The smallest method set CloudFront accepts that holds every method of the spec. */
    static Set<HttpMethod> allowedMethodSet(Set<HttpMethod> wanted) {
        return ALLOWED_METHOD_SETS.stream().filter(s -> s.containsAll(wanted)).findFirst().orElseThrow();
    }

    private static String certificateArn(LinkProxySpec spec, List<SpecProblem> problems) {
        if (spec.certificate() instanceof CertificateSource.Managed) {
            problems.add(new SpecProblem("certificate", "certificate: managed becomes an ACM certificate once ACM has"
                    + " issued it: the CloudFront client finds it (onboard requests it); offline, give \"acm:<ARN>\""));
            return null;
        }
        if (!(spec.certificate() instanceof CertificateSource.Acm acm)) {
            problems.add(new SpecProblem("certificate", "CloudFront serves an ACM certificate here: give \"acm:<ARN>\""
                    + " of a certificate in us-east-1 (\"" + spec.certificate() + "\" is for other CDNs)"));
            return null;
        }
        if (!CertificateCheck.CLOUDFRONT_REGION.equals(acm.region())) {
            problems.add(new SpecProblem("certificate", "the ACM certificate is in " + acm.region()
                    + "; CloudFront only uses ACM certificates from us-east-1 (N. Virginia): request or import it there"));
            return null;
        }
        return acm.arn();
    }

    /** CloudFront's list shape: {@code {Quantity, Items}}, without Items when there are none (as the SDK sends it). */
    private static ObjectNode quantityAndItems(List<?> items) {
        ObjectNode list = JSON.objectNode().put("Quantity", items.size());
        if (!items.isEmpty()) {
            ArrayNode array = list.putArray("Items");
            items.forEach(item -> array.add(item instanceof ObjectNode o ? o : JSON.textNode(item.toString())));
        }
        return list;
    }

    private static ObjectNode origin(LinkProxySpec spec, String originId) {
        List<ObjectNode> headers = spec.linkDomainHeader() == LinkDomainHeader.X_FORWARDED_HOST
                ? List.of(JSON.objectNode().put("HeaderName", "X-Forwarded-Host")
                        .put("HeaderValue", spec.linkDomains().get(0)))
                : List.of();
        ObjectNode origin = JSON.objectNode()
                .put("Id", originId)
                .put("DomainName", spec.origin().host())
                .put("OriginPath", "");
        origin.set("CustomHeaders", quantityAndItems(headers));
        origin.set("CustomOriginConfig", JSON.objectNode()
                .put("HTTPPort", 80)
                .put("HTTPSPort", 443)
                .put("OriginProtocolPolicy", OriginProtocolPolicy.fromValue(spec.originProtocol().wireName()).toString())
                .<ObjectNode>set("OriginSslProtocols", quantityAndItems(List.of(SslProtocol.TLS_V1_2)))
                .put("OriginReadTimeout", (int) spec.originReadTimeout().toSeconds())
                .put("OriginKeepaliveTimeout", (int) spec.originKeepAlive().toSeconds()));
        return origin;
    }

    private static ObjectNode defaultCacheBehavior(LinkProxySpec spec, String originId, Set<HttpMethod> allowed) {
        List<Method> allowedItems = allowed.stream().map(m -> Method.fromValue(m.name())).toList();
        List<Method> cachedItems = allowed.contains(HttpMethod.OPTIONS)
                ? List.of(Method.GET, Method.HEAD, Method.OPTIONS) : List.of(Method.GET, Method.HEAD);
        ObjectNode b = JSON.objectNode()
                .put("TargetOriginId", originId)
                .put("ViewerProtocolPolicy", (switch (spec.viewerProtocol()) {
                    case HTTP_AND_HTTPS -> ViewerProtocolPolicy.ALLOW_ALL;
                    case REDIRECT_TO_HTTPS -> ViewerProtocolPolicy.REDIRECT_TO_HTTPS;
                }).toString());
        b.set("AllowedMethods", quantityAndItems(allowedItems).set("CachedMethods", quantityAndItems(cachedItems)));
        if (spec.forwarding() == Forwarding.RUNBOOK) {
            // The runbook word for word: all headers ("*", Host included), all cookies, all query strings.
            b.set("ForwardedValues", JSON.objectNode()
                    .put("QueryString", true)
                    .<ObjectNode>set("Cookies", JSON.objectNode().put("Forward", ItemSelection.ALL.toString()))
                    .<ObjectNode>set("Headers", quantityAndItems(List.of("*")))
                    .set("QueryStringCacheKeys", quantityAndItems(List.of())));
            b.put("MinTTL", RUNBOOK_MIN_TTL).put("DefaultTTL", RUNBOOK_DEFAULT_TTL).put("MaxTTL", RUNBOOK_MAX_TTL);
        } else {
            // No TTLs and no ForwardedValues beside a cache policy: CloudFront refuses the mix.
            b.put("CachePolicyId", CACHING_DISABLED).put("OriginRequestPolicyId", ALL_VIEWER);
        }
        return b;
    }

    private static String comment(List<String> domains) {
        String comment = "linkproxy: " + String.join(" ", domains);
        return comment.length() <= COMMENT_LIMIT ? comment : comment.substring(0, COMMENT_LIMIT - 1) + "…";
    }

    private static PriceClass priceClass(LinkProxySpec spec) {
        return switch (spec.priceClass()) {
            case ALL -> PriceClass.PRICE_CLASS_ALL;
            case CLASS_200 -> PriceClass.PRICE_CLASS_200;
            case CLASS_100 -> PriceClass.PRICE_CLASS_100;
        };
    }

    private static software.amazon.awssdk.services.cloudfront.model.HttpVersion httpVersion(LinkProxySpec spec) {
        Set<dev.linkproxy.core.HttpVersion> v = spec.httpVersions();
        boolean two = v.contains(dev.linkproxy.core.HttpVersion.HTTP_2);
        boolean three = v.contains(dev.linkproxy.core.HttpVersion.HTTP_3);
        // CloudFront always answers HTTP/1.0 and 1.1; the setting only adds the newer versions.
        if (two && three) {
            return software.amazon.awssdk.services.cloudfront.model.HttpVersion.HTTP2_AND3;
        }
        if (three) {
            return software.amazon.awssdk.services.cloudfront.model.HttpVersion.HTTP3;
        }
        return two ? software.amazon.awssdk.services.cloudfront.model.HttpVersion.HTTP2
                : software.amazon.awssdk.services.cloudfront.model.HttpVersion.HTTP1_1;
    }
}
