package dev.linkproxy.fastly;

import static dev.linkproxy.fastly.Journal.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.linkproxy.core.CdnException;
import dev.linkproxy.core.LinkProxySpec;
import dev.linkproxy.core.spi.CdnClient;
import dev.linkproxy.core.spi.Deployment;
import dev.linkproxy.core.spi.Plan;
import dev.linkproxy.core.spi.Progress;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Create, re-apply, drift and update flows on the fake Fastly, with the calls each makes. */
class FastlyApplyTest {

    static final String LINK = "ablink.news.example.com";
    static final String SECOND = "ablink.info.example.com";
    static final String VERSION = "/service/{id}/version/{v}";

    private final FakeFastlyServer server = new FakeFastlyServer();

    @AfterEach
    void stop() {
        server.close();
    }

    static LinkProxySpec spec() {
        return LinkProxySpec.builder().linkDomains(LINK).certificate("managed").build();
    }

    private Deployment apply(LinkProxySpec spec) {
        try (CdnClient c = server.client()) {
            return c.apply(spec, Progress.NONE);
        }
    }

    private Plan plan(LinkProxySpec spec) {
        try (CdnClient c = server.client()) {
            return c.plan(spec);
        }
    }

    @Test
    void createBuildsVersionOneThenValidatesActivatesAndOrdersTheCertificate() {
        Deployment d = apply(spec());

        Journal journal = server.journal();
        assertThat(journal).made("POST /service").once();
        assertThat(journal).made("POST " + VERSION + "/domain").once();
        Map<String, String> backend = assertThat(journal).made("POST " + VERSION + "/backend").onceWithForm();
        assertEquals("sendgrid.net", backend.get("address"));
        assertEquals("443", backend.get("port"));
        assertEquals("true", backend.get("use_ssl"));
        assertEquals("sendgrid.net", backend.get("ssl_cert_hostname"));
        assertEquals("sendgrid.net", backend.get("ssl_sni_hostname"));
        assertEquals("true", backend.get("ssl_check_cert"));
        assertEquals("1.2", backend.get("min_tls_version"));
        assertEquals("30000", backend.get("first_byte_timeout"));
        assertFalse(backend.containsKey("override_host"), "override_host must stay unset so the client's Host passes");
        assertTrue(assertThat(journal).made("POST " + VERSION + "/snippet").onceWithForm().get("content")
                .contains("return(pass);"));
        assertEquals("0", assertThat(journal).made("PUT " + VERSION + "/settings").onceWithForm().get("general.default_ttl"));
        assertThat(journal).made("GET " + VERSION + "/validate").once();
        assertThat(journal).made("PUT /service/{id}/version/1/activate").once();
        assertThat(journal).made("POST /tls/subscriptions").once();
        assertThat(journal).madeCalls(7, 7);

        String order = journal.calls().stream().map(c -> c.method() + " " + c.path()).reduce("", (a, b) -> a + " " + b);
        // Make before break: the certificate is asked for before the version serving the domain is activated.
        assertTrue(order.indexOf("POST /tls/subscriptions") < order.indexOf("POST /service ")
                && order.indexOf("/settings") < order.indexOf("/validate")
                && order.indexOf("/validate") < order.indexOf("/activate"), order);

        assertTrue(server.fastly.onlyService().version(1).active);
        assertEquals("t.sni.global.fastly.net", d.cutoverTarget().hostName(),
                "read from dns_records; no dual-stack name is listed, so none is invented");
        assertEquals("CNAME _acme-challenge." + LINK + " → ablink-news-example-com.fastly-validations.com",
                d.resources().get("acme_challenge_1"));
        assertEquals(Deployment.Status.IN_PROGRESS, d.status());
    }

    @Test
    void aSecondApplyMakesNoWrites() {
        apply(spec());
        Journal before = server.journal();
        apply(spec());
        Journal again = server.journal().since(before);
        assertThat(again).madeNoWrites();
        assertThat(again).madeCalls(4, 0);
        assertTrue(plan(spec()).isEmpty());
    }

