package dev.linkproxy.cloudflare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.linkproxy.core.CertificateNames;
import dev.linkproxy.core.spi.Change;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Live state against the rendered bodies, for the fields linkproxy manages only. Pure: the client reads, this
 * compares, the client writes what it says. Everything else on the zone (other records, other rules and their order,
 * other settings) is left as it is.
 */
final class CloudflareDiff {

    /** The managed fields of a DNS record, compared in this order. */
    private static final List<String> RECORD_FIELDS = List.of("type", "content", "proxied", "ttl", "comment");
    /** The managed fields of a configuration rule. */
    private static final List<String> RULE_FIELDS = List.of("expression", "action", "action_parameters", "description", "enabled");
    /** Record types a proxied CNAME may replace (with permission); anything else at the name blocks it. */
    private static final Set<String> REPLACEABLE = Set.of("A", "AAAA", "CNAME");
    /** Certificate statuses that no longer serve or never will. */
    private static final Set<String> DEAD = Set.of("deleted", "expired", "pending_deletion", "deactivating", "inactive",
            "initializing_timed_out", "validation_timed_out", "issuance_timed_out", "deployment_timed_out",
            "deletion_timed_out", "pending_cleanup");

    /**
     * A zone as Cloudflare lists it.
     *
     * @param type      {@code full} (Cloudflare is the zone's DNS) or {@code partial} (a CNAME set-up)
     * @param paused    whether Cloudflare passes the zone's traffic straight through (no proxy, no TLS)
     * @param plan      the plan's {@code legacy_id}: {@code free}, {@code pro}, {@code business}, {@code enterprise}
     * @param accountId the owning account, where an account-owned token is verified
     */
    record Zone(String id, String name, String status, String type, boolean paused, String plan, String accountId) {
    }

    /**
     * What the client read.
     *
     * @param records      records at each link domain's name, every type
     * @param entrypoint   the {@code http_config_settings} entrypoint ruleset, empty when the zone has none
     * @param cacheEntrypoint the {@code http_request_cache_settings} entrypoint ruleset, empty when the zone has none
     * @param hostnameTls  per-hostname {@code min_tls_version} values, empty when the zone cannot hold them
     * @param zoneMinTls   the zone-wide value, read only when per-hostname values are unavailable
     * @param certificates certificate packs ({@code managed}) or custom certificates ({@code pem:})
     * @param advancedCertificates whether the zone has Advanced Certificate Manager (advanced packs, per-hostname TLS)
     */
    record Live(Zone zone, Map<String, List<JsonNode>> records, Optional<JsonNode> entrypoint,
                Optional<JsonNode> cacheEntrypoint, Optional<Map<String, String>> hostnameTls, String zoneMinTls,
                List<JsonNode> certificates, boolean advancedCertificates) {
    }

    /** How one link domain's record is written. */
    enum RecordAction { CREATE, UPDATE, REPLACE }

    /**
     * One record write: {@code CREATE} posts, {@code UPDATE} patches {@code recordId}, {@code REPLACE} deletes
     * {@code deleteIds} then overwrites {@code recordId} (PUT, which may change its type).
     */
    record RecordWrite(String domain, RecordAction action, String recordId, List<String> deleteIds, ObjectNode body) {
    }

    /**
     * The outcome.
     *
     * @param blocked         why apply must refuse before writing anything, or empty
     * @param entrypointBody  the whole configuration ruleset to PUT back, or {@code null} when our rules already match
     * @param cacheEntrypointBody the whole cache ruleset to PUT back, or {@code null} when our rules already match
     * @param certificateBody the order or upload body, or {@code null} when every link domain is covered
     * @param pending         a certificate that covers a link domain but is not active yet
     * @param held            link domains whose record waits for their certificate: proxying a name before Cloudflare
     *                        holds an active certificate for it would break its HTTPS clicks, so the record (the
     *                        cutover itself) is written by {@code await} once the certificate is active
     */
    record Result(List<Change> changes, List<String> notes, List<RecordWrite> recordWrites, ObjectNode entrypointBody,
                  ObjectNode cacheEntrypointBody, List<String> tlsHosts, ObjectNode certificateBody, Optional<JsonNode> pending,
                  Optional<String> blocked, List<String> held) {
        boolean isEmpty() {
            return changes.isEmpty();
        }
    }

    private CloudflareDiff() {
    }

