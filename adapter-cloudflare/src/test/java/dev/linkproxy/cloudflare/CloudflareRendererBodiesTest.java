package dev.linkproxy.cloudflare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.linkproxy.core.Forwarding;
import dev.linkproxy.core.HttpMethod;
import dev.linkproxy.core.HttpVersion;
import dev.linkproxy.core.InvalidSpecException;
import dev.linkproxy.core.LinkDomainHeader;
import dev.linkproxy.core.LinkProxySpec;
import dev.linkproxy.core.PriceClass;
import dev.linkproxy.core.TlsVersion;
import dev.linkproxy.core.ViewerProtocol;
import dev.linkproxy.core.spi.NativeConfig;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Every rendered body whole, for one link domain and several, and the notes a person reads for each spec setting
 * Cloudflare cannot (or only partly) honour: the complement of {@link CloudflareRendererTest}'s field checks.
 */
class CloudflareRendererBodiesTest {

    private static final String LINK = "ablink.sub.customer.com";
    private static final LinkProxySpec RUNBOOK = LinkProxySpec.builder().linkDomains(LINK).certificate("managed").build();

    private static NativeConfig render(LinkProxySpec spec) {
        return new CloudflareRenderer().render(spec);
    }

    private static List<String> notes(LinkProxySpec spec) {
        return render(spec).notes();
    }

    @Test
    void theRecordIsAProxiedCnameWithAutomaticTtlAndOurMarker() {
        assertEquals("{\"type\":\"CNAME\",\"name\":\"" + LINK + "\",\"content\":\"sendgrid.net\",\"proxied\":true,"
                + "\"ttl\":1,\"comment\":\"managed by linkproxy: click-tracking link domain\"}",
                render(RUNBOOK).at("/dns_records/0").toString());
    }

    @Test
    void theSslRuleIsWholeAndSaysWhyStrictCannotWork() {
        assertEquals("{\"ref\":\"linkproxy_ssl_ablink_sub_customer_com\",\"description\":\"linkproxy: SSL full for "
                + LINK + " (the ESP origin's certificate does not name the link domain, so strict cannot work)\","
                + "\"expression\":\"(http.host eq \\\"" + LINK + "\\\")\",\"action\":\"set_config\","
                + "\"action_parameters\":{\"ssl\":\"full\"},\"enabled\":true}",
                render(RUNBOOK).at("/config_rules/0").toString());
        assertEquals("linkproxy: SSL flexible for " + LINK + " (the ESP origin speaks HTTP only)",
                render(RUNBOOK.toBuilder().origin("mailgun").build()).at("/config_rules/0/description").asText());
    }

    @Test
    void theCacheRuleBypassesTheCacheWithoutATtl() {
        assertEquals("{\"ref\":\"linkproxy_cache_ablink_sub_customer_com\",\"description\":\"linkproxy: nothing cached "
                + "for " + LINK + " (tracked-link redirects must reach the ESP)\",\"expression\":\"(http.host eq \\\""
                + LINK + "\\\")\",\"action\":\"set_cache_settings\",\"action_parameters\":{\"cache\":false},"
                + "\"enabled\":true}", render(RUNBOOK).at("/cache_rules/0").toString());
    }

    @Test
    void theCacheRuleWithATtlOverridesTheOriginForEveryStatus() {
        JsonNode rule = render(RUNBOOK.toBuilder().cacheTtl(Duration.ofSeconds(3600)).build()).at("/cache_rules/0");
        assertEquals("linkproxy: edge TTL 3600 s for " + LINK + " (the ESP's recommended short TTL)",
                rule.path("description").asText());
        assertEquals("{\"cache\":true,\"edge_ttl\":{\"mode\":\"override_origin\",\"default\":3600,"
                + "\"status_code_ttl\":[]}}", rule.path("action_parameters").toString());
        assertTrue(rule.at("/action_parameters/edge_ttl/default").isInt(), "an int, as Cloudflare answers it back");
        assertTrue(rule.path("enabled").asBoolean());
    }