    @Test
    void driftIsRepairedThroughANewVersionChangingOnlyTheDriftedFields() {
        apply(spec());
        FakeFastly.Ver v1 = server.fastly.onlyService().version(1);
        v1.backends.get("linkproxy_origin").put("first_byte_timeout", "5000").put("override_host", "evil.example");

        Plan plan = plan(spec());
        assertEquals(3, plan.changes().size(), plan.toText()); // two fields, then validate and activate
        assertTrue(plan.toText().contains("override_host: evil.example → (unset)"), plan.toText());

        Journal before = server.journal();
        apply(spec());
        Journal update = server.journal().since(before);
        assertThat(update).made("PUT /service/{id}/version/1/clone").once();
        assertEquals(Map.of("first_byte_timeout", "30000", "override_host", ""),
                assertThat(update).made("PUT " + VERSION + "/backend/linkproxy_origin").onceWithForm());
        assertThat(update).made("PUT /service/{id}/version/2/activate").once();
        assertThat(update).madeCalls(5, 3);
        assertTrue(server.fastly.onlyService().version(2).active);
        assertNull(server.fastly.onlyService().version(2).backends.get("linkproxy_origin").get("override_host").textValue());
    }

    @Test
    void aSpecChangeAddsTheDomainAndWidensTheCertificate() {
        apply(spec());
        LinkProxySpec wider = spec().toBuilder().linkDomains(LINK, SECOND).originReadTimeout(Duration.ofSeconds(45)).build();
        Journal before = server.journal();
        Deployment d = apply(wider);
        Journal update = server.journal().since(before);
        assertThat(update).made("PUT /service/{id}/version/1/clone").once();
        assertEquals(SECOND, assertThat(update).made("POST " + VERSION + "/domain").onceWithForm().get("name"));
        assertEquals(Map.of("first_byte_timeout", "45000"),
                assertThat(update).made("PUT " + VERSION + "/backend/{name}").onceWithForm());
        assertThat(update).made("POST " + VERSION + "/snippet").never();
        assertThat(update).made("PATCH /tls/subscriptions/{id}").once();
        assertEquals(java.util.List.of(LINK, SECOND), d.linkDomains());
    }

    @Test
    void anUpdateClonesTheActiveVersionNeverAHalfEditedLatestDraft() {
        apply(spec());
        FakeFastly.Svc svc = server.fastly.onlyService();
        FakeFastly.Ver junk = svc.version(1).copy(2); // someone's abandoned draft (fastly/terraform-provider-fastly#418)
        junk.domains.put("junk.example.com", com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()
                .put("name", "junk.example.com"));
        svc.versions.add(junk);
        svc.version(1).backends.get("linkproxy_origin").put("first_byte_timeout", "1");

        apply(spec());
        assertThat(server.journal()).made("PUT /service/{id}/version/1/clone").once();
        assertThat(server.journal()).made("PUT /service/{id}/version/2/clone").never();
        assertTrue(svc.version(3).active);
        assertFalse(svc.version(3).domains.containsKey("junk.example.com"));
    }

    @ParameterizedTest(name = "create fails at {0}")
    @ValueSource(strings = {"POST .*/version/1/domain", "POST .*/version/1/backend", "POST .*/version/1/snippet",
            "PUT .*/version/1/settings", "GET .*/version/1/validate", "PUT .*/version/1/activate"})
    void aCreateThatFailsAtAnyStepActivatesNothingNamesTheDraftAndTheNextApplyStartsAFreshVersion(String step) {
        server.fastly.fail(step, 400);
        CdnException e = assertThrows(CdnException.class, () -> apply(spec()));
        FakeFastly.Svc svc = server.fastly.onlyService();
        assertTrue(e.getMessage().contains("draft version 1 of service " + svc.id + " was not activated"), e.getMessage());
        assertTrue(e.getMessage().contains("left for inspection"), e.getMessage());
        assertNull(svc.active());
        // The subscription was asked for first (make before break); the next apply reuses it, never a second one.
        assertThat(server.journal()).made("POST /tls/subscriptions").once();

        Journal before = server.journal();
        apply(spec());
        Journal retry = server.journal().since(before);
        assertThat(retry).made("POST /service").never();
        assertThat(retry).made("POST /tls/subscriptions").never();
        assertThat(retry).made("POST /service/{id}/version").once();
        assertTrue(svc.version(2).active, "a fresh version 2 serves");
        assertFalse(svc.version(1).active);
    }

