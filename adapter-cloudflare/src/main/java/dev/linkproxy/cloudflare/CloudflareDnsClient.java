package dev.linkproxy.cloudflare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.linkproxy.core.CdnException;
import dev.linkproxy.core.DnsException;
import dev.linkproxy.core.spi.DnsChange;
import dev.linkproxy.core.spi.DnsClient;
import dev.linkproxy.core.spi.NameRecords;
import dev.linkproxy.core.spi.Progress;
import dev.linkproxy.core.spi.ProgressEvent;
import dev.linkproxy.core.spi.RecordSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One token's Cloudflare zones, for the {@code cloudflare} DNS provider. A record set of N values is N Cloudflare
 * records; a TTL of 1 ("automatic") reads as 300 s, the value Cloudflare documents for it, and a proxied record is
 * written with it. Writes, in the order that keeps the name answering: the record that stays (the first read) is
 * overwritten in place, records of the old data that must go are deleted before (a CNAME cannot stand beside them),
 * further records of the new data are created after. A failure part-way that leaves a mix is put back as it was read.
 */
final class CloudflareDnsClient implements DnsClient {

    /** What Cloudflare serves for a TTL of 1, "automatic". */
    static final Duration AUTOMATIC_TTL = Duration.ofSeconds(300);

    /** One Cloudflare record of a name. */
    private record Held(String id, String type, String content, long ttl, boolean proxied) {
    }

    /** A zone: id and apex. */
    private record Zone(String id, String apex, List<String> nameServers) {
    }

    private final CloudflareApi api;
    private final Map<String, Zone> zoneByName = new LinkedHashMap<>();

    CloudflareDnsClient(CloudflareApi api) {
        this.api = api;
    }

    @Override
    public String zoneOf(String name) {
        return zone(name).apex();
    }

    /** The longest zone holding {@code name}: one {@code GET /zones?name=} per candidate, cached. */
    private synchronized Zone zone(String name) {
        String n = normalise(name);
        Zone cached = zoneByName.get(n);
        if (cached != null) {
            return cached;
        }
        for (String candidate = n; candidate.contains("."); candidate = candidate.substring(candidate.indexOf('.') + 1)) {
            String c = candidate;
            List<JsonNode> found = call("GET /zones", () -> api.call("GET", "/zones").query("name", c).list());
            for (JsonNode z : found) {
                if (normalise(z.path("name").asText()).equals(c)) {
                    List<String> servers = new ArrayList<>();
                    z.path("name_servers").forEach(s -> servers.add(normalise(s.asText())));
                    Zone zone = new Zone(z.path("id").asText(), c, List.copyOf(servers));
                    zoneByName.put(n, zone);
                    zoneByName.putIfAbsent(c, zone);
                    return zone;
                }
            }
        }
        throw new DnsException(CloudflareDnsProvider.ID, "GET /zones", DnsException.Kind.NOT_FOUND, "no zone this"
                + " token can read holds " + n, "add the zone to the token (Zone Read, DNS Edit), or check that"
                + " Cloudflare hosts its DNS", null);
    }

    @Override
    public NameRecords read(String name) {
        String n = normalise(name);
        return records(n, held(zone(n), n));
    }

    private List<Held> held(Zone zone, String n) {
        List<JsonNode> listed = call("GET /zones/{zone_id}/dns_records", () -> api.call("GET",
                "/zones/{zone_id}/dns_records").path(zone.id()).query("name", n).all());
        List<Held> out = new ArrayList<>();
        for (JsonNode r : listed) {
            String type = r.path("type").asText().toUpperCase(Locale.ROOT);
            if (normalise(r.path("name").asText()).equals(n) && NameRecords.CUTOVER_TYPES.contains(type)) {
                out.add(held(r));
            }
        }
        out.sort(Comparator.comparing(Held::type).thenComparing(Held::content));
        return out;
    }

    private static Held held(JsonNode r) {
        return new Held(r.path("id").asText(), r.path("type").asText().toUpperCase(Locale.ROOT),
                r.path("content").asText(), r.path("ttl").asLong(1), r.path("proxied").asBoolean(false));
    }

    private static NameRecords records(String n, List<Held> held) {
        Map<String, List<Held>> byType = new LinkedHashMap<>();
        held.forEach(h -> byType.computeIfAbsent(h.type(), t -> new ArrayList<>()).add(h));
        List<RecordSet> sets = new ArrayList<>();
        boolean proxied = !held.isEmpty();
        for (Map.Entry<String, List<Held>> e : byType.entrySet()) {
            long ttl = e.getValue().get(0).ttl();
            sets.add(new RecordSet(n, e.getKey(), ttl == 1 ? AUTOMATIC_TTL : Duration.ofSeconds(ttl),
                    e.getValue().stream().map(Held::content).toList()));
            proxied &= e.getValue().stream().allMatch(Held::proxied);
        }
        return new NameRecords(n, sets, proxied);
    }

