package dev.linkproxy.cloudflare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small stateful Cloudflare account behind WireMock: zones, DNS records, the http_config_settings and
 * http_request_cache_settings entrypoints,
 * per-hostname TLS settings, certificate packs and custom certificates, answering in Cloudflare's envelope. Only what
 * the adapter calls; it checks nothing the contract check does not (that runs separately on the journal).
 */
final class FakeCloudflare implements ResponseDefinitionTransformerV2 {

    static final String NAME = "fake-cloudflare";
    static final String PREFIX = "/client/v4";
    private static final ObjectMapper JSON = new ObjectMapper();

    final List<ObjectNode> zones = new ArrayList<>();
    final Map<String, ObjectNode> records = new LinkedHashMap<>();
    /** Entrypoint rulesets by phase ({@code http_config_settings}, {@code http_request_cache_settings}). */
    final Map<String, ObjectNode> entrypoints = new TreeMap<>();
    final Map<String, String> hostnameTls = new TreeMap<>();
    boolean perHostnameTlsUnavailable;
    String zoneMinTls = "1.0";
    final List<ObjectNode> packs = new ArrayList<>();
    final List<ObjectNode> customCertificates = new ArrayList<>();
    String tokenStatus = "active";
    /** The token is account-owned: the user endpoint does not know it (401, code 1000). */
    boolean accountToken;
    /** The token is unknown to Cloudflare altogether. */
    boolean unknownToken;
    /** One token Cloudflare refuses on zone calls (403, code 10000), beside the one the tests use. */
    String rejectedToken;
    /** Advanced Certificate Manager: advanced packs allowed (quota {@code advanced.allocated}). */
    int advancedAllocated = 1;
    /** The account every zone belongs to (as in the recorded zone). */
    static final String ACCOUNT_ID = "aaaaaaaaaaaaaaaaaaaaaaaa";
    /** Looks at a pending certificate before it turns active. */
    int pollsUntilActive = 1;
    private int nextId = 1;

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    // ---- setting the account up ----

    FakeCloudflare zone(String name) {
        return zone(name, "business", "full", false);
    }

    /** A zone from the recorded zone details, with the plan's {@code legacy_id}, its set-up type and pause. */
    FakeCloudflare zone(String name, String plan, String type, boolean paused) {
        ObjectNode z = Payloads.item("zone-details-partial.json").put("id", id()).put("name", name)
                .put("status", "active").put("type", type).put("paused", paused);
        if (!"partial".equals(type)) {
            z.remove("verification_key"); // only a partial (CNAME) set-up has one
        }
        ((ObjectNode) z.path("plan")).put("legacy_id", plan)
                .put("name", plan.substring(0, 1).toUpperCase(java.util.Locale.ROOT) + plan.substring(1) + " Website");
        ((ObjectNode) z.path("account")).put("id", ACCOUNT_ID);
        // The 2019 recording predates the field; the description requires it. Cloudflare's own two name servers.
        z.putArray("name_servers").add("ada.ns.cloudflare.com").add("bob.ns.cloudflare.com");
        zones.add(z);
        // Every zone starts with its Universal SSL pack: apex and first-level names.
        ObjectNode pack = JSON.createObjectNode().put("id", id()).put("type", "universal").put("status", "active");
        pack.putArray("hosts").add(name).add("*." + name);
        packs.add(pack);
        return this;
    }

    String zoneId(String name) {
        return zones.stream().filter(z -> z.path("name").asText().equals(name)).findFirst().orElseThrow()
                .path("id").asText();
    }

    ObjectNode record(String type, String name, String content, boolean proxied, String comment) {
        return record(type, name, content, proxied, proxied ? 1 : 3600, comment);
    }

    ObjectNode record(String type, String name, String content, boolean proxied, long ttl, String comment) {
        ObjectNode body = JSON.createObjectNode().put("type", type).put("name", name).put("content", content)
                .put("proxied", proxied).put("ttl", ttl);
        if (comment != null) {
            body.put("comment", comment);
        }
        ObjectNode r = fromRecordedRecord(body, id());
        records.put(r.path("id").asText(), r);
        return r;
    }