    @ParameterizedTest(name = "update fails at {0}")
    @ValueSource(strings = {"PUT .*/version/2/backend/linkproxy_origin", "POST .*/version/2/domain",
            "GET .*/version/2/validate", "PUT .*/version/2/activate"})
    void anUpdateThatFailsAtAnyStepLeavesTheActiveVersionServingAndNamesTheDraft(String step) {
        apply(spec());
        FakeFastly.Svc svc = server.fastly.onlyService();
        String before = svc.version(1).json(svc.id).toString();
        LinkProxySpec wider = spec().toBuilder().linkDomains(LINK, SECOND).originReadTimeout(Duration.ofSeconds(45)).build();
        if (step.contains("validate")) {
            server.fastly.invalidateNextDraft("Backend linkproxy_origin: bad timeout");
        } else {
            server.fastly.fail(step, 400);
        }

        CdnException e = assertThrows(CdnException.class, () -> apply(wider));
        assertTrue(e.getMessage().contains("draft version 2 of service " + svc.id + " was not activated; active version 1 "
                + "is untouched"), e.getMessage());
        assertTrue(svc.version(1).active);
        assertEquals(before, svc.version(1).json(svc.id).toString(), "the active version changed");
        assertFalse(plan(wider).isEmpty());

        apply(wider);
        assertThat(server.journal()).made("PUT /service/{id}/version/1/clone").times(2);
        assertTrue(svc.version(3).active);
    }

    @Test
    void removeFailedDraftDeletesAServiceThatNeverServed() {
        server.fastly.fail("PUT .*/activate", 400);
        try (CdnClient c = server.client(server.settings().toBuilder().value("removeFailedDraft", "true").build())) {
            CdnException e = assertThrows(CdnException.class, () -> c.apply(spec(), Progress.NONE));
            assertTrue(e.getMessage().contains("was deleted (removeFailedDraft)"), e.getMessage());
        }
        assertTrue(server.fastly.services.isEmpty());
        assertThat(server.journal()).made("DELETE /service/{id}").once();
    }

    @Test
    void removeFailedDraftLocksAFailedClone() {
        apply(spec());
        server.fastly.fail("PUT .*/version/2/activate", 400);
        try (CdnClient c = server.client(server.settings().toBuilder().value("removeFailedDraft", "true").build())) {
            CdnException e = assertThrows(CdnException.class,
                    () -> c.apply(spec().toBuilder().originKeepAlive(Duration.ofSeconds(9)).build(), Progress.NONE));
            assertTrue(e.getMessage().contains("the draft was locked"), e.getMessage());
        }
        assertThat(server.journal()).made("PUT /service/{id}/version/2/lock").once();
        assertTrue(server.fastly.onlyService().version(1).active);
    }

    @Test
    void aLostAnswerToCreateServiceIsLookedUpNotSentAgain() {
        server.fastly.dropAnswer("POST /service");
        Deployment d = apply(spec());
        assertThat(server.journal()).made("POST /service").once();
        assertThat(server.journal()).made("GET /service/search").times(2);
        assertEquals(server.fastly.onlyService().id, d.id());
    }

    @Test
    void aLostAnswerToAddDomainIsLookedUpNotSentAgain() {
        server.fastly.dropAnswer("POST .*/domain");
        apply(spec());
        assertThat(server.journal()).made("POST " + VERSION + "/domain").once();
        assertThat(server.journal()).made("GET " + VERSION + "/domain/" + LINK).once();
    }

    @Test
    void aServiceMadeByHandIsFoundByItsDomainAndUpdatedNotDuplicated() {
        FakeFastly.Svc hand = server.fastly.handMadeService("my console service", LINK);
        try (CdnClient c = server.client()) {
            assertEquals(hand.id, c.find(spec()).orElseThrow().id());
        }
        assertThat(server.journal()).made("GET /service").once();
        assertThat(server.journal()).made("GET /service/{id}/version/1/domain").once();
        apply(spec());
        assertThat(server.journal()).made("POST /service").never();
        assertTrue(hand.version(2).active);
        assertThat(server.journal()).made("POST " + VERSION + "/domain").never();
    }
}
