package dev.linkproxy.cloudflare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.linkproxy.cloudflare.CloudflareDiff.Live;
import dev.linkproxy.cloudflare.CloudflareDiff.Result;
import dev.linkproxy.cloudflare.CloudflareDiff.Zone;
import dev.linkproxy.core.CertificateSource;
import dev.linkproxy.core.LinkProxySpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The preflight's verdicts on what the client read, before any write: which set-ups, plans and entitlements pass, and
 * the words a person reads when one is refused. Pure: the live state is built from the recorded answers
 * ({@link Payloads}) and the wanted state from the renderer.
 */
class CloudflarePreflightTest {

    private static final String ZONE = "customer.com";
    private static final String LINK = "ablink.sub.customer.com";
    private static final LinkProxySpec MANAGED = LinkProxySpec.builder().linkDomains(LINK).certificate("managed").build();
    private static final LinkProxySpec PEM = MANAGED.toBuilder().certificate("pem:/tmp/c.pem,/tmp/k.pem").build();

    private static Zone zone(String type, boolean paused, String plan) {
        return new Zone("023e105f4ecef8ad9ca31a8372d0c353", ZONE, "active", type, paused, plan, "aaaaaaaaaaaaaaaaaaaaaaaa");
    }

    /** A zone with no rules and no certificate yet: the apply adds one rule per phase and orders (or uploads) one. */
    private static Live fresh(Zone zone, boolean advanced) {
        return new Live(zone, Map.of(), Optional.empty(), Optional.empty(),
                advanced ? Optional.of(Map.of()) : Optional.empty(), advanced ? null : "1.0", List.of(), advanced);
    }

    private static Result diff(LinkProxySpec spec, Live live) {
        return CloudflareDiff.diff(new CloudflareRenderer().render(spec, Optional.of(ZONE)).config(), live,
                !(spec.certificate() instanceof CertificateSource.Pem), false);
    }

    /** The recorded configuration ruleset holding {@code customerRules} rules of the customer's before ours. */
    private static Live withCustomerRules(Zone zone, int customerRules) {
        ObjectNode ruleset = Payloads.item("ruleset-set-config.json");
        ArrayNode rules = (ArrayNode) ruleset.path("rules");
        JsonNode recorded = rules.get(0);
        rules.removeAll();
        for (int i = 0; i < customerRules; i++) {
            rules.add(((ObjectNode) recorded.deepCopy()).put("id", "customer" + i).put("ref", "customer" + i));
        }
        return new Live(zone, Map.of(), Optional.of(ruleset), Optional.empty(), Optional.empty(), "1.0", List.of(), true);
    }

    @Test
    void aFullActiveProZoneWithAcmPassesAndEveryCheckIsListedInOrder() {
        Live live = fresh(zone("full", false, "pro"), true);
        CloudflarePreflight.Findings f = CloudflarePreflight.check(live, diff(MANAGED, live), false);
        assertTrue(f.passed());
        assertEquals(List.of(), f.refusals());
        assertEquals(List.of(
                "zone customer.com is a full set-up: Cloudflare serves its DNS records",
                "zone customer.com is not paused",
                "configuration rules: 1 of 25 in http_config_settings after apply",
                "cache rules: 1 of 25 in http_request_cache_settings after apply",
                "advanced certificate pack: Advanced Certificate Manager is active on the zone",
                "per-hostname minimum TLS: available (Advanced Certificate Manager)"), f.findings());
    }

    @Test
    void aPartialSetUpIsRefusedBecauseItsRecordsLiveElsewhere() {
        // zone-details-partial.json is Cloudflare's own answer for a CNAME set-up on the enterprise plan.
        ObjectNode recorded = Payloads.item("zone-details-partial.json");
        Zone partial = new Zone(recorded.path("id").asText(), ZONE, recorded.path("status").asText(),
                recorded.path("type").asText(), recorded.path("paused").asBoolean(),
                recorded.path("plan").path("legacy_id").asText(), recorded.path("account").path("id").asText());
        Live live = fresh(partial, true);
        CloudflarePreflight.Findings f = CloudflarePreflight.check(live, diff(MANAGED, live), false);
        assertFalse(f.passed());
        String refusal = "zone customer.com is a partial (CNAME) set-up: its records live at another DNS provider, so a "
                + "proxied record here would not be the link domain's; convert the zone to a full set-up, or put "
                + "CloudFront or Fastly in front instead";
        assertEquals(List.of(refusal), f.refusals());
        assertFalse(f.findings().stream().anyMatch(s -> s.contains("is a full set-up")), f.findings().toString());
        assertEquals("REFUSED: " + refusal, f.findings().get(f.findings().size() - 1));
        assertTrue(f.findings().contains("configuration rules: 1 of 300 in http_config_settings after apply"),
                f.findings().toString());
    }

