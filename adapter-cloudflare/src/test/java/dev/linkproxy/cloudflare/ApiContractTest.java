package dev.linkproxy.cloudflare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The contract check run after every flow test catches what it must. */
class ApiContractTest {

    private final ApiContract contract = ApiContract.load();

    @Test
    void theRenderedBodiesPass() {
        String record = CloudflareRenderer.record("ablink.news.example.com", "sendgrid.net").toString();
        assertEquals(List.of(), contract.problems("POST", "/zones/023e105f4ecef8ad9ca31a8372d0c353/dns_records", record));
    }

    @Test
    void aWrongBodyIsCaught() {
        String bad = "{\"type\":\"CNAME\",\"name\":\"ablink.news.example.com\",\"content\":\"sendgrid.net\",\"ttl\":5}";
        List<String> problems = contract.problems("POST", "/zones/023e105f4ecef8ad9ca31a8372d0c353/dns_records", bad);
        assertFalse(problems.isEmpty(), "a TTL of 5 s is below Cloudflare's minimum of 30 (or 1 = automatic)");
        String badRule = "{\"rules\":[{\"expression\":\"(http.host eq \\\"a.example.com\\\")\",\"action\":\"set_config\","
                + "\"action_parameters\":{\"ssl\":\"very-strict\"}}]}";
        assertFalse(contract.problems("PUT", "/zones/023e105f4ecef8ad9ca31a8372d0c353/rulesets/phases/http_config_settings/entrypoint",
                badRule).isEmpty(), "ssl is an enum");
    }

    @Test
    void aMissingBodyIsCaught() {
        assertFalse(contract.problems("POST", "/zones/023e105f4ecef8ad9ca31a8372d0c353/ssl/certificate_packs/order", "").isEmpty());
    }

    @Test
    void anUnknownPathOrMethodIsCaught() {
        List<String> problems = contract.problems("GET", "/zones/023e105f4ecef8ad9ca31a8372d0c353/made_up", null);
        assertTrue(problems.get(0).contains("no such operation"), problems.toString());
        assertFalse(contract.problems("DELETE", "/zones/023e105f4ecef8ad9ca31a8372d0c353/dns_records", null).isEmpty());
    }

    @Test
    void bothRulesetPhasesLinkproxyWritesAreInThePhaseEnumAndOthersAreCaught() {
        String z = "/zones/023e105f4ecef8ad9ca31a8372d0c353/rulesets/phases/";
        String cacheRule = "{\"rules\":[" + CloudflareRenderer.cacheRule("a.example.com", java.time.Duration.ZERO) + "]}";
        assertEquals(List.of(), contract.problems("PUT", z + CloudflareRenderer.CACHE_PHASE + "/entrypoint", cacheRule));
        assertEquals(List.of(), contract.problems("GET", z + CloudflareRenderer.CONFIG_PHASE + "/entrypoint", null));
        List<String> problems = contract.problems("PUT", z + "http_cache_settings/entrypoint", cacheRule);
        assertTrue(problems.toString().contains("\"http_cache_settings\" is not one of"), problems.toString());
    }

    @Test
    void aCacheRuleWithoutTheRequiredStatusCodeListIsCaught() {
        String rule = "{\"rules\":[{\"expression\":\"(http.host eq \\\"a.example.com\\\")\",\"action\":\"set_cache_settings\","
                + "\"action_parameters\":{\"cache\":true,\"edge_ttl\":{\"mode\":\"override_origin\",\"default\":10}}}]}";
        assertFalse(contract.problems("PUT", "/zones/023e105f4ecef8ad9ca31a8372d0c353/rulesets/phases/"
                + CloudflareRenderer.CACHE_PHASE + "/entrypoint", rule).isEmpty(), "edge_ttl requires status_code_ttl");
    }

    @Test
    void literalSegmentsWinOverTemplates() {
        assertEquals("POST /zones/{zone_id}/ssl/certificate_packs/order",
                contract.operation("POST", "/zones/z/ssl/certificate_packs/order").orElseThrow());
        assertEquals("GET /zones/{zone_id}/ssl/certificate_packs/{certificate_pack_id}",
                contract.operation("GET", "/zones/z/ssl/certificate_packs/abc").orElseThrow());
    }

    @Test
    void theRecordedAnswersPassAndABrokenAnswerIsCaught() {
        String zones = "/zones";
        var zone = Payloads.item("zone-details-partial.json").put("name", "example.com");
        zone.putArray("name_servers").add("ada.ns.cloudflare.com").add("bob.ns.cloudflare.com");
        String good = "{\"success\":true,\"errors\":[],\"messages\":[],\"result\":[" + zone + "],"
                + "\"result_info\":{\"page\":1,\"per_page\":50,\"count\":1,\"total_count\":1,\"total_pages\":1}}";
        assertEquals(List.of(), contract.responseProblems("GET", zones, 200, good));
        String withoutRequired = good.replaceFirst(",\"name_servers\":\\[[^\\]]*\\]", "");
        assertFalse(contract.responseProblems("GET", zones, 200, withoutRequired).isEmpty(),
                "a zone without its required name_servers");
        String wrongType = good.replace("[\"ada.ns.cloudflare.com\",\"bob.ns.cloudflare.com\"]", "\"ada.ns.cloudflare.com\"");
        assertFalse(contract.responseProblems("GET", zones, 200, wrongType).isEmpty(), "name_servers is a list");
        String failure = "{\"success\":false,\"errors\":[{\"code\":10000,\"message\":\"Authentication error\"}],"
                + "\"messages\":[],\"result\":null}";
        assertEquals(List.of(), contract.responseProblems("GET", zones, 403, failure));
        assertFalse(contract.responseProblems("GET", zones, 403, failure.replace("\"success\":false",
                "\"success\":true")).isEmpty(), "a failure that claims success");
        assertFalse(contract.responseProblems("GET", zones, 200, "<html>").isEmpty(), "not JSON");
    }
}
