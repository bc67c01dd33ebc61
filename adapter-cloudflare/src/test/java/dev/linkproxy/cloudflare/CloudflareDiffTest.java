package dev.linkproxy.cloudflare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.linkproxy.cloudflare.CloudflareDiff.Live;
import dev.linkproxy.cloudflare.CloudflareDiff.RecordAction;
import dev.linkproxy.cloudflare.CloudflareDiff.RecordWrite;
import dev.linkproxy.cloudflare.CloudflareDiff.Result;
import dev.linkproxy.cloudflare.CloudflareDiff.Zone;
import dev.linkproxy.core.LinkProxySpec;
import dev.linkproxy.core.TlsVersion;
import dev.linkproxy.core.spi.Change;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What the diff reports and what it leaves alone, on live state built from Cloudflare's recorded answers
 * ({@link Payloads}, see cloudflare-go/SOURCE.md) with only the fields a test is about changed. Pure: no fake server.
 */
class CloudflareDiffTest {

    private static final String ZONE = "customer.com";
    private static final String LINK = "ablink.sub.customer.com";
    private static final String OTHER = "click.sub.customer.com";
    private static final String CNAME = "CNAME sendgrid.net (proxied)";
    private static final LinkProxySpec SPEC = LinkProxySpec.builder().linkDomains(LINK).certificate("managed").build();

    /** A zone that needs nothing but what a test adds: full, active, every link domain covered by Universal SSL. */
    private static final class State {
        String status = "active";
        final Map<String, List<JsonNode>> records = new HashMap<>();
        Optional<JsonNode> entrypoint = Optional.empty();
        Optional<JsonNode> cacheEntrypoint = Optional.empty();
        Optional<Map<String, String>> hostnameTls = Optional.empty();
        String zoneMinTls = "1.0";
        List<JsonNode> certificates = new ArrayList<>(List.of(pack("active", ZONE, "*.sub.customer.com")));
        boolean advanced;

        Live live() {
            return new Live(new Zone("023e105f4ecef8ad9ca31a8372d0c353", ZONE, status, "full", false, "pro", "acc"),
                    records, entrypoint, cacheEntrypoint, hostnameTls, zoneMinTls, certificates, advanced);
        }
    }

    private static ObjectNode wanted(LinkProxySpec spec) {
        return new CloudflareRenderer().render(spec, Optional.of(ZONE)).config();
    }

    private static Result diff(LinkProxySpec spec, State s) {
        return CloudflareDiff.diff(wanted(spec), s.live(), true, false);
    }

    /** The recorded DNS record ({@code dns-record-create.json}) at {@code name}. */
    private static ObjectNode record(String id, String type, String name, String content, boolean proxied) {
        ObjectNode r = Payloads.item("dns-record-create.json");
        return r.put("id", id).put("type", type).put("name", name).put("content", content).put("proxied", proxied);
    }

    /** The record linkproxy writes, as Cloudflare would answer it back. */
    private static ObjectNode ours(String name) {
        ObjectNode r = record("rec1", "CNAME", name, "sendgrid.net", true);
        r.setAll(CloudflareRenderer.record(name, "sendgrid.net"));
        return r;
    }

    /** The recorded certificate pack ({@code certificate-pack-order.json}) with other hosts and status. */
    private static ObjectNode pack(String status, String... hosts) {
        ObjectNode p = Payloads.item("certificate-pack-order.json").put("status", status);
        ArrayNode h = p.putArray("hosts");
        for (String host : hosts) {
            h.add(host);
        }
        return p;
    }

    /** The recorded ruleset ({@code ruleset-set-config.json}) with {@code rules} in place of its own. */
    private static ObjectNode ruleset(JsonNode... rules) {
        ObjectNode r = Payloads.item("ruleset-set-config.json");
        ArrayNode list = r.putArray("rules");
        for (JsonNode rule : rules) {
            list.add(rule);
        }
        return r;
    }

    /** The customer's rule as recorded (set_config with {@code ssl: off} among others). */
    private static ObjectNode customerRule() {
        return (ObjectNode) Payloads.item("ruleset-set-config.json").path("rules").get(0).deepCopy();
    }

