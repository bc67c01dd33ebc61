package dev.linkproxy.cloudflare;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.linkproxy.core.CertificateSource;
import dev.linkproxy.core.Forwarding;
import dev.linkproxy.core.HttpMethod;
import dev.linkproxy.core.HttpVersion;
import dev.linkproxy.core.InvalidSpecException;
import dev.linkproxy.core.LinkDomainHeader;
import dev.linkproxy.core.LinkProxySpec;
import dev.linkproxy.core.OriginProtocol;
import dev.linkproxy.core.PriceClass;
import dev.linkproxy.core.SpecProblem;
import dev.linkproxy.core.ViewerProtocol;
import dev.linkproxy.core.spi.NativeConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

/**
 * The spec as the request bodies Cloudflare's API will receive, in its own field names. Pure: no network, no
 * credentials, no files read. The config is
 * {@code {"dns_records":[…], "config_rules":[…], "cache_rules":[…], "hostname_settings":[…], "certificate":{…}}}:
 * <ul>
 *   <li>{@code dns_records}: bodies of {@code POST /zones/{zone_id}/dns_records}, one proxied CNAME per link domain;</li>
 *   <li>{@code config_rules}: rules linkproxy owns in the zone's {@code http_config_settings} entrypoint ruleset;</li>
 *   <li>{@code cache_rules}: rules linkproxy owns in the zone's {@code http_request_cache_settings} entrypoint
 *       ruleset (Cache Rules): no caching for the link hosts, or the spec's short edge TTL;</li>
 *   <li>{@code hostname_settings}: {@code PUT /zones/{zone_id}/hostnames/settings/{setting_id}/{hostname}}, with the
 *       path parameters {@code setting_id} and {@code hostname} beside the body's {@code value};</li>
 *   <li>{@code certificate}: the body of {@code POST …/ssl/certificate_packs/order} ({@code managed}) or
 *       {@code POST …/custom_certificates} ({@code pem:}); sent only for link domains no certificate covers.</li>
 * </ul>
 */
public final class CloudflareRenderer {

    /** Marks records linkproxy created; a record without it is someone else's and is never changed silently. */
    static final String RECORD_COMMENT = "managed by linkproxy: click-tracking link domain";
    static final String RULE_REF_PREFIX = "linkproxy_ssl_";
    static final String CONFIG_PHASE = "http_config_settings";
    static final String CACHE_REF_PREFIX = "linkproxy_cache_";
    static final String CACHE_PHASE = "http_request_cache_settings";

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    /** Renders offline: the zone is not known, so the certificate pack's hosts lack the zone apex (added on apply). */
    public NativeConfig render(LinkProxySpec spec) {
        return render(spec, Optional.empty());
    }

    /**
     * Renders for a known zone: the certificate pack's hosts begin with the zone apex, as Cloudflare requires.
     *
     * @throws InvalidSpecException when the spec asks for an {@code acm:} certificate, which Cloudflare cannot use
     */
    public NativeConfig render(LinkProxySpec spec, Optional<String> zoneName) {
        if (spec.certificate() instanceof CertificateSource.Acm acm) {
            throw new InvalidSpecException(List.of(new SpecProblem("certificate", "\"" + acm
                    + "\" is an AWS Certificate Manager certificate, which only CloudFront can use; on Cloudflare give "
                    + "\"managed\" (Universal SSL or an advanced certificate pack) or \"pem:<certificate file>,<key file>\"")));
        }
        ObjectNode config = F.objectNode();
        ArrayNode records = config.putArray("dns_records");
        ArrayNode rules = config.putArray("config_rules");
        ArrayNode cacheRules = config.putArray("cache_rules");
        ArrayNode settings = config.putArray("hostname_settings");
        String sslMode = sslMode(spec);
        for (String domain : spec.linkDomains()) {
            records.add(record(domain, spec.origin().host()));
            rules.add(rule(domain, sslMode));
            cacheRules.add(cacheRule(domain, spec.cacheTtl()));
            ObjectNode s = settings.addObject();
            s.put("setting_id", "min_tls_version");
            s.put("hostname", domain);
            s.put("value", spec.minViewerTls().wireName());
        }
        config.set("certificate", certificate(spec, zoneName));
        return new NativeConfig(CloudflareProvider.ID, config, notes(spec, zoneName));
    }