    ObjectNode rule(String expression, String ssl) {
        ObjectNode r = JSON.createObjectNode().put("id", id()).put("version", "1")
                .put("action", "set_config").put("expression", expression).put("description", "customer rule")
                .put("last_updated", "2025-01-02T03:04:05.123456Z").put("enabled", true);
        r.putObject("action_parameters").put("ssl", ssl);
        return addRule("http_config_settings", r);
    }

    /** A customer's cache rule: "cache everything" for {@code expression}, with an edge TTL of {@code ttl} seconds. */
    ObjectNode cacheRule(String expression, int ttl) {
        ObjectNode r = JSON.createObjectNode().put("id", id()).put("version", "2")
                .put("action", "set_cache_settings").put("expression", expression).put("description", "cache everything")
                .put("last_updated", "2025-02-03T04:05:06.654321Z").put("enabled", true);
        ObjectNode p = r.putObject("action_parameters").put("cache", true);
        ObjectNode edge = p.putObject("edge_ttl").put("mode", "override_origin").put("default", ttl);
        edge.putArray("status_code_ttl").addObject().put("status_code_value", 404).put("value", 30);
        p.putObject("browser_ttl").put("mode", "respect_origin");
        return addRule("http_request_cache_settings", r);
    }

    private ObjectNode addRule(String phase, ObjectNode rule) {
        ObjectNode e = entrypoints.computeIfAbsent(phase, p -> {
            ObjectNode created = newEntrypoint(p).put("version", "3");
            created.putArray("rules");
            return created;
        });
        ((ArrayNode) e.get("rules")).add(rule);
        return rule;
    }

    /** An active custom certificate for {@code host}, as recorded (cloudflare-go's custom certificate payload). */
    ObjectNode customCertificate(String zoneId, String host) {
        ObjectNode c = Payloads.item("custom-certificate-create.json").put("id", id()).put("zone_id", zoneId);
        c.remove("geo_restrictions");
        c.putArray("hosts").add(host);
        customCertificates.add(c);
        return c;
    }

    /** A zone entrypoint ruleset as recorded (cloudflare-go's set_config ruleset), named as the dashboard names it. */
    private ObjectNode newEntrypoint(String phase) {
        ObjectNode e = Payloads.item("ruleset-set-config.json").put("id", id()).put("name", "default")
                .put("phase", phase).put("version", "1");
        e.remove("description");
        e.remove("rules");
        return e;
    }

    ObjectNode entrypoint(String phase) {
        return entrypoints.get(phase);
    }

    List<ObjectNode> recordsNamed(String name) {
        return records.values().stream().filter(r -> r.path("name").asText().equals(name)).toList();
    }

    /** The recorded record with the written fields in it (Cloudflare echoes what was written, and adds the rest). */
    private static ObjectNode fromRecordedRecord(JsonNode written, String id) {
        ObjectNode r = Payloads.item("dns-record-create.json").put("id", id);
        r.remove("comment");
        written.properties().forEach(e -> r.set(e.getKey(), e.getValue()));
        return r;
    }

    private String id() {
        return String.format("%032x", nextId++);
    }

    // ---- answering ----

    private static final Pattern ZONE = Pattern.compile("/zones/([0-9a-f]{32})(/.*)?");