    @Test
    void aSecondaryZoneIsRefusedToo() {
        // "secondary" is the third zone type of the API description (zones_type): Cloudflare only mirrors the records
        Live live = fresh(zone("secondary", false, "enterprise"), true);
        CloudflarePreflight.Findings f = CloudflarePreflight.check(live, diff(MANAGED, live), false);
        assertFalse(f.passed());
        assertEquals(1, f.refusals().size(), f.refusals().toString());
        assertTrue(f.refusals().get(0).startsWith("zone customer.com is a secondary DNS set-up: its records live at"
                + " another DNS provider"), f.refusals().get(0));
        assertFalse(f.refusals().get(0).contains("CNAME"), "a secondary zone is not a CNAME set-up: " + f.refusals());
    }

    @Test
    void aPausedZoneIsRefusedWithHowToResumeIt() {
        Live live = fresh(zone("full", true, "free"), true);
        CloudflarePreflight.Findings f = CloudflarePreflight.check(live, diff(MANAGED, live), false);
        assertEquals(List.of("zone customer.com is paused: Cloudflare passes its traffic straight to the origin without "
                + "TLS; resume it (Overview → Advanced actions → Resume Cloudflare) and run again"), f.refusals());
        assertFalse(f.findings().contains("zone customer.com is not paused"));
        assertTrue(f.findings().contains("zone customer.com is a full set-up: Cloudflare serves its DNS records"));
    }

    @Test
    void anUnknownOrMissingPlanHasNoRuleLimitButIsNotRefused() {
        for (String plan : new String[] {null, " ", "partners_free"}) {
            Live live = fresh(zone("full", false, plan), true);
            CloudflarePreflight.Findings f = CloudflarePreflight.check(live, diff(MANAGED, live), false);
            String shown = plan == null || plan.isBlank() ? "unknown" : plan;
            assertTrue(f.passed(), f.refusals().toString());
            assertTrue(f.findings().contains("configuration rules: 1 in http_config_settings after apply (plan " + shown
                    + ": limit unknown)"), f.findings().toString());
            assertTrue(f.findings().contains("cache rules: 1 in http_request_cache_settings after apply (plan " + shown
                    + ": limit unknown)"), f.findings().toString());
        }
    }

    @Test
    void thePlanIsMatchedWhateverItsCase() {
        Live live = fresh(zone("full", false, "Business"), true);
        CloudflarePreflight.Findings f = CloudflarePreflight.check(live, diff(PEM, live), true);
        assertTrue(f.passed(), f.refusals().toString());
        assertTrue(f.findings().contains("configuration rules: 1 of 50 in http_config_settings after apply"));
        assertTrue(f.findings().contains("custom certificate upload: allowed on the business plan"));
    }

    @Test
    void exactlyThePlansRuleLimitPassesAndOneMoreIsRefusedWithHowManyToRemove() {
        // nine of the customer's and ours make ten, the Free plan's limit
        Live atLimit = withCustomerRules(zone("full", false, "free"), 9);
        CloudflarePreflight.Findings ok = CloudflarePreflight.check(atLimit, diff(MANAGED, atLimit), false);
        assertTrue(ok.passed(), ok.refusals().toString());
        assertTrue(ok.findings().contains("configuration rules: 10 of 10 in http_config_settings after apply"),
                ok.findings().toString());

        Live over = withCustomerRules(zone("full", false, "free"), 11);
        CloudflarePreflight.Findings refused = CloudflarePreflight.check(over, diff(MANAGED, over), false);
        assertEquals(List.of("configuration rules: the apply would leave 12 rules in http_config_settings, over the free "
                + "plan's 10; remove 2 unused rule(s) or upgrade the plan"), refused.refusals());
        assertFalse(refused.findings().stream().anyMatch(s -> s.startsWith("configuration rules: 12 of")));
    }