    /** {@code r} as Cloudflare stores it: a proxied record's TTL is always "automatic". */
    static NameRecords asStored(NameRecords r) {
        if (!r.proxied()) {
            return r;
        }
        return new NameRecords(r.name(), r.sets().stream().map(s -> s.withTtl(AUTOMATIC_TTL)).toList(), true);
    }

    @Override
    public DnsChange replace(NameRecords expectedAsGiven, NameRecords desiredAsGiven) {
        NameRecords expected = asStored(expectedAsGiven);
        NameRecords desired = asStored(desiredAsGiven);
        if (!expected.name().equals(desired.name())) {
            throw new IllegalArgumentException("a replace changes one name, not " + expected.name() + " and "
                    + desired.name());
        }
        String n = desired.name();
        Zone zone = zone(n);
        List<Held> now = held(zone, n);
        NameRecords current = records(n, now);
        Map<String, String> resources = new LinkedHashMap<>();
        resources.put("zoneId", zone.id());
        if (current.equals(desired)) {
            return new DnsChange(CloudflareDnsProvider.ID, "", zone.apex(), expected, desired, resources);
        }
        if (!current.equals(expected)) {
            throw conflict(n, expected, current);
        }
        List<ObjectNode> wanted = bodies(desired);
        try {
            // Records the new data has no room for go first: a CNAME cannot stand beside others.
            for (Held h : now.subList(wanted.isEmpty() ? 0 : Math.min(1, now.size()), now.size())) {
                delete(zone, h);
            }
            int next = 0;
            if (!now.isEmpty() && !wanted.isEmpty()) {
                Held carrier = now.get(0);
                overwrite(zone, carrier, wanted.get(0));
                resources.put("recordId", carrier.id());
                next = 1;
            }
            for (ObjectNode body : wanted.subList(next, wanted.size())) {
                resources.putIfAbsent("recordId", create(zone, body));
            }
        } catch (DnsException e) {
            throw restored(zone, n, now, desired, e);
        }
        return new DnsChange(CloudflareDnsProvider.ID, "", zone.apex(), expected, desired, resources);
    }

    /** Re-reads the record by id just before overwriting it: the client's half of the compare-and-set. */
    private void overwrite(Zone zone, Held carrier, ObjectNode body) {
        JsonNode again = call("GET /zones/{zone_id}/dns_records/{dns_record_id}", () -> api.call("GET",
                "/zones/{zone_id}/dns_records/{dns_record_id}").path(zone.id()).path(carrier.id()).send());
        Held seen = held(again);
        if (!seen.equals(carrier)) {
            throw new DnsException(CloudflareDnsProvider.ID, "PUT /zones/{zone_id}/dns_records/{dns_record_id}",
                    DnsException.Kind.CONFLICT, normalise(again.path("name").asText()) + " changed while linkproxy"
                    + " was writing: " + seen.type() + " " + seen.content() + " instead of " + carrier.type() + " "
                    + carrier.content(), "look at the name, then run the cutover again", null);
        }
        put(zone, carrier.id(), body);
    }

    private void put(Zone zone, String id, ObjectNode body) {
        call("PUT /zones/{zone_id}/dns_records/{dns_record_id}", () -> api.call("PUT",
                "/zones/{zone_id}/dns_records/{dns_record_id}").path(zone.id()).path(id).body(body).send());
    }

    private String create(Zone zone, ObjectNode body) {
        return call("POST /zones/{zone_id}/dns_records", () -> api.call("POST", "/zones/{zone_id}/dns_records")
                .path(zone.id()).body(body).send()).path("id").asText();
    }

    private void delete(Zone zone, Held h) {
        call("DELETE /zones/{zone_id}/dns_records/{dns_record_id}", () -> api.call("DELETE",
                "/zones/{zone_id}/dns_records/{dns_record_id}").path(zone.id()).path(h.id()).send());
    }

    private static List<ObjectNode> bodies(NameRecords desired) {
        List<ObjectNode> out = new ArrayList<>();
        for (RecordSet s : desired.sets()) {
            for (String v : s.values()) {
                out.add(body(desired.name(), s.type(), v, desired.proxied() ? 1 : s.ttl().toSeconds(),
                        desired.proxied()));
            }
        }
        return out;
    }

    private static ObjectNode body(String name, Held h) {
        return body(name, h.type(), h.content(), h.ttl(), h.proxied());
    }