    @Test
    void everyLinkDomainGetsItsOwnRecordRulesAndTlsSettingInSpecOrder() {
        LinkProxySpec two = RUNBOOK.toBuilder().linkDomains(LINK, "click-2.sub.customer.com")
                .minViewerTls(TlsVersion.TLS_1_3).build();
        NativeConfig c = new CloudflareRenderer().render(two, Optional.of("customer.com"));
        assertEquals("click-2.sub.customer.com", c.at("/dns_records/1/name").asText());
        assertEquals("linkproxy_ssl_click_2_sub_customer_com", c.at("/config_rules/1/ref").asText(),
                "dots and dashes both become underscores");
        assertEquals("linkproxy_cache_click_2_sub_customer_com", c.at("/cache_rules/1/ref").asText());
        assertEquals("{\"setting_id\":\"min_tls_version\",\"hostname\":\"click-2.sub.customer.com\",\"value\":\"1.3\"}",
                c.at("/hostname_settings/1").toString());
        assertEquals(2, c.config().path("hostname_settings").size());
        assertEquals("{\"type\":\"advanced\",\"hosts\":[\"customer.com\",\"" + LINK + "\",\"click-2.sub.customer.com\"],"
                + "\"validation_method\":\"txt\",\"validity_days\":90,\"certificate_authority\":\"lets_encrypt\","
                + "\"cloudflare_branding\":false}", c.at("/certificate").toString());
    }

    @Test
    void offlineThePackHoldsTheLinkDomainsOnlyAndTheApexIsNotListedTwice() {
        assertEquals("[\"" + LINK + "\"]", render(RUNBOOK).at("/certificate/hosts").toString());
        LinkProxySpec apex = RUNBOOK.toBuilder().linkDomains("customer.com", LINK).build();
        assertEquals("[\"customer.com\",\"" + LINK + "\"]", new CloudflareRenderer().render(apex,
                Optional.of("customer.com")).at("/certificate/hosts").toString());
    }

    @Test
    void aPemCertificateIsDescribedByItsFilesOnly() {
        NativeConfig c = render(RUNBOOK.toBuilder().certificate("pem:/etc/link/c.pem,/etc/link/k.pem").build());
        assertEquals("{\"certificate\":\"<PEM read from /etc/link/c.pem at apply>\",\"private_key\":\"<PEM read from "
                + "/etc/link/k.pem at apply; never printed>\",\"bundle_method\":\"ubiquitous\",\"type\":\"sni_custom\"}",
                c.at("/certificate").toString());
        assertTrue(c.notes().contains("certificate pem: uploaded as an sni_custom certificate only when no custom "
                + "certificate covers the link domains (custom certificates need a Business or Enterprise plan)"));
        assertFalse(c.notes().stream().anyMatch(n -> n.startsWith("certificate managed")));
    }