    @Test
    void aPhaseWithNothingToAddIsNotCounted() {
        Live live = fresh(zone("full", false, "free"), true);
        Result diff = diff(MANAGED, live);
        Result nothingToAdd = new Result(diff.changes(), diff.notes(), diff.recordWrites(), null, null, diff.tlsHosts(),
                diff.certificateBody(), diff.pending(), diff.blocked(), diff.held());
        CloudflarePreflight.Findings f = CloudflarePreflight.check(live, nothingToAdd, false);
        assertTrue(f.findings().contains("configuration rules: nothing to add"), f.findings().toString());
        assertTrue(f.findings().contains("cache rules: nothing to add"), f.findings().toString());
    }

    @Test
    void aPemUploadNeedsTheBusinessOrEnterprisePlan() {
        for (String plan : List.of("free", "pro")) {
            Live live = fresh(zone("full", false, plan), false);
            CloudflarePreflight.Findings f = CloudflarePreflight.check(live, diff(PEM, live), true);
            assertEquals(List.of("a pem: certificate is uploaded as a custom certificate, which needs the Business or "
                    + "Enterprise plan; the zone is on " + plan + ": use certificate: managed (Advanced Certificate "
                    + "Manager) or upgrade the plan"), f.refusals());
        }
        for (String plan : List.of("business", "enterprise")) {
            Live live = fresh(zone("full", false, plan), false);
            CloudflarePreflight.Findings f = CloudflarePreflight.check(live, diff(PEM, live), true);
            assertTrue(f.passed(), f.refusals().toString());
            assertTrue(f.findings().contains("custom certificate upload: allowed on the " + plan + " plan"));
            // an upload is not an advanced pack: Advanced Certificate Manager is not asked for
            assertFalse(f.findings().stream().anyMatch(s -> s.contains("advanced certificate pack")), f.findings().toString());
        }
    }

    @Test
    void anAdvancedPackWithoutAcmIsRefusedNamingTheHostsUniversalSslMisses() {
        Live live = fresh(zone("full", false, "enterprise"), false);
        CloudflarePreflight.Findings f = CloudflarePreflight.check(live, diff(MANAGED, live), false);
        assertEquals(List.of("Universal SSL does not cover [\"customer.com\",\"ablink.sub.customer.com\"] and an advanced "
                + "certificate pack needs Advanced Certificate Manager, which the zone does not have: subscribe to it "
                + "(SSL/TLS → Edge Certificates), or use link domains one label under the zone"), f.refusals());
        assertTrue(f.findings().contains("per-hostname minimum TLS: needs Advanced Certificate Manager; the zone-wide "
                + "value 1.0 applies to the link domains"), f.findings().toString());
        assertFalse(f.findings().contains("custom certificate upload: allowed on the enterprise plan"));
    }

    @Test
    void aCoveredLinkDomainNeedsNoAcm() {
        ObjectNode universal = Payloads.item("certificate-pack-order.json");
        universal.put("type", "universal").put("status", "active");
        universal.putArray("hosts").add(ZONE).add("*.sub.customer.com");
        Live live = new Live(zone("full", false, "free"), Map.of(), Optional.empty(), Optional.empty(), Optional.empty(),
                "1.2", List.of(universal), false);
        CloudflarePreflight.Findings f = CloudflarePreflight.check(live, diff(MANAGED, live), false);
        assertTrue(f.passed(), f.refusals().toString());
        assertFalse(f.findings().stream().anyMatch(s -> s.contains("advanced certificate pack")), f.findings().toString());
    }

    @Test
    void everyRefusalIsAlsoListedLastAmongTheFindings() {
        Live live = fresh(zone("partial", true, "free"), false);
        CloudflarePreflight.Findings f = CloudflarePreflight.check(live, diff(PEM, live), true);
        assertEquals(3, f.refusals().size(), f.refusals().toString());
        List<String> tail = f.findings().subList(f.findings().size() - 3, f.findings().size());
        assertEquals(f.refusals().stream().map(r -> "REFUSED: " + r).toList(), tail);
        assertFalse(f.passed());
    }
}