    /** A proxied CNAME: Cloudflare answers with its own addresses and forwards to the origin. */
    static ObjectNode record(String domain, String origin) {
        ObjectNode r = F.objectNode();
        r.put("type", "CNAME");
        r.put("name", domain);
        r.put("content", origin);
        r.put("proxied", true);
        r.put("ttl", 1); // 1 = automatic; proxied records ignore TTL anyway
        r.put("comment", RECORD_COMMENT);
        return r;
    }

    /**
     * SSL mode for this host only. {@code full}: encrypt to the origin without requiring its certificate to name the
     * link domain ({@code *.sendgrid.net} cannot). {@code flexible} for an origin that speaks HTTP only (Mailgun).
     * Never a zone-wide change: the zone may run {@code strict} for everything else.
     */
    static String sslMode(LinkProxySpec spec) {
        return spec.originProtocol() == OriginProtocol.HTTP_ONLY ? "flexible" : "full";
    }

    static ObjectNode rule(String domain, String sslMode) {
        ObjectNode r = F.objectNode();
        r.put("ref", ruleRef(domain));
        r.put("description", "linkproxy: SSL " + sslMode + " for " + domain
                + (sslMode.equals("full") ? " (the ESP origin's certificate does not name the link domain, so strict cannot work)"
                : " (the ESP origin speaks HTTP only)"));
        r.put("expression", "(http.host eq \"" + domain + "\")");
        r.put("action", "set_config");
        r.putObject("action_parameters").put("ssl", sslMode);
        r.put("enabled", true);
        return r;
    }

    /** A stable ref per link domain, so a re-apply finds its own rule among the customer's. */
    static String ruleRef(String domain) {
        return RULE_REF_PREFIX + slug(domain);
    }

    /** The cache rule's stable ref for a link domain. */
    static String cacheRuleRef(String domain) {
        return CACHE_REF_PREFIX + slug(domain);
    }

    private static String slug(String domain) {
        return domain.replace('.', '_').replace('-', '_');
    }

    /**
     * A Cache Rule for one link host. With a TTL, the answers are eligible for cache and kept at the edge for exactly
     * that long whatever the origin's headers say ({@code override_origin}); {@code status_code_ttl} is empty, so the
     * one TTL applies to every status (the schema requires the member).
     *
     * <p>With no TTL the rule is still written, as an explicit bypass ({@code cache: false}). Cloudflare's default
     * cache would not store the tracking redirects (no cacheable extension), but a zone may hold an earlier "cache
     * everything" rule that matches the link host (for instance on {@code http.host contains "customer.com"}); later
     * cache rules override earlier ones, so ours, appended after the customer's, makes "nothing cached" (the runbook)
     * true for the link host whatever else the zone does. It costs one ruleset write when created and nothing on a
     * re-apply.
     */
    static ObjectNode cacheRule(String domain, Duration ttl) {
        ObjectNode r = F.objectNode();
        r.put("ref", cacheRuleRef(domain));
        r.put("description", ttl.isZero()
                ? "linkproxy: nothing cached for " + domain + " (tracked-link redirects must reach the ESP)"
                : "linkproxy: edge TTL " + ttl.toSeconds() + " s for " + domain + " (the ESP's recommended short TTL)");
        r.put("expression", "(http.host eq \"" + domain + "\")");
        r.put("action", "set_cache_settings");
        ObjectNode p = r.putObject("action_parameters");
        if (ttl.isZero()) {
            p.put("cache", false);
        } else {
            p.put("cache", true);
            ObjectNode edge = p.putObject("edge_ttl");
            edge.put("mode", "override_origin");
            edge.put("default", (int) ttl.toSeconds()); // an int, as the API's answers read back: equal nodes
            edge.putArray("status_code_ttl");
        }
        r.put("enabled", true);
        return r;
    }

    private static ObjectNode certificate(LinkProxySpec spec, Optional<String> zoneName) {
        ObjectNode c = F.objectNode();
        if (spec.certificate() instanceof CertificateSource.Pem pem) {
            // The files are read at apply time; the render never holds key material, so it can be printed.
            c.put("certificate", "<PEM read from " + pem.certificateFile() + " at apply>");
            c.put("private_key", "<PEM read from " + pem.keyFile() + " at apply; never printed>");
            c.put("bundle_method", "ubiquitous");
            c.put("type", "sni_custom");
            return c;
        }
        c.put("type", "advanced");
        ArrayNode hosts = c.putArray("hosts");
        zoneName.ifPresent(hosts::add);
        spec.linkDomains().stream().filter(d -> zoneName.map(z -> !z.equals(d)).orElse(true)).forEach(hosts::add);
        c.put("validation_method", "txt");
        c.put("validity_days", 90);
        c.put("certificate_authority", "lets_encrypt");
        c.put("cloudflare_branding", false);
        return c;
    }