    /** Our rule as Cloudflare answers it back: with an id, a version and a timestamp of its own. */
    private static ObjectNode answered(ObjectNode rendered, String id) {
        ObjectNode r = rendered.deepCopy();
        r.put("id", id).put("version", "1").put("last_updated", "2020-12-18T09:28:09.655749Z");
        return r;
    }

    private static ObjectNode wantedConfigRule() {
        return (ObjectNode) wanted(SPEC).path("config_rules").get(0);
    }

    private static ObjectNode wantedCacheRule(LinkProxySpec spec) {
        return (ObjectNode) wanted(spec).path("cache_rules").get(0);
    }

    // ---- zone ---------------------------------------------------------------------------------------------------

    @Test
    void aZoneNotYetActiveIsNotedButChangesNothing() {
        State s = new State();
        s.status = "pending";
        Result r = diff(SPEC, s);
        assertTrue(r.notes().contains("zone customer.com is pending: Cloudflare serves it only once its name servers "
                + "are Cloudflare's"), r.notes().toString());
        s.status = "active";
        assertFalse(diff(SPEC, s).notes().stream().anyMatch(n -> n.startsWith("zone customer.com is")));
    }

    // ---- records ------------------------------------------------------------------------------------------------

    @Test
    void aNameWithNoRecordGetsTheProxiedCnameCreated() {
        Result r = diff(SPEC, new State());
        assertTrue(r.changes().contains(Change.create("dns_record " + LINK, CNAME)), r.changes().toString());
        assertEquals(1, r.recordWrites().size());
        RecordWrite w = r.recordWrites().get(0);
        assertEquals(LINK, w.domain());
        assertEquals(RecordAction.CREATE, w.action());
        assertNull(w.recordId());
        assertEquals(List.of(), w.deleteIds());
        assertEquals(wanted(SPEC).path("dns_records").get(0), w.body());
        assertEquals(Optional.empty(), r.blocked());
        assertFalse(r.isEmpty());
    }

    @Test
    void ourRecordAlreadyInPlaceIsNeitherReportedNorWritten() {
        State s = new State();
        s.records.put(LINK, List.of(ours(LINK)));
        Result r = CloudflareDiff.diff(wanted(SPEC), s.live(), true, false);
        assertEquals(List.of(), r.recordWrites());
        assertFalse(r.changes().stream().anyMatch(c -> c.resource().startsWith("dns_record")), r.changes().toString());
    }

    @Test
    void ourRecordWithDriftedFieldsIsPatchedFieldByField() {
        State s = new State();
        ObjectNode drifted = ours(LINK).put("proxied", false).put("ttl", 120).put("content", "SendGrid.NET")
                .put("comment", CloudflareRenderer.RECORD_COMMENT + " (edited)");
        s.records.put(LINK, List.of(drifted));
        Result r = diff(SPEC, s);
        String res = "dns_record " + LINK;
        assertEquals(List.of(
                Change.update(res, "content", "SendGrid.NET", "sendgrid.net"),
                Change.update(res, "proxied", "false", "true"),
                Change.update(res, "ttl", "120", "1"),
                Change.update(res, "comment", CloudflareRenderer.RECORD_COMMENT + " (edited)",
                        CloudflareRenderer.RECORD_COMMENT)),
                r.changes().stream().filter(c -> c.resource().equals(res)).toList());
        assertEquals(List.of(new RecordWrite(LINK, RecordAction.UPDATE, "rec1", List.of(),
                (ObjectNode) wanted(SPEC).path("dns_records").get(0))), r.recordWrites());
    }

    @Test
    void theCustomersOwnCnameToTheOriginIsTurnedProxiedNotReplaced() {
        // The runbook's starting point: a DNS-only CNAME to the ESP, without linkproxy's comment.
        State s = new State();
        ObjectNode own = record("own1", "CNAME", LINK, "SENDGRID.net", false);
        own.remove("comment");
        s.records.put(LINK, List.of(own));
        Result r = CloudflareDiff.diff(wanted(SPEC), s.live(), true, false);
        assertEquals(Optional.empty(), r.blocked());
        assertEquals(RecordAction.UPDATE, r.recordWrites().get(0).action());
        assertEquals("own1", r.recordWrites().get(0).recordId());
        String res = "dns_record " + LINK;
        assertTrue(r.changes().contains(Change.update(res, "proxied", "false", "true")), r.changes().toString());
        assertTrue(r.changes().contains(Change.update(res, "ttl", "120", "1")), r.changes().toString());
        assertTrue(r.changes().contains(Change.update(res, "comment", "(unset)", CloudflareRenderer.RECORD_COMMENT)),
                r.changes().toString());
    }