    @Override
    public ResponseDefinition transform(ServeEvent event) {
        synchronized (this) {
            Request req = event.getRequest();
            String method = req.getMethod().getName();
            String path = req.getUrl().replaceFirst("\\?.*", "").substring(PREFIX.length());
            JsonNode body = null;
            try {
                body = req.getBodyAsString().isEmpty() ? null : JSON.readTree(req.getBodyAsString());
            } catch (Exception e) {
                return error(400, 6007, "Malformed JSON in request body");
            }
            if (!req.containsHeader("Authorization") || !req.getHeader("Authorization").startsWith("Bearer ")) {
                return error(400, 6003, "Invalid request headers");
            }
            if (path.equals("/user/tokens/verify") && method.equals("GET")) {
                if (accountToken || unknownToken) {
                    return error(401, 1000, "Invalid API Token");
                }
                return ok(Payloads.item("user-tokens-verify.json").put("status", tokenStatus));
            }
            if (path.equals("/accounts/" + ACCOUNT_ID + "/tokens/verify") && method.equals("GET")) {
                if (!accountToken) {
                    return error(401, 1000, "Invalid API Token");
                }
                return ok(Payloads.item("user-tokens-verify.json").put("status", tokenStatus));
            }
            if (unknownToken) {
                return error(401, 1000, "Invalid API Token");
            }
            if (rejectedToken != null && req.getHeader("Authorization").equals("Bearer " + rejectedToken)) {
                return error(403, 10000, "Authentication error");
            }
            if (path.equals("/zones") && method.equals("GET")) {
                return page(new ArrayList<>(zones), req);
            }
            Matcher m = ZONE.matcher(path);
            if (!m.matches()) {
                return error(404, 7000, "No route for that URI");
            }
            String zoneId = m.group(1);
            String rest = m.group(2) == null ? "" : m.group(2);
            return zoneCall(method, zoneId, rest, body, req);
        }
    }

