package dev.linkproxy.fastly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.linkproxy.core.LinkProxySpec;
import dev.linkproxy.core.ViewerProtocol;
import dev.linkproxy.core.spi.Change;
import dev.linkproxy.fastly.FastlyDiff.Edit;
import dev.linkproxy.fastly.FastlyDiff.Kind;
import dev.linkproxy.fastly.FastlyDiff.TlsLive;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Which edits the diff asks for and which live objects it leaves alone, for the service version and the account's
 * TLS objects. Pure: the live version is what linkproxy rendered, answered back in Fastly's own shapes (a snippet as
 * go-fastly's {@code vcl_snippets/update_versioned.yaml} recorded it: priority and dynamic as strings; booleans as
 * 1/0), with only the fields a test is about changed.
 */
class FastlyDiffTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LINK = FastlyApplyTest.LINK;
    private static final String SECOND = FastlyApplyTest.SECOND;
    private static final String SERVICE_ID = "kKJb5bOFI47uHeBVluGfX1";

    private static ObjectNode wanted(LinkProxySpec spec) {
        return FastlyRenderer.render(spec).config();
    }

    private static ObjectNode wanted() {
        return wanted(FastlyApplyTest.spec());
    }

    /** The recorded snippet answer with the rendered snippet's fields. */
    private static ObjectNode answeredSnippet(JsonNode rendered) {
        ObjectNode recorded = (ObjectNode) Recording.json(Recording.of("vcl_snippets/update_versioned").first("PUT")
                .responseBody());
        return recorded.setAll((ObjectNode) rendered.deepCopy());
    }

    /** The active version as {@code GET /service/{id}/details} would hold it after linkproxy wrote {@code wanted}. */
    private static ObjectNode live(ObjectNode wanted) {
        ObjectNode v = JSON.createObjectNode().put("number", 3).put("active", true).put("service_id", SERVICE_ID);
        ArrayNode domains = v.putArray("domains");
        wanted.path("domains").forEach(d -> domains.add(((ObjectNode) d.deepCopy()).put("version", 3)
                .put("service_id", SERVICE_ID)));
        ArrayNode backends = v.putArray("backends");
        for (JsonNode b : wanted.path("backends")) {
            ObjectNode answered = ((ObjectNode) b.deepCopy()).put("version", 3).put("service_id", SERVICE_ID)
                    .put("weight", 100).putNull("healthcheck");
            // Fastly may answer booleans as 1/0
            answered.put("use_ssl", b.path("use_ssl").asBoolean() ? "1" : "0");
            backends.add(answered);
        }
        ArrayNode snippets = v.putArray("snippets");
        wanted.path("snippets").forEach(s -> snippets.add(answeredSnippet(s)));
        v.set("settings", wanted.path("settings").deepCopy());
        return v;
    }

    private static List<Edit> edits(ObjectNode wanted, JsonNode live, Kind kind) {
        return FastlyDiff.versionEdits(wanted, live).stream().filter(e -> e.kind() == kind).toList();
    }

    private static TlsLive tls(String subscriptionId, List<String> domains) {
        return new TlsLive(subscriptionId, "issued", domains, List.of(), "cfg1", "t.sni.global.fastly.net", Map.of(),
                Map.of(), Map.of(), domains.isEmpty() ? null : domains.get(0), List.of());
    }

    private static TlsLive uploaded(Map<String, String> activations, Map<String, String> certificateIds) {
        return new TlsLive(null, "activated", List.of(), List.of(), "cfg1", "", activations, Map.of(), certificateIds,
                null, List.of());
    }

    // ---- the service version ------------------------------------------------------------------------------------

    @Test
    void aNewServiceGetsEveryRenderedObjectCreated() {
        List<Edit> edits = FastlyDiff.versionEdits(wanted(), null);
        assertEquals(List.of(
                new Edit(Change.Action.CREATE, Kind.DOMAIN, LINK, Map.of("name", LINK, "comment", "linkproxy"), Map.of()),
                new Edit(Change.Action.CREATE, Kind.BACKEND, "linkproxy_origin", FastlyDiff.form(wanted().at("/backends/0")),
                        Map.of()),
                new Edit(Change.Action.CREATE, Kind.SNIPPET, "linkproxy_recv", FastlyDiff.form(wanted().at("/snippets/0")),
                        Map.of()),
                new Edit(Change.Action.UPDATE, Kind.SETTINGS, "", Map.of("general.default_ttl", "0"),
                        Map.of("general.default_ttl", ""))), edits);
    }

    @Test
    void aBackendIsSentAsFormFieldsWithoutItsUnsetOnes() {
        assertEquals(List.of("name", "address", "port", "use_ssl", "ssl_cert_hostname", "ssl_sni_hostname",
                "ssl_check_cert", "min_tls_version", "first_byte_timeout", "keepalive_time"),
                List.copyOf(FastlyDiff.form(wanted().at("/backends/0")).keySet()), "override_host is never sent");
        Map<String, String> form = FastlyDiff.form(wanted().at("/backends/0"));
        assertEquals("443", form.get("port"));
        assertEquals("true", form.get("use_ssl"));
        assertEquals("30000", form.get("first_byte_timeout"));
        assertEquals("", FastlyDiff.text(null));
        assertEquals("", FastlyDiff.text(JSON.nullNode()));
        assertEquals("", FastlyDiff.text(JSON.missingNode()));
    }

    @Test
    void aVersionAsLinkproxyLeftItNeedsNoEdit() {
        assertEquals(List.of(), FastlyDiff.versionEdits(wanted(), live(wanted())));
        LinkProxySpec redirect = FastlyApplyTest.spec().toBuilder().viewerProtocol(ViewerProtocol.REDIRECT_TO_HTTPS)
                .originKeepAlive(Duration.ofSeconds(1)).build();
        // keepalive_time 1 is a number, not the boolean "1": no edit either
        assertEquals(List.of(), FastlyDiff.versionEdits(wanted(redirect), live(wanted(redirect))));
    }

    @Test
    void onlyDomainsLinkproxyAddedAreRemovedWhenTheSpecDropsThem() {
        ObjectNode live = live(wanted(FastlyApplyTest.spec().toBuilder().linkDomains(LINK, SECOND).build()));
        ((ArrayNode) live.path("domains")).addObject().put("name", "www.example.com").put("comment", "the shop");
        ((ArrayNode) live.path("domains")).addObject().put("name", "static.example.com").putNull("comment");
        assertEquals(List.of(new Edit(Change.Action.DELETE, Kind.DOMAIN, SECOND, Map.of(), Map.of())),
                edits(wanted(), live, Kind.DOMAIN));
    }

    @Test
    void aMissingLinkDomainIsAddedBesideTheCustomersOwn() {
        ObjectNode live = live(wanted());
        ((ArrayNode) live.path("domains")).removeAll().addObject().put("name", "www.example.com").put("comment", "");
        assertEquals(List.of(new Edit(Change.Action.CREATE, Kind.DOMAIN, LINK, Map.of("name", LINK, "comment",
                "linkproxy"), Map.of())), edits(wanted(), live, Kind.DOMAIN));
    }

    @Test
    void aDriftedBackendIsUpdatedOnlyInTheFieldsThatDiffer() {
        ObjectNode live = live(wanted());
        ((ObjectNode) live.at("/backends/0")).put("port", 80).put("use_ssl", "0").put("ssl_check_cert", false)
                .put("override_host", "drifted.example").put("first_byte_timeout", 30000);
        Edit edit = edits(wanted(), live, Kind.BACKEND).get(0);
        assertEquals(Change.Action.UPDATE, edit.action());
        assertEquals("linkproxy_origin", edit.name());
        Map<String, String> to = new LinkedHashMap<>();
        to.put("port", "443");
        to.put("use_ssl", "true");
        to.put("ssl_check_cert", "true");
        to.put("override_host", "");
        assertEquals(to, edit.fields());
        assertEquals(List.copyOf(to.keySet()), List.copyOf(edit.fields().keySet()), "in the rendered order");
        assertEquals(Map.of("port", "80", "use_ssl", "false", "ssl_check_cert", "false", "override_host",
                "drifted.example"), edit.from());
    }

    @Test
    void booleansAnsweredAsOneAndZeroOrTrueAndFalseAreTheSame() {
        ObjectNode live = live(wanted());
        ((ObjectNode) live.at("/backends/0")).put("use_ssl", "1").put("ssl_check_cert", "true");
        assertEquals(List.of(), edits(wanted(), live, Kind.BACKEND));
        ((ObjectNode) live.at("/backends/0")).put("ssl_check_cert", "0");
        assertEquals(Map.of("ssl_check_cert", "false"), edits(wanted(), live, Kind.BACKEND).get(0).from());
    }

    @Test
    void aMissingBackendIsCreatedAndTheCustomersBackendsAreLeftAlone() {
        ObjectNode live = live(wanted());
        ((ArrayNode) live.path("backends")).removeAll().addObject().put("name", "F_shop").put("address", "shop.example")
                .put("port", 443);
        assertEquals(List.of(new Edit(Change.Action.CREATE, Kind.BACKEND, "linkproxy_origin",
                FastlyDiff.form(wanted().at("/backends/0")), Map.of())), edits(wanted(), live, Kind.BACKEND));
    }

    @Test
    void aSnippetIsUpdatedInPlaceWhenAnyOfItsFieldsDiffers() {
        for (String[] drift : new String[][] {{"type", "deliver"}, {"content", "return(lookup);\n"},
                {"priority", "456"}, {"dynamic", "1"}}) {
            ObjectNode live = live(wanted());
            ((ObjectNode) live.at("/snippets/0")).put(drift[0], drift[1]);
            assertEquals(List.of(new Edit(Change.Action.UPDATE, Kind.SNIPPET, "linkproxy_recv",
                    FastlyDiff.form(wanted().at("/snippets/0")), Map.of())), edits(wanted(), live, Kind.SNIPPET),
                    drift[0]);
        }
    }

    @Test
    void snippetsNoLongerRenderedAreDeletedOnlyWhenTheyAreLinkproxys() {
        LinkProxySpec redirect = FastlyApplyTest.spec().toBuilder().viewerProtocol(ViewerProtocol.REDIRECT_TO_HTTPS)
                .build();
        ObjectNode live = live(wanted());
        ((ArrayNode) live.path("snippets")).add(answeredSnippet(wanted(redirect).at("/snippets/1")));
        ((ArrayNode) live.path("snippets")).add(answeredSnippet(JSON.createObjectNode().put("name", "shop_recv")
                .put("type", "recv").put("content", "set req.http.X-Shop = \"1\";\n")));
        assertEquals(List.of(new Edit(Change.Action.DELETE, Kind.SNIPPET, "linkproxy_error", Map.of(), Map.of())),
                edits(wanted(), live, Kind.SNIPPET));
    }

    @Test
    void aNewSnippetIsCreated() {
        LinkProxySpec redirect = FastlyApplyTest.spec().toBuilder().viewerProtocol(ViewerProtocol.REDIRECT_TO_HTTPS)
                .build();
        assertEquals(List.of(
                new Edit(Change.Action.UPDATE, Kind.SNIPPET, "linkproxy_recv", FastlyDiff.form(wanted(redirect)
                        .at("/snippets/0")), Map.of()),
                new Edit(Change.Action.CREATE, Kind.SNIPPET, "linkproxy_error", FastlyDiff.form(wanted(redirect)
                        .at("/snippets/1")), Map.of())),
                edits(wanted(redirect), live(wanted()), Kind.SNIPPET));
    }

    @Test
    void theFallbackTtlIsUpdatedFromWhatTheVersionHolds() {
        ObjectNode live = live(wanted());
        ((ObjectNode) live.path("settings")).put("general.default_ttl", 3600).put("general.stale_if_error", false);
        assertEquals(List.of(new Edit(Change.Action.UPDATE, Kind.SETTINGS, "", Map.of("general.default_ttl", "0"),
                Map.of("general.default_ttl", "3600"))), edits(wanted(), live, Kind.SETTINGS));
        live.remove("settings");
        assertEquals(List.of(new Edit(Change.Action.UPDATE, Kind.SETTINGS, "", Map.of("general.default_ttl", "0"),
                Map.of("general.default_ttl", ""))), edits(wanted(), live, Kind.SETTINGS));
    }

    // ---- edits for a person -------------------------------------------------------------------------------------

    @Test
    void aCreateIsShownAsOneChangeWithoutItsNameOrContent() {
        List<Edit> edits = FastlyDiff.versionEdits(wanted(), null);
        String where = "service (new) version 1: ";
        assertEquals(List.of(Change.create(where + "domain " + LINK, "comment=linkproxy")), edits.get(0).changes(where));
        assertEquals(List.of(Change.create(where + "backend linkproxy_origin", "address=sendgrid.net, port=443, "
                + "use_ssl=true, ssl_cert_hostname=sendgrid.net, ssl_sni_hostname=sendgrid.net, ssl_check_cert=true, "
                + "min_tls_version=1.2, first_byte_timeout=30000, keepalive_time=5")), edits.get(1).changes(where));
        assertEquals(List.of(Change.create(where + "snippet linkproxy_recv", "type=recv, dynamic=0, priority=100")),
                edits.get(2).changes(where));
    }

    @Test
    void anUpdateIsOneChangePerFieldWithUnsetAndLineBreaksShown() {
        Edit settings = new Edit(Change.Action.UPDATE, Kind.SETTINGS, "", Map.of("general.default_ttl", "0"),
                Map.of("general.default_ttl", ""));
        assertEquals(List.of(Change.update("v: settings", "general.default_ttl", "(unset)", "0")), settings.changes("v: "));
        Map<String, String> to = new LinkedHashMap<>();
        to.put("content", "return(pass);\n");
        to.put("override_host", "");
        Edit snippet = new Edit(Change.Action.UPDATE, Kind.SNIPPET, "linkproxy_recv", to, Map.of("content", "a\nb"));
        assertEquals(List.of(Change.update("snippet linkproxy_recv", "content", "a⏎b", "return(pass);⏎"),
                Change.update("snippet linkproxy_recv", "override_host", "(unset)", "(unset)")), snippet.changes(""));
    }

    @Test
    void aDeleteIsShownAsOneChange() {
        Edit delete = new Edit(Change.Action.DELETE, Kind.DOMAIN, SECOND, Map.of(), Map.of());
        assertEquals(List.of(Change.delete("w: domain " + SECOND, "")), delete.changes("w: "));
    }

    @Test
    void onlyServiceObjectsAreMadeInAVersion() {
        for (Kind kind : Kind.values()) {
            boolean versioned = new Edit(Change.Action.CREATE, kind, "x", Map.of(), Map.of()).versioned();
            assertEquals(Set.of(Kind.DOMAIN, Kind.BACKEND, Kind.SNIPPET, Kind.SETTINGS).contains(kind), versioned,
                    kind.name());
        }
    }

    @Test
    void anEditKeepsItsOwnCopyOfTheFields() {
        Map<String, String> fields = new LinkedHashMap<>(Map.of("port", "443"));
        Edit edit = new Edit(Change.Action.UPDATE, Kind.BACKEND, "linkproxy_origin", fields, new LinkedHashMap<>());
        fields.put("port", "80");
        assertEquals(Map.of("port", "443"), edit.fields());
        assertThrows(UnsupportedOperationException.class, () -> edit.fields().put("port", "8080"));
        assertThrows(UnsupportedOperationException.class, () -> edit.from().put("port", "8080"));
    }

    // ---- TLS ----------------------------------------------------------------------------------------------------

    @Test
    void withoutASubscriptionOneIsCreatedForEveryLinkDomain() {
        ObjectNode tls = (ObjectNode) FastlyRenderer.render(FastlyApplyTest.spec(), "globalsign").config().path("tls");
        assertEquals(List.of(new Edit(Change.Action.CREATE, Kind.TLS_SUBSCRIPTION, LINK + "," + SECOND,
                Map.of("certificate_authority", "globalsign", "tls_domains", LINK + "," + SECOND), Map.of())),
                FastlyDiff.tlsEdits(tls, List.of(LINK, SECOND), tls(null, List.of()), null, Set.of()));
    }

    @Test
    void aSubscriptionCoveringEveryLinkDomainNeedsNoEdit() {
        ObjectNode tls = (ObjectNode) wanted().path("tls");
        assertEquals(List.of(), FastlyDiff.tlsEdits(tls, List.of(LINK), tls("sub1", List.of("www.example.com", LINK)),
                null, Set.of()));
    }

    @Test
    void aSharedSubscriptionGrowsByTheNewLinkDomainsAndKeepsItsOthers() {
        ObjectNode tls = (ObjectNode) wanted().path("tls");
        assertEquals(List.of(new Edit(Change.Action.UPDATE, Kind.TLS_SUBSCRIPTION, "sub1",
                Map.of("tls_domains", "www.example.com," + LINK + "," + SECOND),
                Map.of("tls_domains", "www.example.com," + LINK))),
                FastlyDiff.tlsEdits(tls, List.of(LINK, SECOND), tls("sub1", List.of("www.example.com", LINK)), null,
                        Set.of()));
    }

    @Test
    void aRetiredLinkDomainLeavesTheSubscriptionOnlyAfterItGrew() {
        ObjectNode tls = (ObjectNode) wanted().path("tls");
        String old = "old.news.example.com";
        assertEquals(List.of(
                new Edit(Change.Action.UPDATE, Kind.TLS_SUBSCRIPTION, "sub1", Map.of("tls_domains", old + "," + LINK),
                        Map.of("tls_domains", old)),
                new Edit(Change.Action.UPDATE, Kind.TLS_SUBSCRIPTION, "sub1", Map.of("tls_domains", LINK),
                        Map.of("tls_domains", old + "," + LINK))),
                FastlyDiff.tlsEdits(tls, List.of(LINK), tls("sub1", List.of(old)), null, Set.of(old)));
        assertEquals(List.of(new Edit(Change.Action.UPDATE, Kind.TLS_SUBSCRIPTION, "sub1", Map.of("tls_domains", LINK),
                        Map.of("tls_domains", old + "," + LINK))),
                FastlyDiff.tlsEdits(tls, List.of(LINK), tls("sub1", List.of(old, LINK)), null, Set.of(old)),
                "nothing to add: it only shrinks");
    }

    @Test
    void anUploadedCertificateNeedsItsSerial() {
        ObjectNode tls = (ObjectNode) pemTls();
        NullPointerException e = assertThrows(NullPointerException.class,
                () -> FastlyDiff.tlsEdits(tls, List.of(LINK), uploaded(Map.of(), Map.of()), null, Set.of()));
        assertEquals("pemSerial", e.getMessage());
    }

    @Test
    void aNewUploadIsOneCertificateAndAnActivationPerLinkDomain() {
        assertEquals(List.of(
                new Edit(Change.Action.CREATE, Kind.TLS_CERTIFICATE, "serial 1234", Map.of("key_file", "/etc/link/k.pem",
                        "certificate_file", "/etc/link/c.pem"), Map.of()),
                new Edit(Change.Action.CREATE, Kind.TLS_ACTIVATION, LINK, Map.of("tls_certificate", "serial 1234"), Map.of()),
                new Edit(Change.Action.CREATE, Kind.TLS_ACTIVATION, SECOND, Map.of("tls_certificate", "serial 1234"),
                        Map.of())),
                FastlyDiff.tlsEdits(pemTls(), List.of(LINK, SECOND), uploaded(Map.of(), Map.of()), "1234", Set.of()));
    }

    @Test
    void anAlreadyUploadedCertificateIsOnlyActivated() {
        assertEquals(List.of(new Edit(Change.Action.UPDATE, Kind.TLS_ACTIVATION, SECOND,
                        Map.of("tls_certificate", "serial 1234"), Map.of("tls_certificate", "serial 999"))),
                FastlyDiff.tlsEdits(pemTls(), List.of(LINK, SECOND), uploaded(Map.of(LINK, "1234", SECOND, "999"),
                        Map.of("1234", "cert1", "999", "cert0")), "1234", Set.of()));
    }

    @Test
    void aCertificateServingEveryLinkDomainNeedsNoEditEvenIfNotListed() {
        assertEquals(List.of(), FastlyDiff.tlsEdits(pemTls(), List.of(LINK, SECOND),
                uploaded(Map.of(LINK, "1234", SECOND, "1234"), Map.of()), "1234", Set.of()));
    }

    @Test
    void theTlsStateIsNeverNullAndItsListsAreCopies() {
        List<String> domains = new ArrayList<>(List.of(LINK));
        TlsLive live = new TlsLive(null, null, domains, List.of(), null, null, Map.of(), Map.of(), Map.of(), null,
                List.of());
        domains.add(SECOND);
        assertEquals("", live.state());
        assertEquals("", live.cutoverTarget());
        assertEquals(List.of(LINK), live.domains());
        assertEquals("issued", tls("s", List.of()).state());
        assertEquals("t.sni.global.fastly.net", tls("s", List.of()).cutoverTarget());
    }

    private static ObjectNode pemTls() {
        return (ObjectNode) wanted(FastlyApplyTest.spec().toBuilder().linkDomains(LINK, SECOND)
                .certificate("pem:/etc/link/c.pem,/etc/link/k.pem").build()).path("tls");
    }
}