    @Test
    void aForeignRecordIsShownAndReplacedOnlyWithPermission() {
        State s = new State();
        s.records.put(LINK, List.of(record("a1", "A", LINK, "198.51.100.4", true)));
        String res = "dns_record " + LINK;
        Change shown = Change.update(res, "records", "A 198.51.100.4 (proxied) (not created by linkproxy)", CNAME);

        Result refused = CloudflareDiff.diff(wanted(SPEC), s.live(), true, false);
        assertTrue(refused.changes().contains(shown), refused.changes().toString());
        String why = LINK + " holds A 198.51.100.4 (proxied), which linkproxy did not create; set "
                + CloudflareProvider.REPLACE_EXISTING_RECORDS + "=true to replace it";
        assertEquals(Optional.of(why), refused.blocked());
        assertTrue(refused.notes().contains(why));

        Result allowed = CloudflareDiff.diff(wanted(SPEC), s.live(), true, true);
        assertEquals(Optional.empty(), allowed.blocked());
        assertFalse(allowed.notes().contains(why));
        assertTrue(allowed.changes().contains(shown), allowed.changes().toString());
        assertEquals(List.of(new RecordWrite(LINK, RecordAction.REPLACE, "a1", List.of(),
                (ObjectNode) wanted(SPEC).path("dns_records").get(0))), allowed.recordWrites());
    }

    @Test
    void onlyACnameCarryingOurCommentOrPointingAtTheOriginIsOurs() {
        State s = new State();
        ObjectNode address = record("a1", "A", LINK, "198.51.100.4", false).put("comment", CloudflareRenderer.RECORD_COMMENT);
        ObjectNode elsewhere = record("c1", "CNAME", OTHER, "links.old-esp.example.net", false);
        elsewhere.remove("comment");
        s.records.put(LINK, List.of(address));
        s.records.put(OTHER, List.of(elsewhere));
        Result r = CloudflareDiff.diff(wanted(SPEC.toBuilder().linkDomains(LINK, OTHER).build()), s.live(), true, true);
        assertEquals(List.of(RecordAction.REPLACE, RecordAction.REPLACE),
                r.recordWrites().stream().map(RecordWrite::action).toList());
        assertTrue(r.changes().contains(Change.update("dns_record " + LINK, "records",
                "A 198.51.100.4 (not created by linkproxy)", CNAME)), r.changes().toString());
        assertTrue(r.changes().contains(Change.update("dns_record " + OTHER, "records",
                "CNAME links.old-esp.example.net (not created by linkproxy)", CNAME)), r.changes().toString());
    }

    @Test
    void severalAddressRecordsAreReplacedByOverwritingTheFirstAndDeletingTheRest() {
        State s = new State();
        s.records.put(LINK, List.of(record("a1", "A", LINK, "198.51.100.4", false),
                record("a2", "AAAA", LINK, "2001:db8::4", false), ours(LINK).put("id", "c3")));
        Result r = CloudflareDiff.diff(wanted(SPEC), s.live(), true, true);
        assertEquals(List.of(new RecordWrite(LINK, RecordAction.REPLACE, "a1", List.of("a2", "c3"),
                (ObjectNode) wanted(SPEC).path("dns_records").get(0))), r.recordWrites());
        assertTrue(r.changes().contains(Change.update("dns_record " + LINK, "records",
                "A 198.51.100.4, AAAA 2001:db8::4, CNAME sendgrid.net (proxied) (not created by linkproxy)", CNAME)),
                r.changes().toString());
    }