    @Test
    void anAcmCertificateIsRefusedNamingWhatCloudflareAccepts() {
        InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> render(RUNBOOK.toBuilder()
                .certificate("acm:arn:aws:acm:us-east-1:123456789012:certificate/abc").build()));
        assertEquals(1, e.problems().size());
        String message = e.problems().get(0).message();
        assertTrue(message.endsWith("is an AWS Certificate Manager certificate, which only CloudFront can use; on "
                + "Cloudflare give \"managed\" (Universal SSL or an advanced certificate pack) or "
                + "\"pem:<certificate file>,<key file>\""), message);
        assertTrue(message.contains("arn:aws:acm:us-east-1:123456789012:certificate/abc"), message);
    }

    @Test
    void theRunbookSpecGetsOnlyTheNotesThatApplyToIt() {
        assertEquals(List.of(
                "certificate managed: Universal SSL covers the zone apex and first-level names; an advanced certificate "
                        + "pack (the certificate body) is ordered only for link domains it does not cover, with the zone "
                        + "apex added to hosts once the zone is known",
                "origin sendgrid.net: reached through the proxied CNAME; Cloudflare keeps the client's Host header, as "
                        + RUNBOOK.origin() + " expects",
                "originReadTimeout 30 s is not configured: Cloudflare waits 100 s for the origin (only Enterprise zones "
                        + "can change proxy_read_timeout)",
                "originKeepAlive 5 s is not configured: Cloudflare manages origin connections itself",
                "minOriginTls 1.2 is not configured: Cloudflare negotiates the origin's TLS version itself",
                "cacheTtl 0: a cache rule (phase http_request_cache_settings) bypasses the cache for the link hosts, so "
                        + "nothing is cached even where another rule of the zone caches everything",
                "ipv6 on is a zone-wide setting on Cloudflare; linkproxy leaves it as it is (zones answer over IPv6 by "
                        + "default)",
                "viewerProtocol http-and-https: answered both unless the zone-wide always_use_https is on, which turns "
                        + "http:// links into a redirect to https"), notes(RUNBOOK));
    }

    @Test
    void withTheZoneKnownTheManagedNoteNoLongerPromisesTheApex() {
        List<String> notes = new CloudflareRenderer().render(RUNBOOK, Optional.of("customer.com")).notes();
        assertEquals("certificate managed: Universal SSL covers the zone apex and first-level names; an advanced "
                + "certificate pack (the certificate body) is ordered only for link domains it does not cover", notes.get(0));
    }

    @Test
    void everySettingCloudflareDoesNotHonourIsNamedWithItsValue() {
        LinkProxySpec spec = RUNBOOK.toBuilder()
                .originReadTimeout(Duration.ofSeconds(60))
                .originKeepAlive(Duration.ofSeconds(15))
                .minOriginTls(TlsVersion.TLS_1_3)
                .cacheTtl(Duration.ofSeconds(7200))
                .ipv6(false)
                .viewerProtocol(ViewerProtocol.REDIRECT_TO_HTTPS)
                .methods(EnumSet.of(HttpMethod.GET, HttpMethod.HEAD))
                .forwarding(Forwarding.RUNBOOK)
                .linkDomainHeader(LinkDomainHeader.X_FORWARDED_HOST)
                .httpVersions(EnumSet.of(HttpVersion.HTTP_1_1, HttpVersion.HTTP_2, HttpVersion.HTTP_3))
                .priceClass(PriceClass.CLASS_100)
                .build();
        List<String> notes = notes(spec);
        for (String note : List.of(
                "originReadTimeout 60 s is not configured: Cloudflare waits 100 s for the origin (only Enterprise zones "
                        + "can change proxy_read_timeout)",
                "originKeepAlive 15 s is not configured: Cloudflare manages origin connections itself",
                "minOriginTls 1.3 is not configured: Cloudflare negotiates the origin's TLS version itself",
                "cacheTtl 7200 s: a cache rule (phase http_request_cache_settings) makes the link hosts' answers "
                        + "eligible for cache with an edge TTL of 7200 s overriding the origin's headers; Cloudflare's "
                        + "lowest edge TTL depends on the zone's plan (Free 2 h, Pro 1 h, Business and Enterprise 1 s), "
                        + "so a shorter TTL needs a Business or Enterprise zone",
                "ipv6 off is a zone-wide setting on Cloudflare; linkproxy leaves it as it is (zones answer over IPv6 by "
                        + "default)",
                "viewerProtocol redirect-to-https is not configured: it would need a redirect rule; HTTP and HTTPS are "
                        + "both answered",
                "methods: Cloudflare forwards every method; the restricted list " + spec.methods() + " is not enforced",
                "forwarding runbook has no meaning on Cloudflare, which forwards every header, cookie and query string",
                "linkDomainHeader x-forwarded-host is not configured: Cloudflare keeps the client's Host header (what "
                        + "SparkPost's Cloudflare guide asks for); adding X-Forwarded-Host would need a transform rule",
                "httpVersions " + spec.httpVersions() + " are zone-wide settings on Cloudflare; not changed",
                "priceClass 100 is CloudFront only; Cloudflare serves from every location")) {
            assertTrue(notes.contains(note), note + " in " + notes);
        }
        assertFalse(notes.stream().anyMatch(n -> n.startsWith("viewerProtocol http-and-https")), notes.toString());
    }
}
