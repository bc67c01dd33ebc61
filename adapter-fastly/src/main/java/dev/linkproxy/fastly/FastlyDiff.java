package dev.linkproxy.fastly;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.linkproxy.core.spi.Change;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Live Fastly state against the render: the edits that make the live state match, on the fields linkproxy manages
 * only (its domains, its backend's rendered fields, its {@code linkproxy_*} snippets, the fallback TTL, the TLS
 * subscription or activations for the link domains). Everything else on the service is left alone. Pure.
 */
final class FastlyDiff {

    /** What an edit touches. */
    enum Kind { DOMAIN, BACKEND, SNIPPET, SETTINGS, TLS_SUBSCRIPTION, TLS_CERTIFICATE, TLS_ACTIVATION }

    /**
     * One write to make.
     *
     * @param action what it does
     * @param kind   what it touches
     * @param name   the object's name (domain, backend, snippet; the link domain for TLS activations)
     * @param fields the API fields to send (form fields for the versioned objects), the values as sent
     * @param from   the live values of the fields an update changes
     */
    record Edit(Change.Action action, Kind kind, String name, Map<String, String> fields, Map<String, String> from) {
        Edit {
            fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
            from = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(from));
        }

        /** Whether it is made inside a service version (a draft) rather than on the account's TLS objects. */
        boolean versioned() {
            return kind == Kind.DOMAIN || kind == Kind.BACKEND || kind == Kind.SNIPPET || kind == Kind.SETTINGS;
        }

        /** The edit for a person: one {@link Change} per field an update changes. */
        List<Change> changes(String where) {
            String resource = where + kind.name().toLowerCase(java.util.Locale.ROOT) + (name.isEmpty() ? "" : " " + name);
            return switch (action) {
                case CREATE -> List.of(Change.create(resource, summary(fields)));
                case DELETE -> List.of(Change.delete(resource, ""));
                case UPDATE -> fields.entrySet().stream()
                        .map(f -> Change.update(resource, f.getKey(), shown(from.get(f.getKey())), shown(f.getValue())))
                        .toList();
            };
        }

        private static String summary(Map<String, String> fields) {
            StringBuilder s = new StringBuilder();
            fields.forEach((k, v) -> {
                if (!k.equals("name") && !k.equals("content")) {
                    s.append(s.length() == 0 ? "" : ", ").append(k).append('=').append(v);
                }
            });
            return s.toString();
        }