    @Test
    void recordsACnameCannotSitBesideBlockTheApplyWhateverThePermission() {
        State s = new State();
        s.records.put(LINK, List.of(record("a1", "A", LINK, "198.51.100.4", false),
                record("m1", "MX", LINK, "mx.customer.com", false), record("m2", "MX", LINK, "mx2.customer.com", false),
                record("t1", "TXT", LINK, "v=spf1 -all", false)));
        s.records.put(OTHER, List.of(record("m3", "MX", OTHER, "mx.customer.com", false)));
        Result r = CloudflareDiff.diff(wanted(SPEC.toBuilder().linkDomains(LINK, OTHER).build()), s.live(), true, true);
        assertEquals(List.of(), r.recordWrites());
        String first = LINK + " also holds [MX, TXT] records, which a CNAME cannot sit beside; remove them in the "
                + "Cloudflare dashboard, then apply again";
        String second = OTHER + " also holds [MX] records, which a CNAME cannot sit beside; remove them in the "
                + "Cloudflare dashboard, then apply again";
        assertEquals(Optional.of(first + "; " + second), r.blocked());
        assertTrue(r.notes().containsAll(List.of(first, second)), r.notes().toString());
        assertTrue(r.changes().contains(Change.update("dns_record " + OTHER, "records", "MX mx.customer.com", CNAME)),
                r.changes().toString());
    }

    // ---- rules --------------------------------------------------------------------------------------------------

    @Test
    void aZoneWithoutEntrypointsGetsBothRulesetsCreatedWithOurRulesOnly() {
        Result r = diff(SPEC, new State());
        String expr = "(http.host eq \"" + LINK + "\")";
        assertTrue(r.changes().contains(Change.create("config_rule linkproxy_ssl_ablink_sub_customer_com",
                expr + " → ssl full")), r.changes().toString());
        assertTrue(r.changes().contains(Change.create("cache_rule linkproxy_cache_ablink_sub_customer_com",
                expr + " → cache bypassed")), r.changes().toString());
        assertEquals("{\"rules\":[" + wantedConfigRule() + "]}", r.entrypointBody().toString());
        assertEquals("{\"rules\":[" + wantedCacheRule(SPEC) + "]}", r.cacheEntrypointBody().toString());
        assertTrue(r.notes().contains("the zone has no http_config_settings entrypoint ruleset; the PUT creates it"));
        assertTrue(r.notes().contains("the zone has no http_request_cache_settings entrypoint ruleset; the PUT creates it"));
    }

    @Test
    void aCachedTtlIsSummarisedWithItsEdgeTtlAndMode() {
        LinkProxySpec ttl = SPEC.toBuilder().cacheTtl(Duration.ofSeconds(10)).build();
        Result r = diff(ttl, new State());
        assertTrue(r.changes().contains(Change.create("cache_rule linkproxy_cache_ablink_sub_customer_com",
                "(http.host eq \"" + LINK + "\") → cached, edge TTL 10 s (override_origin)")), r.changes().toString());
    }

    @Test
    void ourRulesAreAppendedAfterTheCustomersWhichAreKeptAsTheyAre() {
        State s = new State();
        ObjectNode customer = customerRule();
        s.entrypoint = Optional.of(ruleset(customer));
        Result r = diff(SPEC, s);
        ObjectNode body = r.entrypointBody();
        assertEquals("Cloudflare Config Rules Ruleset", body.path("name").asText());
        assertEquals("This ruleset provides config rules modifications", body.path("description").asText());
        assertEquals(List.of("name", "description", "rules"), fieldNames(body), "only what a PUT takes back");
        assertEquals(customer, body.path("rules").get(0));
        assertEquals(wantedConfigRule(), body.path("rules").get(1));
        assertFalse(r.notes().stream().anyMatch(n -> n.contains("entrypoint ruleset; the PUT creates it")
                && n.contains("http_config_settings")), r.notes().toString());
        // a customer rule before ours is overridden by ours, so it needs no note
        assertFalse(r.notes().stream().anyMatch(n -> n.startsWith("rule ")), r.notes().toString());
    }

    @Test
    void aRulesetWithoutNameOrDescriptionIsPutBackWithRulesOnly() {
        State s = new State();
        ObjectNode bare = ruleset(customerRule());
        bare.putNull("name");
        bare.remove("description");
        s.entrypoint = Optional.of(bare);
        assertEquals(List.of("rules"), fieldNames(diff(SPEC, s).entrypointBody()));
    }