    static Result diff(ObjectNode wanted, Live live, boolean managedCertificate, boolean replaceAllowed) {
        List<Change> changes = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<String> blocked = new ArrayList<>();
        if (!"active".equals(live.zone().status())) {
            notes.add("zone " + live.zone().name() + " is " + live.zone().status() + ": Cloudflare serves it only once "
                    + "its name servers are Cloudflare's");
        }
        List<RecordWrite> writes = records(wanted, live, replaceAllowed, changes, notes, blocked);
        List<String> held = new ArrayList<>();
        ObjectNode entrypoint = rules(wanted.path("config_rules"), live.entrypoint(), CloudflareRenderer.CONFIG_PHASE,
                "config_rule", CloudflareRenderer.RULE_REF_PREFIX, r -> r.path("action_parameters").has("ssl"),
                changes, notes);
        ObjectNode cacheEntrypoint = rules(wanted.path("cache_rules"), live.cacheEntrypoint(),
                CloudflareRenderer.CACHE_PHASE, "cache_rule", CloudflareRenderer.CACHE_REF_PREFIX,
                r -> "set_cache_settings".equals(r.path("action").asText()), changes, notes);
        List<String> tlsHosts = hostnameTls(wanted, live, changes, notes);
        Optional<JsonNode> pending = Optional.empty();
        ObjectNode certificate = null;
        List<String> uncovered = new ArrayList<>();
        for (JsonNode d : wanted.path("dns_records")) {
            String domain = d.path("name").asText();
            Optional<JsonNode> cover = coveringCertificate(domain, live.certificates());
            if (cover.isEmpty()) {
                uncovered.add(domain);
                held.add(domain);
            } else if (!"active".equals(cover.get().path("status").asText())) {
                held.add(domain);
                if (pending.isEmpty()) {
                    pending = cover;
                    notes.add(pendingNote(cover.get(), managedCertificate));
                }
            }
        }
        List<String> heldWrites = writes.stream().map(RecordWrite::domain).filter(held::contains).toList();
        if (!heldWrites.isEmpty()) {
            notes.add("the proxied record of " + heldWrites + " is written last, once the certificate for it is active "
                    + "(await writes it, or apply again): until then the name keeps its current record, so its "
                    + "clicks keep working exactly as today");
        }
        if (!uncovered.isEmpty()) {
            certificate = (ObjectNode) wanted.path("certificate").deepCopy();
            String what = managedCertificate
                    ? "certificate_pack advanced"
                    : "custom_certificate sni_custom";
            String summary = managedCertificate
                    ? "hosts " + certificate.path("hosts") + ", " + certificate.path("validation_method").asText()
                    + " validation by " + certificate.path("certificate_authority").asText() + ", "
                    + certificate.path("validity_days").asInt() + " days"
                    : "covering " + uncovered;
            changes.add(Change.create(what, summary));
            notes.add((managedCertificate ? "Universal SSL does not cover " : "no custom certificate covers ")
                    + uncovered + (managedCertificate
                    ? "; an advanced certificate pack is ordered (Advanced Certificate Manager). On a full DNS set-up "
                    + "Cloudflare publishes its TXT validation records itself; await shows them while pending"
                    : "; the PEM files are uploaded as an sni_custom certificate (Business or Enterprise plan)"));
        }
        return new Result(changes, notes, writes, entrypoint, cacheEntrypoint, tlsHosts, certificate, pending,
                blocked.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", blocked)), List.copyOf(held));
    }

    /** The record writes for the wanted records, against {@code live.records()}; also used by await for held ones. */
    static List<RecordWrite> records(ObjectNode wanted, Live live, boolean replaceAllowed, List<Change> changes,
                                     List<String> notes, List<String> blocked) {
        List<RecordWrite> writes = new ArrayList<>();
        for (JsonNode w : wanted.path("dns_records")) {
            ObjectNode body = (ObjectNode) w;
            String domain = body.path("name").asText();
            String resource = "dns_record " + domain;
            List<JsonNode> present = live.records().getOrDefault(domain, List.of());
            if (present.isEmpty()) {
                changes.add(Change.create(resource, "CNAME " + body.path("content").asText() + " (proxied)"));
                writes.add(new RecordWrite(domain, RecordAction.CREATE, null, List.of(), body));
                continue;
            }
            List<String> others = present.stream().map(r -> r.path("type").asText())
                    .filter(t -> !REPLACEABLE.contains(t)).distinct().toList();
            if (!others.isEmpty()) {
                String why = domain + " also holds " + others + " records, which a CNAME cannot sit beside; remove "
                        + "them in the Cloudflare dashboard, then apply again";
                blocked.add(why);
                notes.add(why);
                changes.add(Change.update(resource, "records", describe(present), "CNAME " + body.path("content").asText()
                        + " (proxied)"));
                continue;
            }
            JsonNode only = present.size() == 1 ? present.get(0) : null;
            boolean ours = only != null && "CNAME".equals(only.path("type").asText())
                    && (only.path("comment").asText("").contains(CloudflareRenderer.RECORD_COMMENT)
                    // The runbook's starting point: the customer's own CNAME to the origin, not yet proxied. Turning
                    // its proxy on is the cutover itself, not a replacement.
                    || body.path("content").asText().equalsIgnoreCase(only.path("content").asText()));
            if (ours) {
                boolean changed = false;
                for (String field : RECORD_FIELDS) {
                    if (!body.path(field).equals(only.path(field))) {
                        changes.add(Change.update(resource, field, text(only.path(field)), text(body.path(field))));
                        changed = true;
                    }
                }
                if (changed) {
                    writes.add(new RecordWrite(domain, RecordAction.UPDATE, only.path("id").asText(), List.of(), body));
                }
                continue;
            }
            // Someone else's record: shown, and replaced only with the account owner's permission.
            changes.add(Change.update(resource, "records", describe(present) + " (not created by linkproxy)",
                    "CNAME " + body.path("content").asText() + " (proxied)"));
            if (!replaceAllowed) {
                String why = domain + " holds " + describe(present) + ", which linkproxy did not create; set "
                        + CloudflareProvider.REPLACE_EXISTING_RECORDS + "=true to replace it";
                blocked.add(why);
                notes.add(why);
            }
            List<String> deletes = present.subList(1, present.size()).stream().map(r -> r.path("id").asText()).toList();
            writes.add(new RecordWrite(domain, RecordAction.REPLACE, present.get(0).path("id").asText(), deletes, body));
        }
        return writes;
    }

    /**
     * Read-modify-write of one phase's entrypoint: our rules (found by ref) are added or updated in place, every other
     * rule is kept as it is and where it is. Returns the whole ruleset to PUT back, or {@code null} when ours match.
     */
    private static ObjectNode rules(JsonNode wantedRules, Optional<JsonNode> entrypoint, String phase, String kind,
                                    String refPrefix, Predicate<JsonNode> overrides, List<Change> changes,
                                    List<String> notes) {
        ArrayNode liveRules = entrypoint.map(e -> e.path("rules")).filter(JsonNode::isArray)
                .map(r -> (ArrayNode) r.deepCopy()).orElse(CloudflareApi.array());
        Map<String, Integer> byRef = new HashMap<>();
        for (int i = 0; i < liveRules.size(); i++) {
            byRef.putIfAbsent(liveRules.get(i).path("ref").asText(""), i);
        }
        boolean changed = false;
        for (JsonNode w : wantedRules) {
            String ref = w.path("ref").asText();
            String resource = kind + " " + ref;
            Integer at = byRef.get(ref);
            if (at == null) {
                changes.add(Change.create(resource, w.path("expression").asText() + " → " + summary(w)));
                liveRules.add(w.deepCopy());
                changed = true;
                continue;
            }
            JsonNode have = liveRules.get(at);
            boolean differs = false;
            for (String field : RULE_FIELDS) {
                if (!comparable(w.path(field)).equals(comparable(have.path(field)))) {
                    changes.add(Change.update(resource, field, text(have.path(field)), text(w.path(field))));
                    differs = true;
                }
            }
            if (differs) {
                ObjectNode replaced = (ObjectNode) w.deepCopy();
                if (have.hasNonNull("id")) {
                    replaced.put("id", have.path("id").asText()); // the same rule, updated in place
                }
                liveRules.set(at, replaced);
                changed = true;
            }
        }
        noteLaterRules(liveRules, refPrefix, overrides, notes);
        if (!changed) {
            return null;
        }
        if (entrypoint.isEmpty()) {
            notes.add("the zone has no " + phase + " entrypoint ruleset; the PUT creates it");
        }
        ObjectNode body = CloudflareApi.JSON.createObjectNode();
        entrypoint.ifPresent(e -> {
            if (e.hasNonNull("name")) {
                body.set("name", e.get("name"));
            }
            if (e.hasNonNull("description")) {
                body.set("description", e.get("description"));
            }
        });
        body.set("rules", liveRules);
        return body;
    }

    /** What a rule of ours does, for the plan. */
    private static String summary(JsonNode rule) {
        JsonNode p = rule.path("action_parameters");
        if (p.has("ssl")) {
            return "ssl " + p.path("ssl").asText();
        }
        if (!p.path("cache").asBoolean(true)) {
            return "cache bypassed";
        }
        JsonNode edge = p.path("edge_ttl");
        return "cached, edge TTL " + edge.path("default").asText() + " s (" + edge.path("mode").asText() + ")";
    }

    /**
     * A rule field as compared: an empty array member is the same as an absent one (our cache rule sends
     * {@code status_code_ttl: []}, which the schema requires; an answer that leaves it out must not cause a write).
     */
    private static JsonNode comparable(JsonNode n) {
        if (!n.isObject()) {
            return n;
        }
        ObjectNode out = CloudflareApi.JSON.createObjectNode();
        n.properties().forEach(e -> {
            if (!(e.getValue().isArray() && e.getValue().isEmpty())) {
                out.set(e.getKey(), comparable(e.getValue()));
            }
        });
        return out;
    }

    /**
     * A customer rule after ours that sets the same thing may undo it for the link host: in both phases, later
     * matching rules win.
     */
    private static void noteLaterRules(ArrayNode rules, String refPrefix, Predicate<JsonNode> overrides,
                                       List<String> notes) {
        boolean seenOurs = false;
        for (JsonNode r : rules) {
            boolean ours = r.path("ref").asText("").startsWith(refPrefix);
            if (ours) {
                seenOurs = true;
            } else if (seenOurs && r.path("enabled").asBoolean(true) && overrides.test(r)) {
                notes.add("rule " + r.path("id").asText(r.path("ref").asText("?")) + " (" + r.path("expression").asText()
                        + ") comes after linkproxy's and sets " + describeParameters(r)
                        + "; if it matches a link domain it wins");
            }
        }
    }

    private static String describeParameters(JsonNode rule) {
        JsonNode p = rule.path("action_parameters");
        return p.has("ssl") ? "ssl " + p.path("ssl").asText() : "cache settings " + p;
    }

    private static List<String> hostnameTls(ObjectNode wanted, Live live, List<Change> changes, List<String> notes) {
        List<String> hosts = new ArrayList<>();
        for (JsonNode s : wanted.path("hostname_settings")) {
            String host = s.path("hostname").asText();
            String value = s.path("value").asText();
            if (live.hostnameTls().isEmpty()) {
                notes.add("min_tls_version " + value + " for " + host + " is not set: per-hostname TLS settings need "
                        + "Advanced Certificate Manager, which the zone does not have, so the zone-wide min_tls_version " + live.zoneMinTls()
                        + " applies (linkproxy never changes the zone-wide value); the link domain is served all the same");
                continue;
            }
            String have = live.hostnameTls().get().get(host);
            if (!value.equals(have)) {
                changes.add(Change.update("hostname_setting min_tls_version " + host, "value",
                        have == null ? "(zone-wide)" : have, value));
                hosts.add(host);
            }
        }
        return hosts;
    }

    /** A live certificate that serves {@code domain} (exact name or a one-label wildcard), or will once issued. */
    static Optional<JsonNode> coveringCertificate(String domain, List<JsonNode> certificates) {
        JsonNode best = null;
        for (JsonNode c : certificates) {
            if (DEAD.contains(c.path("status").asText()) || !covers(c.path("hosts"), domain)) {
                continue;
            }
            if ("active".equals(c.path("status").asText())) {
                return Optional.of(c);
            }
            if (best == null) {
                best = c;
            }
        }
        return Optional.ofNullable(best);
    }

    static boolean covers(JsonNode hosts, String domain) {
        for (JsonNode h : hosts) {
            if (CertificateNames.covers(h.asText(), domain)) {
                return true;
            }
        }
        return false;
    }

    private static String pendingNote(JsonNode cert, boolean managed) {
        StringBuilder out = new StringBuilder((managed ? "certificate pack " : "custom certificate "))
                .append(cert.path("id").asText()).append(" covering ").append(cert.path("hosts"))
                .append(" is ").append(cert.path("status").asText());
        JsonNode records = cert.path("validation_records");
        if (records.isArray() && records.size() > 0) {
            out.append("; validation records:");
            for (JsonNode r : records) {
                if (r.has("txt_name")) {
                    out.append(" TXT ").append(r.path("txt_name").asText()).append(" = ").append(r.path("txt_value").asText());
                } else if (r.has("http_url")) {
                    out.append(" HTTP ").append(r.path("http_url").asText());
                }
            }
        }
        return out.toString();
    }

    private static String describe(List<JsonNode> records) {
        List<String> out = new ArrayList<>();
        for (JsonNode r : records) {
            out.add(r.path("type").asText() + " " + r.path("content").asText()
                    + (r.path("proxied").asBoolean(false) ? " (proxied)" : ""));
        }
        return String.join(", ", out);
    }

    private static String text(JsonNode n) {
        return n.isMissingNode() || n.isNull() ? "(unset)" : n.isTextual() ? n.asText() : n.toString();
    }
}