    private ResponseDefinition zoneCall(String method, String zoneId, String rest, JsonNode body, Request req) {
        String key = method + " " + rest.replaceAll("/[0-9a-f]{32}", "/{id}");
        if (method.equals("PUT") && rest.startsWith("/hostnames/settings/min_tls_version/")) {
            if (perHostnameTlsUnavailable || advancedAllocated == 0) {
                return error(403, 10000, "Authentication error");
            }
            String host = last(rest);
            hostnameTls.put(host, body.path("value").asText());
            return ok(Payloads.item("hostname-tls-min-update.json").put("hostname", host)
                    .put("value", body.path("value").asText()));
        }
        if (method.equals("GET") && rest.equals("/ssl/certificate_packs/quota")) {
            long used = packs.stream().filter(p -> "advanced".equals(p.path("type").asText())).count();
            ObjectNode quota = JSON.createObjectNode();
            quota.putObject("advanced").put("allocated", advancedAllocated).put("used", used);
            return ok(quota);
        }
        switch (key) {
            case "GET /dns_records": {
                String name = req.queryParameter("name").isPresent() ? req.queryParameter("name").firstValue() : null;
                List<ObjectNode> list = records.values().stream()
                        .filter(r -> name == null || r.path("name").asText().equalsIgnoreCase(name)).toList();
                return page(new ArrayList<>(list), req);
            }
            case "POST /dns_records": {
                String name = body.path("name").asText();
                String type = body.path("type").asText();
                List<ObjectNode> named = recordsNamed(name);
                if (named.stream().anyMatch(r -> r.path("type").asText().equals("CNAME"))
                        || (type.equals("CNAME") && !named.isEmpty())) {
                    return error(400, 81053, "An A, AAAA, or CNAME record with that host already exists.");
                }
                if (named.stream().anyMatch(r -> r.path("type").asText().equals(type)
                        && r.path("content").asText().equals(body.path("content").asText()))) {
                    return error(400, 81057, "The record already exists.");
                }
                ObjectNode r = fromRecordedRecord(body, id());
                records.put(r.path("id").asText(), r);
                return ok(r);
            }
            case "PATCH /dns_records/{id}":
            case "PUT /dns_records/{id}": {
                String id = last(rest);
                ObjectNode r = records.get(id);
                if (r == null) {
                    return error(404, 81044, "Record does not exist.");
                }
                ObjectNode updated = method.equals("PUT") ? fromRecordedRecord(body, id) : r;
                body.properties().forEach(e -> updated.set(e.getKey(), e.getValue()));
                records.put(id, updated);
                return ok(updated);
            }
            case "GET /dns_records/{id}": {
                ObjectNode r = records.get(last(rest));
                return r == null ? error(404, 81044, "Record does not exist.") : ok(r);
            }
            case "DELETE /dns_records/{id}": {
                records.remove(last(rest));
                return ok(JSON.createObjectNode().put("id", last(rest)));
            }
            case "GET /rulesets/phases/http_config_settings/entrypoint":
            case "GET /rulesets/phases/http_request_cache_settings/entrypoint": {
                String phase = rest.split("/")[3];
                ObjectNode entrypoint = entrypoints.get(phase);
                return entrypoint == null ? error(404, 10003, "could not find entrypoint ruleset in the " + phase + " phase")
                        : ok(entrypoint);
            }
            case "PUT /rulesets/phases/http_config_settings/entrypoint":
            case "PUT /rulesets/phases/http_request_cache_settings/entrypoint": {
                String phase = rest.split("/")[3];
                int limit = CloudflarePreflight.RULES_PER_PHASE.getOrDefault(planOf(zoneId), 10);
                if (body.path("rules").size() > limit) {
                    return error(400, 20217, "exceeded maximum number of rules in phase " + phase + " (" + limit + ")");
                }
                ObjectNode entrypoint = entrypoints.get(phase);
                ObjectNode next = entrypoint == null
                        ? newEntrypoint(phase)
                        : entrypoint.deepCopy().put("version", Integer.toString(entrypoint.path("version").asInt(1) + 1));
                ArrayNode rules = next.putArray("rules");
                for (JsonNode r : body.path("rules")) {
                    ObjectNode copy = (ObjectNode) r.deepCopy();
                    if (!copy.has("id")) {
                        copy.put("id", id());
                        copy.put("version", "1");
                    }
                    rules.add(copy);
                }
                entrypoints.put(phase, next);
                return ok(next);
            }
            case "GET /hostnames/settings/min_tls_version": {
                if (perHostnameTlsUnavailable || advancedAllocated == 0) {
                    return error(403, 10000, "Authentication error");
                }
                List<JsonNode> list = new ArrayList<>();
                hostnameTls.forEach((h, v) -> list.add(Payloads.item("hostname-tls-min-list.json").put("hostname", h)
                        .put("value", v)));
                return page(list, req, 50);
            }
            case "GET /settings/min_tls_version":
                return ok(JSON.createObjectNode().put("id", "min_tls_version").put("value", zoneMinTls).put("editable", true));
            case "GET /ssl/certificate_packs":
                return ok(JSON.valueToTree(packs));
            case "POST /ssl/certificate_packs/order": {
                if (advancedAllocated == 0) {
                    return error(403, 10000, "Authentication error");
                }
                // As recorded: a new pack is "initializing", and only later "pending_validation" with its records.
                ObjectNode p = Payloads.item("certificate-pack-order.json").put("id", id());
                body.properties().forEach(e -> p.set(e.getKey(), e.getValue()));
                p.put("status", "initializing");
                packs.add(p);
                return ok(p);
            }
            case "GET /custom_certificates":
                return page(new ArrayList<>(customCertificates), req);
            case "POST /custom_certificates": {
                ObjectNode c = Payloads.item("custom-certificate-create.json").put("id", id()).put("status", "pending")
                        .put("zone_id", zoneId).put("bundle_method", body.path("bundle_method").asText())
                        .put("type", body.path("type").asText());
                c.remove("geo_restrictions");
                c.set("hosts", JSON.valueToTree(pemHosts.length > 0 ? List.of(pemHosts) : sans(body.path("certificate").asText())));
                customCertificates.add(c);
                return ok(c);
            }
            default:
                if (key.equals("GET /ssl/certificate_packs/{id}") || key.equals("GET /custom_certificates/{id}")) {
                    List<ObjectNode> list = key.contains("packs") ? packs : customCertificates;
                    ObjectNode c = list.stream().filter(x -> x.path("id").asText().equals(last(rest))).findFirst().orElse(null);
                    if (c == null) {
                        return error(404, 1404, "Certificate not found");
                    }
                    if ("initializing".equals(c.path("status").asText())) {
                        c.put("status", "pending_validation");
                        c.putArray("validation_records").addObject()
                                .put("txt_name", "_acme-challenge." + c.path("hosts").get(c.path("hosts").size() - 1).asText())
                                .put("txt_value", "txt-token-1").put("status", "pending");
                    }
                    if (!"active".equals(c.path("status").asText()) && --pollsUntilActive <= 0) {
                        c.put("status", "active");
                        c.remove("validation_records");
                    }
                    return ok(c);
                }
                return error(404, 7003, "Could not route to " + rest + ", perhaps your object identifier is invalid?");
        }
    }