    @Test
    void ourRulesAlreadyInPlaceNeedNoRulesetWrite() {
        State s = new State();
        s.entrypoint = Optional.of(ruleset(customerRule(), answered(wantedConfigRule(), "r1")));
        // Cloudflare may answer our cache rule without the empty status_code_ttl we sent: still the same rule.
        ObjectNode cache = answered(wantedCacheRule(SPEC.toBuilder().cacheTtl(Duration.ofSeconds(10)).build()), "r2");
        ((ObjectNode) cache.path("action_parameters").path("edge_ttl")).remove("status_code_ttl");
        s.cacheEntrypoint = Optional.of(ruleset(cache));
        Result r = diff(SPEC.toBuilder().cacheTtl(Duration.ofSeconds(10)).build(), s);
        assertNull(r.entrypointBody());
        assertNull(r.cacheEntrypointBody());
        assertFalse(r.changes().stream().anyMatch(c -> c.resource().contains("_rule ")), r.changes().toString());
    }

    @Test
    void aStatusCodeTtlTheCustomerAddedToOurCacheRuleIsUndone() {
        // only an empty list counts as absent; a non-empty one changes what is cached and is rewritten
        LinkProxySpec ttl = SPEC.toBuilder().cacheTtl(Duration.ofSeconds(10)).build();
        State s = new State();
        ObjectNode cache = answered(wantedCacheRule(ttl), "r2");
        ((ArrayNode) cache.path("action_parameters").path("edge_ttl").path("status_code_ttl")).addObject()
                .put("status_code", 404).put("value", 60);
        s.cacheEntrypoint = Optional.of(ruleset(cache));
        Result r = diff(ttl, s);
        assertTrue(r.cacheEntrypointBody() != null, "the edited rule is written back");
        assertEquals("[]", r.cacheEntrypointBody().at("/rules/0/action_parameters/edge_ttl/status_code_ttl").toString());
        assertEquals("r2", r.cacheEntrypointBody().at("/rules/0/id").asText());
    }

    @Test
    void ourDriftedRuleIsUpdatedInPlaceKeepingItsIdAndPosition() {
        State s = new State();
        ObjectNode drifted = answered(wantedConfigRule(), "r1");
        ((ObjectNode) drifted.path("action_parameters")).put("ssl", "strict");
        drifted.put("enabled", false);
        ObjectNode customer = customerRule();
        s.entrypoint = Optional.of(ruleset(drifted, customer));
        Result r = diff(SPEC, s);
        String res = "config_rule linkproxy_ssl_ablink_sub_customer_com";
        assertEquals(List.of(Change.update(res, "action_parameters", "{\"ssl\":\"strict\"}", "{\"ssl\":\"full\"}"),
                Change.update(res, "enabled", "false", "true")),
                r.changes().stream().filter(c -> c.resource().equals(res)).toList());
        ObjectNode written = wantedConfigRule().deepCopy().put("id", "r1");
        assertEquals(List.of(written, customer), List.copyOf(iterable(r.entrypointBody().path("rules"))));
    }

    @Test
    void ourDriftedRuleWithoutAnIdIsRewrittenWithoutOne() {
        State s = new State();
        ObjectNode drifted = wantedConfigRule().deepCopy().put("description", "edited by hand");
        s.entrypoint = Optional.of(ruleset(drifted));
        Result r = diff(SPEC, s);
        assertEquals(wantedConfigRule(), r.entrypointBody().path("rules").get(0));
        assertTrue(r.changes().contains(Change.update("config_rule linkproxy_ssl_ablink_sub_customer_com",
                "description", "edited by hand", wantedConfigRule().path("description").asText())), r.changes().toString());
    }

    @Test
    void aFieldMissingFromOurLiveRuleIsShownAsUnset() {
        State s = new State();
        ObjectNode partial = answered(wantedConfigRule(), "r1");
        partial.remove("enabled");
        s.entrypoint = Optional.of(ruleset(partial));
        assertTrue(diff(SPEC, s).changes().contains(Change.update("config_rule linkproxy_ssl_ablink_sub_customer_com",
                "enabled", "(unset)", "true")));
    }