        private static String shown(String v) {
            return v == null || v.isEmpty() ? "(unset)" : v.replace("\n", "⏎");
        }
    }

    /**
     * The TLS state linkproxy reads for the link domains.
     *
     * @param subscriptionId  the TLS subscription covering the first link domain, or null
     * @param state           its state ({@code pending}, {@code processing}, {@code issued}, {@code renewing},
     *                        {@code failed}), or the activations' summary for uploaded certificates
     * @param domains         the domains the subscription covers
     * @param challenges      ACME records to publish, one line each ({@code CNAME _acme-challenge.x → y})
     * @param configurationId the TLS configuration the cutover target comes from
     * @param cutoverTarget   the CNAME target read from that configuration's DNS records, or empty
     * @param activations     link domain → serial number of the certificate serving it (uploaded certificates)
     * @param activationIds   link domain → its TLS activation id
     * @param certificateIds  serial number → uploaded certificate id
     * @param commonName      the subscription's common name, or null
     * @param targetNotes     what a person should know about the cutover target (no dual-stack name, a mismatch
     *                        with the subscription's own challenge)
     */
    record TlsLive(String subscriptionId, String state, List<String> domains, List<String> challenges,
                   String configurationId, String cutoverTarget, Map<String, String> activations,
                   Map<String, String> activationIds, Map<String, String> certificateIds, String commonName,
                   List<String> targetNotes) {
        TlsLive {
            domains = List.copyOf(domains);
            challenges = List.copyOf(challenges);
            activations = Map.copyOf(activations);
            activationIds = Map.copyOf(activationIds);
            certificateIds = Map.copyOf(certificateIds);
            targetNotes = List.copyOf(targetNotes);
            state = state == null ? "" : state;
            cutoverTarget = cutoverTarget == null ? "" : cutoverTarget;
        }
    }

    private FastlyDiff() {
    }

    /**
     * Edits to the service version that make {@code live} (a version object with {@code domains}, {@code backends},
     * {@code snippets}, {@code settings}; null for an empty version) match {@code wanted}.
     */
    static List<Edit> versionEdits(ObjectNode wanted, JsonNode live) {
        List<Edit> edits = new ArrayList<>();
        Map<String, JsonNode> liveDomains = byName(live, "domains");
        Set<String> wantedDomains = new TreeSet<>();
        for (JsonNode d : wanted.path("domains")) {
            wantedDomains.add(d.path("name").asText());
            if (!liveDomains.containsKey(d.path("name").asText())) {
                edits.add(new Edit(Change.Action.CREATE, Kind.DOMAIN, d.path("name").asText(), form(d), Map.of()));
            }
        }
        // Only domains linkproxy added (marked by their comment) are removed when the spec drops them.
        liveDomains.forEach((name, d) -> {
            if (!wantedDomains.contains(name) && FastlyRenderer.DOMAIN_COMMENT.equals(d.path("comment").asText())) {
                edits.add(new Edit(Change.Action.DELETE, Kind.DOMAIN, name, Map.of(), Map.of()));
            }
        });

        Map<String, JsonNode> liveBackends = byName(live, "backends");
        for (JsonNode b : wanted.path("backends")) {
            String name = b.path("name").asText();
            JsonNode was = liveBackends.get(name);
            if (was == null) {
                edits.add(new Edit(Change.Action.CREATE, Kind.BACKEND, name, form(b), Map.of()));
                continue;
            }
            Map<String, String> to = new LinkedHashMap<>();
            Map<String, String> from = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> f : b.properties()) {
                String want = text(f.getValue());
                String have = normalise(was.get(f.getKey()), f.getValue());
                if (!want.equals(have)) {
                    to.put(f.getKey(), want);
                    from.put(f.getKey(), have);
                }
            }
            if (!to.isEmpty()) {
                edits.add(new Edit(Change.Action.UPDATE, Kind.BACKEND, name, to, from));
            }
        }

        Map<String, JsonNode> liveSnippets = byName(live, "snippets");
        Set<String> wantedSnippets = new TreeSet<>();
        for (JsonNode s : wanted.path("snippets")) {
            String name = s.path("name").asText();
            wantedSnippets.add(name);
            JsonNode was = liveSnippets.get(name);
            if (was != null && sameSnippet(s, was)) {
                continue;
            }
            // A versioned snippet is updated in place in the draft (PUT …/snippet/{name}, as go-fastly's
            // fixtures/vcl_snippets/update_versioned.yaml records): one write, not a delete and a create.
            edits.add(was != null ? new Edit(Change.Action.UPDATE, Kind.SNIPPET, name, form(s), Map.of())
                    : new Edit(Change.Action.CREATE, Kind.SNIPPET, name, form(s), Map.of()));
        }
        liveSnippets.keySet().stream()
                .filter(n -> n.startsWith(FastlyRenderer.SNIPPET_PREFIX) && !wantedSnippets.contains(n))
                .forEach(n -> edits.add(new Edit(Change.Action.DELETE, Kind.SNIPPET, n, Map.of(), Map.of())));

        Map<String, String> to = new LinkedHashMap<>();
        Map<String, String> from = new LinkedHashMap<>();
        JsonNode liveSettings = live == null ? null : live.path("settings");
        for (Map.Entry<String, JsonNode> f : wanted.path("settings").properties()) {
            String have = liveSettings == null ? null : normalise(liveSettings.get(f.getKey()), f.getValue());
            if (!text(f.getValue()).equals(have)) {
                to.put(f.getKey(), text(f.getValue()));
                from.put(f.getKey(), have == null ? "" : have);
            }
        }
        if (!to.isEmpty()) {
            edits.add(new Edit(Change.Action.UPDATE, Kind.SETTINGS, "", to, from));
        }
        return edits;
    }

    /**
     * Edits to the account's TLS objects for {@code linkDomains}. {@code pemSerial} is the serial number of the
     * certificate file for {@code certificate: pem:}, else null.
     */
    static List<Edit> tlsEdits(ObjectNode wantedTls, List<String> linkDomains, TlsLive live, String pemSerial,
                               Set<String> retiring) {
        List<Edit> edits = new ArrayList<>();
        if ("managed".equals(wantedTls.path("certificate").asText())) {
            String ca = wantedTls.at("/tls_subscription/data/attributes/certificate_authority").asText();
            if (live.subscriptionId() == null) {
                edits.add(new Edit(Change.Action.CREATE, Kind.TLS_SUBSCRIPTION, String.join(",", linkDomains),
                        Map.of("certificate_authority", ca, "tls_domains", String.join(",", linkDomains)), Map.of()));
                return edits;
            }
            // The subscription may be shared or hand-made: its other domains are kept. It first grows by the new
            // link domains (before the version serving them is activated), and only once the version no longer
            // serves a retired link domain does it shrink by that domain, so no served domain is ever uncovered.
            List<String> grown = new ArrayList<>(live.domains());
            linkDomains.stream().filter(d -> !grown.contains(d)).forEach(grown::add);
            List<String> shrunk = grown.stream().filter(d -> !retiring.contains(d)).toList();
            if (grown.size() > live.domains().size()) {
                edits.add(new Edit(Change.Action.UPDATE, Kind.TLS_SUBSCRIPTION, live.subscriptionId(),
                        Map.of("tls_domains", String.join(",", grown)),
                        Map.of("tls_domains", String.join(",", live.domains()))));
            }
            if (shrunk.size() < grown.size()) {
                edits.add(new Edit(Change.Action.UPDATE, Kind.TLS_SUBSCRIPTION, live.subscriptionId(),
                        Map.of("tls_domains", String.join(",", shrunk)),
                        Map.of("tls_domains", String.join(",", grown))));
            }
            return edits;
        }
        Objects.requireNonNull(pemSerial, "pemSerial");
        boolean needed = linkDomains.stream().anyMatch(d -> !pemSerial.equals(live.activations().get(d)));
        if (needed && !live.certificateIds().containsKey(pemSerial)) {
            edits.add(new Edit(Change.Action.CREATE, Kind.TLS_CERTIFICATE, "serial " + pemSerial,
                    Map.of("key_file", wantedTls.path("key_file").asText(),
                            "certificate_file", wantedTls.path("certificate_file").asText()), Map.of()));
        }
        for (String d : linkDomains) {
            String serving = live.activations().get(d);
            if (serving == null) {
                edits.add(new Edit(Change.Action.CREATE, Kind.TLS_ACTIVATION, d, Map.of("tls_certificate",
                        "serial " + pemSerial), Map.of()));
            } else if (!serving.equals(pemSerial)) {
                edits.add(new Edit(Change.Action.UPDATE, Kind.TLS_ACTIVATION, d,
                        Map.of("tls_certificate", "serial " + pemSerial), Map.of("tls_certificate", "serial " + serving)));
            }
        }
        return edits;
    }

    private static boolean sameSnippet(JsonNode wanted, JsonNode live) {
        for (String f : List.of("type", "content", "priority", "dynamic")) {
            if (!text(wanted.get(f)).equals(normalise(live.get(f), wanted.get(f)))) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, JsonNode> byName(JsonNode version, String list) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        if (version != null) {
            for (JsonNode n : version.path(list)) {
                out.put(n.path("name").asText(), n);
            }
        }
        return out;
    }

    /** The non-null fields of a rendered object as form fields. */
    static Map<String, String> form(JsonNode object) {
        Map<String, String> out = new LinkedHashMap<>();
        object.properties().forEach(f -> {
            if (!f.getValue().isNull()) {
                out.put(f.getKey(), text(f.getValue()));
            }
        });
        return out;
    }

    /** A value as sent in a form: text as is, numbers and booleans spelt out, null as empty (which clears it). */
    static String text(JsonNode v) {
        return v == null || v.isNull() || v.isMissingNode() ? "" : v.asText();
    }

    /** A live value in the rendered value's spelling: Fastly answers booleans as 1/0 or true/false. */
    private static String normalise(JsonNode live, JsonNode wanted) {
        String have = text(live);
        if (wanted != null && wanted.isBoolean()) {
            if (have.equals("1")) {
                return "true";
            }
            if (have.equals("0")) {
                return "false";
            }
        }
        return have;
    }
}