    /** The host names the fake pretends an uploaded certificate names; empty: those the certificate names. */
    String[] pemHosts = new String[0];

    /** The DNS names of an uploaded PEM certificate, as Cloudflare lists them in {@code hosts}. */
    private static List<String> sans(String pem) {
        try {
            var cert = (java.security.cert.X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCertificate(new java.io.ByteArrayInputStream(pem.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
            List<String> names = new ArrayList<>();
            if (cert.getSubjectAlternativeNames() != null) {
                cert.getSubjectAlternativeNames().stream().filter(s -> Integer.valueOf(2).equals(s.get(0)))
                        .forEach(s -> names.add(s.get(1).toString()));
            }
            return names;
        } catch (java.security.cert.CertificateException e) {
            return List.of();
        }
    }

    private String planOf(String zoneId) {
        return zones.stream().filter(z -> z.path("id").asText().equals(zoneId)).findFirst()
                .map(z -> z.path("plan").path("legacy_id").asText()).orElse("free");
    }

    private static String last(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static ResponseDefinition page(List<JsonNode> all, Request req) {
        return page(all, req, Integer.MAX_VALUE);
    }

    /** One page; {@code maxPerPage} is the most the endpoint gives whatever {@code per_page} asks. */
    private static ResponseDefinition page(List<JsonNode> all, Request req, int maxPerPage) {
        int page = req.queryParameter("page").isPresent() ? Integer.parseInt(req.queryParameter("page").firstValue()) : 1;
        int per = Math.min(maxPerPage,
                req.queryParameter("per_page").isPresent() ? Integer.parseInt(req.queryParameter("per_page").firstValue()) : 20);
        List<JsonNode> slice = all.subList(Math.min(all.size(), (page - 1) * per), Math.min(all.size(), page * per));
        ObjectNode env = envelope(JSON.valueToTree(slice));
        env.putObject("result_info").put("page", page).put("per_page", per).put("count", slice.size())
                .put("total_count", all.size()).put("total_pages", Math.max(1, (all.size() + per - 1) / per));
        return json(200, env);
    }

    private static ResponseDefinition ok(JsonNode result) {
        return json(200, envelope(result));
    }

    static ObjectNode envelope(JsonNode result) {
        ObjectNode env = JSON.createObjectNode().put("success", true);
        env.putArray("errors");
        env.putArray("messages");
        env.set("result", result);
        return env;
    }

    /** Cloudflare's failure envelope. */
    static String errorBody(int code, String message) {
        ObjectNode env = JSON.createObjectNode().put("success", false);
        env.putArray("errors").addObject().put("code", code).put("message", message);
        env.putArray("messages");
        env.putNull("result");
        return env.toString();
    }

    private static ResponseDefinition error(int status, int code, String message) {
        return new ResponseDefinitionBuilder().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody(errorBody(code, message)).build();
    }

    private static ResponseDefinition json(int status, JsonNode body) {
        return new ResponseDefinitionBuilder().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody(body.toString()).build();
    }
}