    @Test
    void aRuleAfterOursThatSetsTheSameThingIsNotedBecauseItWins() {
        State s = new State();
        ObjectNode later = customerRule();
        ObjectNode laterWithoutId = customerRule().put("ref", "customer_ref");
        laterWithoutId.remove("id");
        ObjectNode laterAnonymous = customerRule();
        laterAnonymous.remove("id");
        laterAnonymous.remove("ref");
        ObjectNode disabled = customerRule().put("id", "off1").put("enabled", false);
        ObjectNode noSsl = customerRule().put("id", "nossl");
        ((ObjectNode) noSsl.path("action_parameters")).remove("ssl");
        s.entrypoint = Optional.of(ruleset(answered(wantedConfigRule(), "r1"), later, laterWithoutId, laterAnonymous,
                disabled, noSsl));
        List<String> notes = diff(SPEC, s).notes().stream().filter(n -> n.startsWith("rule ")).toList();
        String tail = " (" + later.path("expression").asText() + ") comes after linkproxy's and sets ssl off; if it "
                + "matches a link domain it wins";
        assertEquals(List.of("rule 78723a9e0c7c4c6dbec5684cb766231d" + tail, "rule customer_ref" + tail, "rule ?" + tail),
                notes);
    }

    @Test
    void aLaterCacheRuleIsNotedWithItsCacheSettings() {
        State s = new State();
        ObjectNode everything = customerRule().put("id", "c9").put("action", "set_cache_settings")
                .put("expression", "(http.host contains \"customer.com\")");
        everything.putObject("action_parameters").put("cache", true);
        ObjectNode notCache = customerRule().put("id", "c10");
        s.cacheEntrypoint = Optional.of(ruleset(answered(wantedCacheRule(SPEC), "r2"), everything, notCache));
        Result r = diff(SPEC, s);
        assertNull(r.cacheEntrypointBody());
        assertEquals(List.of("rule c9 ((http.host contains \"customer.com\")) comes after linkproxy's and sets cache "
                + "settings {\"cache\":true}; if it matches a link domain it wins"),
                r.notes().stream().filter(n -> n.startsWith("rule ")).toList());
    }

    @Test
    void anEntrypointAnsweredWithoutRulesIsTakenAsEmpty() {
        State s = new State();
        ObjectNode empty = ruleset();
        empty.remove("rules");
        s.entrypoint = Optional.of(empty);
        Result r = diff(SPEC, s);
        assertEquals(1, r.entrypointBody().path("rules").size());
        assertEquals(wantedConfigRule(), r.entrypointBody().path("rules").get(0));
    }

    @Test
    void whenARefRepeatsTheFirstRuleWithItIsOurs() {
        State s = new State();
        ObjectNode first = answered(wantedConfigRule(), "r1");
        ObjectNode second = answered(wantedConfigRule(), "r2");
        ((ObjectNode) second.path("action_parameters")).put("ssl", "strict");
        s.entrypoint = Optional.of(ruleset(first, second));
        // the first copy matches: nothing to write, even though a later copy differs
        assertNull(diff(SPEC, s).entrypointBody());
    }

    // ---- per-hostname TLS ---------------------------------------------------------------------------------------

    @Test
    void withoutAcmTheMinimumTlsIsNotedAsZoneWideAndNotChanged() {
        Result r = diff(SPEC, new State());
        assertEquals(List.of(), r.tlsHosts());
        assertTrue(r.notes().contains("min_tls_version 1.2 for " + LINK + " is not set: per-hostname TLS settings need "
                + "Advanced Certificate Manager, which the zone does not have, so the zone-wide min_tls_version 1.0 "
                + "applies (linkproxy never changes the zone-wide value); the link domain is served all the same"),
                r.notes().toString());
        assertFalse(r.changes().stream().anyMatch(c -> c.resource().startsWith("hostname_setting")));
    }