    private static ObjectNode body(String name, String type, String content, long ttl, boolean proxied) {
        ObjectNode b = CloudflareApi.JSON.createObjectNode().put("type", type).put("name", name)
                .put("content", content).put("ttl", ttl).put("proxied", proxied);
        b.put("comment", "linkproxy cutover");
        return b;
    }

    /**
     * After a failed step: a name holding exactly the old or exactly the new records is left so; one holding a mix
     * (a step made whose answer was lost, a later step refused) is put back as it was read, and the error says which.
     */
    private DnsException restored(Zone zone, String n, List<Held> before, NameRecords desired, DnsException failure) {
        String state;
        try {
            List<Held> current = held(zone, n);
            NameRecords now = records(n, current);
            if (now.equals(desired)) {
                state = "; " + n + " holds the new records all the same";
            } else if (now.equals(records(n, before))) {
                state = "; " + n + " is as it was";
            } else {
                for (Held h : current) {
                    if (!sameRecord(before, h)) {
                        delete(zone, h);
                    }
                }
                for (Held h : before) {
                    if (!sameRecord(current, h)) {
                        create(zone, body(n, h));
                    }
                }
                state = "; the steps already made were undone, " + n + " is as it was";
            }
        } catch (DnsException e) {
            state = "; putting " + n + " back failed too (" + e.getMessage() + "): look at it in the dashboard";
        }
        return new DnsException(failure.provider(), failure.operation(), failure.kind(), detail(failure) + state,
                failure.hint().orElse(null), failure);
    }

    /** The failure's own words, without the provider and operation prefix and the hint its message carries. */
    private static String detail(DnsException e) {
        String m = e.getMessage();
        String prefix = e.provider() + " " + e.operation() + " failed: ";
        if (m.startsWith(prefix)) {
            m = m.substring(prefix.length());
        }
        String hint = e.hint().map(h -> ". " + h).orElse("");
        return !hint.isEmpty() && m.endsWith(hint) ? m.substring(0, m.length() - hint.length()) : m;
    }

    private static boolean sameRecord(List<Held> in, Held h) {
        return in.stream().anyMatch(o -> o.type().equals(h.type()) && o.content().equals(h.content())
                && o.ttl() == h.ttl() && o.proxied() == h.proxied());
    }

    private static DnsException conflict(String n, NameRecords expected, NameRecords now) {
        return new DnsException(CloudflareDnsProvider.ID, "GET /zones/{zone_id}/dns_records",
                DnsException.Kind.CONFLICT, n + " holds " + describe(now) + ", not " + describe(expected)
                + " as read; nothing was written", "someone changed the name meanwhile: look at it, then run the"
                + " cutover again", null);
    }

    private static String describe(NameRecords r) {
        return r.isEmpty() ? "nothing" : r.sets() + (r.proxied() ? " (proxied)" : "");
    }

    /** Cloudflare applies a write at its edge within seconds and has no change status: reads the API's word. */
    @Override
    public void awaitLive(DnsChange change, Duration timeout, Progress progress) {
        NameRecords now = read(change.after().name());
        progress.report(new ProgressEvent(CloudflareDnsProvider.ID, "await", change.after().name() + " holds "
                + describe(now) + " at Cloudflare", Duration.ZERO));
        if (!now.equals(change.after())) {
            throw new DnsException(CloudflareDnsProvider.ID, "GET /zones/{zone_id}/dns_records",
                    DnsException.Kind.CONFLICT, change.after().name() + " holds " + describe(now) + ", not "
                    + describe(change.after()) + " as written", "someone changed the name meanwhile", null);
        }
    }

    /** The zone's Cloudflare name servers, as the zone lists them. */
    @Override
    public List<String> authoritativeServers(String zone) {
        List<String> servers = zone(zone).nameServers();
        if (servers.isEmpty()) {
            throw new DnsException(CloudflareDnsProvider.ID, "GET /zones", DnsException.Kind.UNEXPECTED_RESPONSE,
                    "the zone " + zone + " lists no name servers", null, null);
        }
        return servers;
    }

    private static <T> T call(String operation, Supplier<T> body) {
        try {
            return body.get();
        } catch (CdnException e) {
            throw translate(operation, e);
        }
    }

    private static DnsException translate(String operation, CdnException e) {
        DnsException.Kind kind = DnsException.kindOf(e.kind());
        return new DnsException(CloudflareDnsProvider.ID, operation, kind, e.detail().orElse(e.getMessage()),
                e.hint().orElse(null), e);
    }

    private static String normalise(String host) {
        String h = host.trim().toLowerCase(Locale.ROOT);
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }

    @Override
    public void close() {
        api.close();
    }

    @Override
    public String toString() {
        return "CloudflareDnsClient";
    }
}
