package dev.linkproxy.cloudflare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.linkproxy.core.InvalidSpecException;
import dev.linkproxy.core.LinkProxySpec;
import dev.linkproxy.core.spi.NativeConfig;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The runbook spec rendered for Cloudflare, field by field, and every body valid against Cloudflare's schemas. */
class CloudflareRendererTest {

    private static final LinkProxySpec RUNBOOK = LinkProxySpec.builder()
            .linkDomains("ablink.sub.customer.com").certificate("managed").build();

    private final CloudflareProvider provider = new CloudflareProvider();

    @Test
    void theRunbookSpecRendersAProxiedCnameAnSslFullRuleAndTls12() {
        NativeConfig c = provider.render(RUNBOOK);
        assertEquals("cloudflare", c.provider());
        assertEquals(List.of("dns_records", "config_rules", "cache_rules", "hostname_settings", "certificate"),
                List.copyOf(iterable(c.config().fieldNames())));
        assertEquals("CNAME", c.at("/dns_records/0/type").asText());
        assertEquals("ablink.sub.customer.com", c.at("/dns_records/0/name").asText());
        assertEquals("sendgrid.net", c.at("/dns_records/0/content").asText());
        assertTrue(c.at("/dns_records/0/proxied").asBoolean());
        assertEquals(1, c.at("/dns_records/0/ttl").asInt());
        assertTrue(c.at("/dns_records/0/comment").asText().contains("linkproxy"));
        assertEquals("(http.host eq \"ablink.sub.customer.com\")", c.at("/config_rules/0/expression").asText());
        assertEquals("set_config", c.at("/config_rules/0/action").asText());
        assertEquals("full", c.at("/config_rules/0/action_parameters/ssl").asText());
        assertEquals("linkproxy_ssl_ablink_sub_customer_com", c.at("/config_rules/0/ref").asText());
        assertEquals("1.2", c.at("/hostname_settings/0/value").asText());
        assertEquals("advanced", c.at("/certificate/type").asText());
        assertEquals("set_cache_settings", c.at("/cache_rules/0/action").asText());
        assertEquals("(http.host eq \"ablink.sub.customer.com\")", c.at("/cache_rules/0/expression").asText());
        assertEquals("linkproxy_cache_ablink_sub_customer_com", c.at("/cache_rules/0/ref").asText());
        assertEquals("{\"cache\":false}", c.at("/cache_rules/0/action_parameters").toString(), "runbook: nothing cached");
    }

    @Test
    void aPresetTtlRendersAnEdgeTtlOverride() {
        NativeConfig c = provider.render(RUNBOOK.toBuilder().origin("sparkpost").build());
        assertTrue(c.at("/cache_rules/0/action_parameters/cache").asBoolean());
        assertEquals("override_origin", c.at("/cache_rules/0/action_parameters/edge_ttl/mode").asText());
        assertEquals(10, c.at("/cache_rules/0/action_parameters/edge_ttl/default").asInt());
        assertTrue(c.notes().stream().anyMatch(n -> n.startsWith("cacheTtl 10 s: a cache rule")), c.notes().toString());
        assertTrue(provider.render(RUNBOOK).notes().stream().anyMatch(n -> n.startsWith("cacheTtl 0: a cache rule")));
    }

    @Test
    void withTheZoneKnownThePackHostsStartWithTheApex() {
        NativeConfig c = new CloudflareRenderer().render(RUNBOOK, Optional.of("customer.com"));
        assertEquals("[\"customer.com\",\"ablink.sub.customer.com\"]", c.at("/certificate/hosts").toString());
    }