    @Test
    void withAcmOnlyHostnamesWhoseValueDiffersAreSet() {
        State s = new State();
        s.advanced = true;
        s.hostnameTls = Optional.of(Map.of(LINK, "1.0", OTHER, "1.3"));
        LinkProxySpec spec = SPEC.toBuilder().linkDomains(LINK, OTHER, "go.sub.customer.com")
                .minViewerTls(TlsVersion.TLS_1_3).build();
        Result r = diff(spec, s);
        assertEquals(List.of(LINK, "go.sub.customer.com"), r.tlsHosts());
        assertEquals(List.of(Change.update("hostname_setting min_tls_version " + LINK, "value", "1.0", "1.3"),
                Change.update("hostname_setting min_tls_version go.sub.customer.com", "value", "(zone-wide)", "1.3")),
                r.changes().stream().filter(c -> c.resource().startsWith("hostname_setting")).toList());
        assertFalse(r.notes().stream().anyMatch(n -> n.startsWith("min_tls_version")), r.notes().toString());
    }

    // ---- certificates -------------------------------------------------------------------------------------------

    @Test
    void everythingInPlaceIsAnEmptyDiff() {
        State s = new State();
        s.records.put(LINK, List.of(ours(LINK)));
        s.entrypoint = Optional.of(ruleset(answered(wantedConfigRule(), "r1")));
        s.cacheEntrypoint = Optional.of(ruleset(answered(wantedCacheRule(SPEC), "r2")));
        s.advanced = true;
        s.hostnameTls = Optional.of(Map.of(LINK, "1.2"));
        Result r = diff(SPEC, s);
        assertTrue(r.isEmpty(), r.changes().toString());
        assertEquals(List.of(), r.held());
        assertNull(r.certificateBody());
        assertEquals(Optional.empty(), r.pending());
        assertEquals(List.of(), r.notes());
    }

    @Test
    void anUncoveredLinkDomainGetsAnAdvancedPackOrderedAndItsRecordHeld() {
        State s = new State();
        s.certificates = new ArrayList<>(List.of(pack("active", ZONE, "*." + ZONE)));
        Result r = diff(SPEC, s);
        assertEquals(wanted(SPEC).path("certificate"), r.certificateBody());
        assertTrue(r.changes().contains(Change.create("certificate_pack advanced",
                "hosts [\"customer.com\",\"ablink.sub.customer.com\"], txt validation by lets_encrypt, 90 days")),
                r.changes().toString());
        assertTrue(r.notes().contains("Universal SSL does not cover [" + LINK + "]; an advanced certificate pack is "
                + "ordered (Advanced Certificate Manager). On a full DNS set-up Cloudflare publishes its TXT validation "
                + "records itself; await shows them while pending"), r.notes().toString());
        assertEquals(List.of(LINK), r.held());
        assertTrue(r.notes().contains("the proxied record of [" + LINK + "] is written last, once the certificate for "
                + "it is active (await writes it, or apply again): until then the name keeps its current record, so "
                + "its clicks keep working exactly as today"), r.notes().toString());
    }

    @Test
    void anUncoveredLinkDomainWithPemFilesGetsThemUploaded() {
        LinkProxySpec pem = SPEC.toBuilder().certificate("pem:/tmp/c.pem,/tmp/k.pem").build();
        State s = new State();
        s.certificates = new ArrayList<>(List.of(Payloads.item("custom-certificate-create.json")));
        Result r = CloudflareDiff.diff(wanted(pem), s.live(), false, false);
        assertEquals(wanted(pem).path("certificate"), r.certificateBody());
        assertTrue(r.changes().contains(Change.create("custom_certificate sni_custom", "covering [" + LINK + "]")),
                r.changes().toString());
        assertTrue(r.notes().contains("no custom certificate covers [" + LINK + "]; the PEM files are uploaded as an "
                + "sni_custom certificate (Business or Enterprise plan)"), r.notes().toString());
    }

    @Test
    void aRecordAlreadyInPlaceIsNotDescribedAsWaitingForItsCertificate() {
        State s = new State();
        s.records.put(LINK, List.of(ours(LINK)));
        s.certificates = new ArrayList<>();
        Result r = diff(SPEC, s);
        assertEquals(List.of(LINK), r.held());
        assertFalse(r.notes().stream().anyMatch(n -> n.startsWith("the proxied record of")), r.notes().toString());
    }

