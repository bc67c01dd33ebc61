package dev.linkproxy.cloudflare;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.linkproxy.cloudflare.CloudflareDiff.Live;
import dev.linkproxy.cloudflare.CloudflareDiff.Result;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What must hold before the first write, checked on what the client already read, so that a refusal writes nothing:
 * the zone is Cloudflare's DNS (a {@code full} set-up) and not paused; the plan allows the rules the apply would
 * leave in each phase; a {@code pem:} upload has the Business or Enterprise entitlement; an advanced certificate
 * pack has Advanced Certificate Manager. Pure.
 */
final class CloudflarePreflight {

    /**
     * Rules per phase entrypoint by plan: Free 10, Pro 25, Business 50, Enterprise 300 (Cloudflare docs,
     * "Rules → Configuration Rules → Availability" and "Cache Rules → Availability").
     */
    static final Map<String, Integer> RULES_PER_PHASE = Map.of("free", 10, "pro", 25, "business", 50, "enterprise", 300);

    /**
     * The outcome.
     *
     * @param findings  every check and its result, in plan order
     * @param refusals  the checks that failed; apply writes nothing while there is one
     */
    record Findings(List<String> findings, List<String> refusals) {
        boolean passed() {
            return refusals.isEmpty();
        }
    }

    private CloudflarePreflight() {
    }

    static Findings check(Live live, Result diff, boolean pemUpload) {
        List<String> findings = new ArrayList<>();
        List<String> refusals = new ArrayList<>();
        CloudflareDiff.Zone zone = live.zone();
        String plan = zone.plan() == null || zone.plan().isBlank() ? "unknown" : zone.plan().toLowerCase(Locale.ROOT);

        if ("full".equals(zone.type())) {
            findings.add("zone " + zone.name() + " is a full set-up: Cloudflare serves its DNS records");
        } else {
            String setUp = switch (zone.type()) {
                case "partial" -> "partial (CNAME)";
                case "secondary" -> "secondary DNS"; // its records come by zone transfer from the primary provider
                default -> zone.type();
            };
            refusals.add("zone " + zone.name() + " is a " + setUp + " set-up: its records live at "
                    + "another DNS provider, so a proxied record here would not be the link domain's; convert the "
                    + "zone to a full set-up, or put CloudFront or Fastly in front instead");
        }
        if (zone.paused()) {
            refusals.add("zone " + zone.name() + " is paused: Cloudflare passes its traffic straight to the origin "
                    + "without TLS; resume it (Overview → Advanced actions → Resume Cloudflare) and run again");
        } else {
            findings.add("zone " + zone.name() + " is not paused");
        }
        Integer limit = RULES_PER_PHASE.get(plan);
        rules(diff.entrypointBody(), "configuration", CloudflareRenderer.CONFIG_PHASE, limit, plan, findings, refusals);
        rules(diff.cacheEntrypointBody(), "cache", CloudflareRenderer.CACHE_PHASE, limit, plan, findings, refusals);

        if (pemUpload) {
            if ("business".equals(plan) || "enterprise".equals(plan)) {
                findings.add("custom certificate upload: allowed on the " + plan + " plan");
            } else {
                refusals.add("a pem: certificate is uploaded as a custom certificate, which needs the Business or "
                        + "Enterprise plan; the zone is on " + plan + ": use certificate: managed (Advanced "
                        + "Certificate Manager) or upgrade the plan");
            }
        }
        if (!pemUpload && diff.certificateBody() != null) {
            if (live.advancedCertificates()) {
                findings.add("advanced certificate pack: Advanced Certificate Manager is active on the zone");
            } else {
                refusals.add("Universal SSL does not cover " + hosts(diff.certificateBody()) + " and an advanced "
                        + "certificate pack needs Advanced Certificate Manager, which the zone does not have: "
                        + "subscribe to it (SSL/TLS → Edge Certificates), or use link domains one label under the zone");
            }
        }
        findings.add(live.advancedCertificates()
                ? "per-hostname minimum TLS: available (Advanced Certificate Manager)"
                : "per-hostname minimum TLS: needs Advanced Certificate Manager; the zone-wide value "
                + live.zoneMinTls() + " applies to the link domains");
        refusals.forEach(r -> findings.add("REFUSED: " + r));
        return new Findings(List.copyOf(findings), List.copyOf(refusals));
    }

    private static void rules(ObjectNode body, String kind, String phase, Integer limit, String plan,
                              List<String> findings, List<String> refusals) {
        if (body == null) {
            findings.add(kind + " rules: nothing to add");
            return;
        }
        int after = body.path("rules").size();
        if (limit == null) {
            findings.add(kind + " rules: " + after + " in " + phase + " after apply (plan " + plan
                    + ": limit unknown)");
        } else if (after > limit) {
            refusals.add(kind + " rules: the apply would leave " + after + " rules in " + phase + ", over the "
                    + plan + " plan's " + limit + "; remove " + (after - limit) + " unused rule(s) or upgrade the plan");
        } else {
            findings.add(kind + " rules: " + after + " of " + limit + " in " + phase + " after apply");
        }
    }

    private static String hosts(ObjectNode certificate) {
        return certificate.path("hosts").toString();
    }
}