    @Test
    void everyRenderedBodyValidatesAgainstCloudflaresSchemas() {
        ApiContract contract = ApiContract.load();
        NativeConfig c = new CloudflareRenderer().render(RUNBOOK, Optional.of("customer.com"));
        String z = "/zones/023e105f4ecef8ad9ca31a8372d0c353";
        assertEquals(List.of(), contract.problems("POST", z + "/dns_records", c.at("/dns_records/0").toString()));
        assertEquals(List.of(), contract.problems("PUT", z + "/rulesets/phases/http_config_settings/entrypoint",
                "{\"rules\":[" + c.at("/config_rules/0") + "]}"));
        assertEquals(List.of(), contract.problems("PUT", z + "/rulesets/phases/http_request_cache_settings/entrypoint",
                "{\"rules\":[" + c.at("/cache_rules/0") + "]}"));
        NativeConfig ttl = new CloudflareRenderer().render(RUNBOOK.toBuilder().cacheTtl(java.time.Duration.ofSeconds(10)).build(),
                Optional.of("customer.com"));
        assertEquals(List.of(), contract.problems("PUT", z + "/rulesets/phases/http_request_cache_settings/entrypoint",
                "{\"rules\":[" + ttl.at("/cache_rules/0") + "]}"));
        assertEquals(List.of(), contract.problems("PUT", z + "/hostnames/settings/min_tls_version/ablink.sub.customer.com",
                "{\"value\":" + c.at("/hostname_settings/0/value") + "}"));
        assertEquals(List.of(), contract.problems("POST", z + "/ssl/certificate_packs/order", c.at("/certificate").toString()));
        NativeConfig pem = provider.render(RUNBOOK.toBuilder().certificate("pem:/tmp/c.pem,/tmp/k.pem").build());
        assertEquals(List.of(), contract.problems("POST", z + "/custom_certificates", pem.at("/certificate").toString()));
    }

    @Test
    void aPemRenderNamesTheFilesButHoldsNoKey() {
        NativeConfig c = provider.render(RUNBOOK.toBuilder().certificate("pem:/tmp/c.pem,/tmp/k.pem").build());
        assertEquals("sni_custom", c.at("/certificate/type").asText());
        assertTrue(c.at("/certificate/private_key").asText().contains("never printed"));
    }

    @Test
    void anHttpOnlyOriginGetsFlexible() {
        NativeConfig c = provider.render(RUNBOOK.toBuilder().origin("mailgun").build());
        assertEquals("flexible", c.at("/config_rules/0/action_parameters/ssl").asText());
    }

    @Test
    void acmIsASpecProblemOnCloudflare() {
        InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> provider.render(RUNBOOK.toBuilder()
                .certificate("acm:arn:aws:acm:us-east-1:123456789012:certificate/abc").build()));
        assertEquals("certificate", e.problems().get(0).path());
    }

    @Test
    void settingsWithoutMeaningHereAreNamedInTheNotes() {
        NativeConfig c = provider.render(RUNBOOK.toBuilder().priceClass(dev.linkproxy.core.PriceClass.CLASS_100).build());
        for (String field : List.of("originReadTimeout", "originKeepAlive", "cacheTtl", "ipv6", "priceClass", "minOriginTls")) {
            assertTrue(c.notes().stream().anyMatch(n -> n.contains(field)), field + " in " + c.notes());
        }
        assertFalse(c.toJsonText().contains("PRIVATE KEY"));
    }

    @Test
    void theAddressRangesAreBundledWithTheirSource() {
        assertEquals(22, CloudflareAddressRanges.all().size());
        assertEquals("173.245.48.0/20", CloudflareAddressRanges.all().get(0));
        assertTrue(CloudflareAddressRanges.all().contains("2a06:98c0::/29"));
    }

    @Test
    void theProviderDescribesItsSettings() {
        assertEquals(List.of("apiToken", "replaceExistingRecords", "certificatePollSeconds"),
                provider.settings().stream().map(s -> s.name()).toList());
        assertEquals(Optional.of("CLOUDFLARE_API_TOKEN"), provider.settings().get(0).envVar());
        assertTrue(provider.settings().get(0).secret());
    }

    private static <T> List<T> iterable(java.util.Iterator<T> it) {
        List<T> out = new java.util.ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
