package dev.linkproxy.cloudfront;

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
import software.amazon.awssdk.services.cloudfront.model.AllowedMethods;
import software.amazon.awssdk.services.cloudfront.model.CachedMethods;
import software.amazon.awssdk.services.cloudfront.model.CookiePreference;
import software.amazon.awssdk.services.cloudfront.model.CustomHeaders;
import software.amazon.awssdk.services.cloudfront.model.CustomOriginConfig;
import software.amazon.awssdk.services.cloudfront.model.DefaultCacheBehavior;
import software.amazon.awssdk.services.cloudfront.model.DistributionConfig;
import software.amazon.awssdk.services.cloudfront.model.ForwardedValues;
import software.amazon.awssdk.services.cloudfront.model.GeoRestrictionType;
import software.amazon.awssdk.services.cloudfront.model.ItemSelection;
import software.amazon.awssdk.services.cloudfront.model.Method;
import software.amazon.awssdk.services.cloudfront.model.MinimumProtocolVersion;
import software.amazon.awssdk.services.cloudfront.model.Origin;
import software.amazon.awssdk.services.cloudfront.model.OriginCustomHeader;
import software.amazon.awssdk.services.cloudfront.model.OriginProtocolPolicy;
import software.amazon.awssdk.services.cloudfront.model.PriceClass;
import software.amazon.awssdk.services.cloudfront.model.SSLSupportMethod;
import software.amazon.awssdk.services.cloudfront.model.SslProtocol;
import software.amazon.awssdk.services.cloudfront.model.ViewerCertificate;
import software.amazon.awssdk.services.cloudfront.model.ViewerProtocolPolicy;

/**
 * Turns a {@link LinkProxySpec} into the {@link DistributionConfig} that CreateDistribution receives: the runbook's
 * values, mapped as in PROVIDERS.md §2.4. Pure and offline: no credentials, no network, equal specs give equal
 * configs. The SDK object is the single source of truth; {@link DistributionConfigJson} only re-spells it.
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

    /** A rendered config and the spec settings CloudFront could not express exactly, one sentence each. */
    public record Rendered(DistributionConfig config, List<String> notes) {
        public Rendered {
            notes = List.copyOf(notes);
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
        DistributionConfig config = DistributionConfig.builder()
                .callerReference(callerReference(spec.linkDomains()))
                .aliases(a -> a.quantity(spec.linkDomains().size()).items(spec.linkDomains()))
                .defaultRootObject("")
                .origins(o -> o.quantity(1).items(origin(spec, originId)))
                .defaultCacheBehavior(defaultCacheBehavior(spec, originId, allowed))
                .comment(comment(spec.linkDomains()))
                .logging(l -> l.enabled(false).includeCookies(false).bucket("").prefix(""))
                .priceClass(priceClass(spec))
                .enabled(true)
                .viewerCertificate(ViewerCertificate.builder()
                        .cloudFrontDefaultCertificate(false)
                        .acmCertificateArn(certificateArn)
                        .sslSupportMethod(SSLSupportMethod.SNI_ONLY)
                        .minimumProtocolVersion(spec.minViewerTls() == TlsVersion.TLS_1_3
                                ? MinimumProtocolVersion.TLS_V1_3_2025 : MinimumProtocolVersion.TLS_V1_2_2021)
                        .build())
                .restrictions(r -> r.geoRestriction(g -> g.restrictionType(GeoRestrictionType.NONE).quantity(0)))
                .webACLId("")
                .httpVersion(httpVersion(spec))
                .isIPV6Enabled(spec.ipv6())
                .build();
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

    private static Origin origin(LinkProxySpec spec, String originId) {
        CustomHeaders headers = spec.linkDomainHeader() == LinkDomainHeader.X_FORWARDED_HOST
                ? CustomHeaders.builder().quantity(1).items(OriginCustomHeader.builder()
                        .headerName("X-Forwarded-Host").headerValue(spec.linkDomains().get(0)).build()).build()
                : CustomHeaders.builder().quantity(0).build();
        return Origin.builder()
                .id(originId)
                .domainName(spec.origin().host())
                .originPath("")
                .customHeaders(headers)
                .customOriginConfig(CustomOriginConfig.builder()
                        .httpPort(80)
                        .httpsPort(443)
                        .originProtocolPolicy(OriginProtocolPolicy.fromValue(spec.originProtocol().wireName()))
                        .originSslProtocols(p -> p.quantity(1).items(SslProtocol.TLS_V1_2))
                        .originReadTimeout((int) spec.originReadTimeout().toSeconds())
                        .originKeepaliveTimeout((int) spec.originKeepAlive().toSeconds())
                        .build())
                .build();
    }

    private static DefaultCacheBehavior defaultCacheBehavior(LinkProxySpec spec, String originId,
                                                             Set<HttpMethod> allowed) {
        List<Method> allowedItems = allowed.stream().map(m -> Method.fromValue(m.name())).toList();
        List<Method> cachedItems = allowed.contains(HttpMethod.OPTIONS)
                ? List.of(Method.GET, Method.HEAD, Method.OPTIONS) : List.of(Method.GET, Method.HEAD);
        DefaultCacheBehavior.Builder b = DefaultCacheBehavior.builder()
                .targetOriginId(originId)
                .viewerProtocolPolicy(switch (spec.viewerProtocol()) {
                    case HTTP_AND_HTTPS -> ViewerProtocolPolicy.ALLOW_ALL;
                    case REDIRECT_TO_HTTPS -> ViewerProtocolPolicy.REDIRECT_TO_HTTPS;
                })
                .allowedMethods(AllowedMethods.builder()
                        .quantity(allowedItems.size()).items(allowedItems)
                        .cachedMethods(CachedMethods.builder().quantity(cachedItems.size()).items(cachedItems).build())
                        .build());
        if (spec.forwarding() == Forwarding.RUNBOOK) {
            // The runbook word for word: all headers ("*", Host included), all cookies, all query strings.
            b.forwardedValues(ForwardedValues.builder()
                            .queryString(true)
                            .cookies(CookiePreference.builder().forward(ItemSelection.ALL).build())
                            .headers(h -> h.quantity(1).items("*"))
                            .queryStringCacheKeys(q -> q.quantity(0))
                            .build())
                    .minTTL(RUNBOOK_MIN_TTL)
                    .defaultTTL(RUNBOOK_DEFAULT_TTL)
                    .maxTTL(RUNBOOK_MAX_TTL);
        } else {
            // No TTLs and no ForwardedValues beside a cache policy: CloudFront refuses the mix.
            b.cachePolicyId(CACHING_DISABLED).originRequestPolicyId(ALL_VIEWER);
        }
        return b.build();
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