    /** Every spec setting with no (or only a partial) meaning here, named by its spec field, one sentence each. */
    private static List<String> notes(LinkProxySpec spec, Optional<String> zoneName) {
        List<String> notes = new ArrayList<>();
        if (spec.certificate() instanceof CertificateSource.Managed) {
            notes.add("certificate managed: Universal SSL covers the zone apex and first-level names; an advanced "
                    + "certificate pack (the certificate body) is ordered only for link domains it does not cover"
                    + (zoneName.isPresent() ? "" : ", with the zone apex added to hosts once the zone is known"));
        } else {
            notes.add("certificate pem: uploaded as an sni_custom certificate only when no custom certificate covers "
                    + "the link domains (custom certificates need a Business or Enterprise plan)");
        }
        notes.add("origin " + spec.origin().host() + ": reached through the proxied CNAME; Cloudflare keeps the "
                + "client's Host header, as " + spec.origin() + " expects");
        notes.add("originReadTimeout " + spec.originReadTimeout().toSeconds() + " s is not configured: Cloudflare waits "
                + "100 s for the origin (only Enterprise zones can change proxy_read_timeout)");
        notes.add("originKeepAlive " + spec.originKeepAlive().toSeconds() + " s is not configured: Cloudflare manages "
                + "origin connections itself");
        notes.add("minOriginTls " + spec.minOriginTls().wireName() + " is not configured: Cloudflare negotiates "
                + "the origin's TLS version itself");
        notes.add(cacheNote(spec.cacheTtl()));
        notes.add("ipv6 " + (spec.ipv6() ? "on" : "off") + " is a zone-wide setting on Cloudflare; linkproxy leaves "
                + "it as it is (zones answer over IPv6 by default)");
        if (spec.viewerProtocol() == ViewerProtocol.REDIRECT_TO_HTTPS) {
            notes.add("viewerProtocol redirect-to-https is not configured: it would need a redirect rule; HTTP and "
                    + "HTTPS are both answered");
        } else {
            notes.add("viewerProtocol http-and-https: answered both unless the zone-wide always_use_https is on, "
                    + "which turns http:// links into a redirect to https");
        }
        if (!spec.methods().equals(EnumSet.allOf(HttpMethod.class))) {
            notes.add("methods: Cloudflare forwards every method; the restricted list " + spec.methods()
                    + " is not enforced");
        }
        if (spec.forwarding() != Forwarding.MANAGED_POLICIES) {
            notes.add("forwarding " + spec.forwarding().wireName() + " has no meaning on Cloudflare, which forwards "
                    + "every header, cookie and query string");
        }
        if (spec.linkDomainHeader() == LinkDomainHeader.X_FORWARDED_HOST) {
            notes.add("linkDomainHeader x-forwarded-host is not configured: Cloudflare keeps the client's Host "
                    + "header (what SparkPost's Cloudflare guide asks for); adding X-Forwarded-Host would need a "
                    + "transform rule");
        }
        if (!spec.httpVersions().equals(EnumSet.of(HttpVersion.HTTP_1_0, HttpVersion.HTTP_1_1, HttpVersion.HTTP_2))) {
            notes.add("httpVersions " + spec.httpVersions() + " are zone-wide settings on Cloudflare; not changed");
        }
        if (spec.priceClass() != PriceClass.ALL) {
            notes.add("priceClass " + spec.priceClass().wireName() + " is CloudFront only; Cloudflare serves from "
                    + "every location");
        }
        return notes;
    }

    private static String cacheNote(Duration ttl) {
        if (ttl.isZero()) {
            return "cacheTtl 0: a cache rule (phase " + CACHE_PHASE + ") bypasses the cache for the link hosts, so "
                    + "nothing is cached even where another rule of the zone caches everything";
        }
        return "cacheTtl " + ttl.toSeconds() + " s: a cache rule (phase " + CACHE_PHASE + ") makes the link hosts' "
                + "answers eligible for cache with an edge TTL of " + ttl.toSeconds() + " s overriding the origin's "
                + "headers; Cloudflare's lowest edge TTL depends on the zone's plan (Free 2 h, Pro 1 h, Business and "
                + "Enterprise 1 s), so a shorter TTL needs a Business or Enterprise zone";
    }
}