    @Test
    void aPendingPackHoldsTheRecordAndShowsItsValidationRecords() {
        State s = new State();
        ObjectNode pending = pack("pending_validation", ZONE, LINK, OTHER);
        pending.putArray("validation_records").add(mapper().createObjectNode()
                        .put("txt_name", "_acme-challenge." + LINK).put("txt_value", "ZPjXFEDBWCSn6wDR"))
                .add(mapper().createObjectNode().put("http_url", "http://" + OTHER + "/.well-known/acme-challenge/x"))
                .add(mapper().createObjectNode().put("emails", "admin@customer.com"));
        s.certificates = new ArrayList<>(List.of(pending));
        Result r = diff(SPEC.toBuilder().linkDomains(LINK, OTHER).build(), s);
        assertNull(r.certificateBody());
        assertEquals(Optional.of(pending), r.pending());
        assertEquals(List.of(LINK, OTHER), r.held());
        List<String> packNotes = r.notes().stream().filter(n -> n.startsWith("certificate pack")).toList();
        assertEquals(List.of("certificate pack 3822ff90-ea29-44df-9e55-21300bb9419b covering [\"customer.com\",\""
                + LINK + "\",\"" + OTHER + "\"] is pending_validation; validation records: TXT _acme-challenge." + LINK
                + " = ZPjXFEDBWCSn6wDR HTTP http://" + OTHER + "/.well-known/acme-challenge/x"), packNotes,
                "one note for the one pending pack, however many link domains it covers");
    }

    @Test
    void aPendingCustomCertificateWithoutValidationRecordsIsNamedAsSuch() {
        LinkProxySpec pem = SPEC.toBuilder().certificate("pem:/tmp/c.pem,/tmp/k.pem").build();
        ObjectNode cert = Payloads.item("custom-certificate-create.json").put("status", "pending");
        cert.putArray("hosts").add(LINK);
        cert.putArray("validation_records");
        State s = new State();
        s.certificates = new ArrayList<>(List.of(cert));
        Result r = CloudflareDiff.diff(wanted(pem), s.live(), false, false);
        assertTrue(r.notes().contains("custom certificate 7e7b8deba8538af625850b7b2530034c covering [\"" + LINK
                + "\"] is pending"), r.notes().toString());
    }

    @Test
    void deadCertificatesCoverNothingAndAnActiveOneWinsOverAnEarlierPendingOne() {
        ObjectNode expired = pack("expired", LINK).put("id", "dead");
        ObjectNode pending = pack("pending_validation", "*.sub.customer.com").put("id", "pending");
        ObjectNode later = pack("initializing", LINK).put("id", "later");
        ObjectNode active = pack("active", LINK).put("id", "active");
        assertEquals(Optional.empty(), CloudflareDiff.coveringCertificate(LINK, List.of(expired)));
        assertEquals(Optional.of(active), CloudflareDiff.coveringCertificate(LINK, List.of(expired, pending, active)));
        assertEquals(Optional.of(pending), CloudflareDiff.coveringCertificate(LINK, List.of(pending, later)));
        assertEquals(Optional.empty(), CloudflareDiff.coveringCertificate("a.b.sub.customer.com", List.of(pending)),
                "a wildcard stands for one label only");
        for (String status : List.of("deleted", "pending_deletion", "deactivating", "inactive", "initializing_timed_out",
                "validation_timed_out", "issuance_timed_out", "deployment_timed_out", "deletion_timed_out",
                "pending_cleanup")) {
            assertEquals(Optional.empty(), CloudflareDiff.coveringCertificate(LINK, List.of(pack(status, LINK))), status);
        }
    }

    @Test
    void aCertificateCoversOnlyTheNamesItLists() {
        assertTrue(CloudflareDiff.covers(pack("active", ZONE, "*.sub.customer.com").path("hosts"), LINK));
        assertFalse(CloudflareDiff.covers(pack("active", ZONE, "*.customer.com").path("hosts"), LINK));
        assertFalse(CloudflareDiff.covers(pack("active").path("hosts"), LINK));
    }

    private static com.fasterxml.jackson.databind.ObjectMapper mapper() {
        return CloudflareApi.JSON;
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static List<JsonNode> iterable(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out;
    }
}
