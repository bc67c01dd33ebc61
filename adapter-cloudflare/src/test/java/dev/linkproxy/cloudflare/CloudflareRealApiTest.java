package dev.linkproxy.cloudflare;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static dev.linkproxy.cloudflare.Journal.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.linkproxy.core.CdnException;
import dev.linkproxy.core.LinkProxySpec;
import dev.linkproxy.core.spi.CdnClient;
import dev.linkproxy.core.spi.Deployment;
import dev.linkproxy.core.spi.Plan;
import dev.linkproxy.core.spi.Progress;
import java.time.Duration;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the real Cloudflare API does that the first adapter did not handle (issue 11), one test per point, each
 * failing on the adapter before it: account-owned tokens, zones without Advanced Certificate Manager, the write order
 * (the proxied record is the cutover, so it goes last), the preflight, and the list shapes.
 */
class CloudflareRealApiTest {

    private static final String DEEP = "ablink.news.example.com";
    private static final String FIRST = "links.example.com";

    private Fixture fixture;

    @BeforeEach
    void startFakeAccount() {
        fixture = new Fixture().start();
    }

    @AfterEach
    void everyRequestAndAnswerKeptToCloudflaresApiDescription() {
        fixture.stop();
    }

    private static LinkProxySpec spec(String... domains) {
        return LinkProxySpec.builder().linkDomains(domains).certificate("managed").build();
    }

    private <T> T with(Function<CdnClient, T> body) {
        try (CdnClient client = fixture.provider().connect(fixture.settings())) {
            return body.apply(client);
        }
    }

    private Deployment deploy(LinkProxySpec spec) {
        return with(c -> c.await(c.apply(spec, Progress.NONE), Duration.ofHours(1), Progress.NONE));
    }

    // ---- 1. tokens ----

    @Test
    void anAccountOwnedTokenPlansAndAppliesVerifiedAtItsAccount() {
        fixture.fake.zone("example.com");
        fixture.fake.accountToken = true;

        Plan plan = with(c -> c.plan(spec(DEEP)));
        assertFalse(plan.isEmpty());
        Deployment d = deploy(spec(DEEP));

        assertEquals(Deployment.Status.DEPLOYED, d.status());
        assertTrue(fixture.fake.recordsNamed(DEEP).get(0).path("proxied").asBoolean());
        assertThat(fixture.journal()).made("GET /accounts/" + FakeCloudflare.ACCOUNT_ID + "/tokens/verify").twice()
                .made("GET /user/tokens/verify").twice();
    }

    @Test
    void aTokenNeitherEndpointKnowsIsAClearAuthenticationErrorBeforeAnyWrite() {
        fixture.fake.zone("example.com");
        fixture.fake.unknownToken = true;
        CdnException e = assertThrows(CdnException.class, () -> with(c -> c.apply(spec(DEEP), Progress.NONE)));
        assertEquals(CdnException.Kind.AUTHENTICATION, e.kind());
        assertTrue(e.hint().orElseThrow().contains("CLOUDFLARE_API_TOKEN"), e.getMessage());
        assertThat(fixture.journal()).madeNoWrites();
    }

    @Test
    void anAccountTokenTheAccountEndpointRefusesSaysItIsNeitherKind() {
        fixture.fake.zone("example.com");
        fixture.override(get(urlPathMatching(".*/user/tokens/verify")).willReturn(
                Fixture.cloudflareError(401, 1000, "Invalid API Token")));
        CdnException e = assertThrows(CdnException.class, () -> with(c -> c.plan(spec(DEEP))));
        assertEquals(CdnException.Kind.AUTHENTICATION, e.kind());
        assertTrue(e.getMessage().contains("neither an active user token nor an active token of account"), e.getMessage());
    }

    // ---- 2. Advanced Certificate Manager ----

    @Test
    void aZoneWithoutAcmPlansAndAppliesAFirstLevelLinkDomainKeepingTheZoneTls() {
        fixture.fake.zone("example.com", "pro", "full", false);
        fixture.fake.advancedAllocated = 0;
        Plan plan = with(c -> c.plan(spec(FIRST)));
        assertTrue(plan.notes().stream().anyMatch(n -> n.contains("zone-wide min_tls_version")), plan.toText());
        Deployment d = deploy(spec(FIRST));
        assertEquals(Deployment.Status.DEPLOYED, d.status());
        assertThat(fixture.journal()).made("GET /zones/{zone}/hostnames/settings/min_tls_version").never();
        assertTrue(with(c -> c.plan(spec(FIRST))).isEmpty());
    }

    // ---- 3. write order ----

    @Test
    void aRuleQuotaRefusalMidApplyLeavesNoDnsWrite() {
        fixture.fake.zone("example.com");
        fixture.override(put(urlPathMatching(".*/rulesets/phases/http_request_cache_settings/entrypoint")).willReturn(
                Fixture.cloudflareError(400, 20217, "exceeded maximum number of rules for this zone's plan")));
        CdnException e = assertThrows(CdnException.class, () -> with(c -> c.apply(spec(FIRST), Progress.NONE)));
        assertEquals(CdnException.Kind.INVALID_REQUEST, e.kind());
        Journal journal = fixture.journal();
        assertTrue(journal.writes().stream().noneMatch(c -> c.path().contains("/dns_records")), journal.toString());
        assertTrue(fixture.fake.recordsNamed(FIRST).isEmpty(), "traffic exactly as it was");
    }

    // ---- 4. preflight ----

    @Test
    void aFullRulePhaseIsRefusedInThePlanAndBeforeAnyWrite() {
        fixture.fake.zone("example.com", "free", "full", false);
        for (int i = 0; i < 10; i++) {
            fixture.fake.rule("(http.host eq \"w" + i + ".example.com\")", "strict");
        }
        Plan plan = with(c -> c.plan(spec(FIRST)));
        assertTrue(plan.notes().stream().anyMatch(n -> n.startsWith("preflight: REFUSED: configuration rules")
                && n.contains("free plan's 10")), plan.toText());
        assertThrows(CdnException.class, () -> with(c -> c.apply(spec(FIRST), Progress.NONE)));
        assertThat(fixture.journal()).madeNoWrites();
    }

    @Test
    void aPartialZoneWritesNothing() {
        fixture.fake.zone("example.com", "business", "partial", false);
        Plan plan = with(c -> c.plan(spec(FIRST)));
        assertTrue(plan.notes().stream().anyMatch(n -> n.contains("REFUSED") && n.contains("partial")), plan.toText());
        CdnException e = assertThrows(CdnException.class, () -> with(c -> c.apply(spec(FIRST), Progress.NONE)));
        assertTrue(e.getMessage().contains("full set-up"), e.getMessage());
        assertThat(fixture.journal()).madeNoWrites();
    }

    @Test
    void aPausedZoneWritesNothing() {
        fixture.fake.zone("example.com", "business", "full", true);
        CdnException e = assertThrows(CdnException.class, () -> with(c -> c.apply(spec(FIRST), Progress.NONE)));
        assertTrue(e.getMessage().contains("paused"), e.getMessage());
        assertThat(fixture.journal()).madeNoWrites();
    }

    @Test
    void aPemUploadOnAProZoneIsRefusedBeforeAnyWrite(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        fixture.fake.zone("example.com", "pro", "full", false);
        var keys = TestCertificates.rsa();
        var cert = TestCertificates.write(dir, "c.pem", TestCertificates.certificate(keys,
                Fixture.NOW.minus(Duration.ofDays(10)), Fixture.NOW.plus(Duration.ofDays(80)), FIRST));
        var key = TestCertificates.write(dir, "k.pem", TestCertificates.pkcs8Key(keys));
        LinkProxySpec pem = LinkProxySpec.builder().linkDomains(FIRST).certificate("pem:" + cert + "," + key).build();
        Plan plan = with(c -> c.plan(pem));
        assertTrue(plan.notes().stream().anyMatch(n -> n.contains("REFUSED") && n.contains("Business or Enterprise")),
                plan.toText());
        assertThrows(CdnException.class, () -> with(c -> c.apply(pem, Progress.NONE)));
        assertThat(fixture.journal()).madeNoWrites();
    }

    @Test
    void everyPreflightFindingIsInThePlan() {
        fixture.fake.zone("example.com", "enterprise", "full", false);
        Plan plan = with(c -> c.plan(spec(DEEP)));
        String text = plan.toText();
        for (String finding : new String[] {"full set-up", "not paused", "configuration rules: 1 of 300",
                "cache rules: 1 of 300", "Advanced Certificate Manager is active", "per-hostname minimum TLS: available"}) {
            assertTrue(text.contains(finding), finding + " missing:\n" + text);
        }
    }

    // ---- 5. pagination and shapes ----

    @Test
    void hostnameSettingsOnPageThreeGiveAnEmptyReplanAndAZeroWriteReapply() {
        fixture.fake.zone("example.com");
        for (int i = 0; i < 120; i++) {
            fixture.fake.hostnameTls.put(String.format("a%03d.example.com", i), "1.2"); // sorted before ablink…
        }
        deploy(spec(DEEP));
        assertEquals("1.2", fixture.fake.hostnameTls.get(DEEP));

        Plan again = with(c -> c.plan(spec(DEEP)));
        assertTrue(again.isEmpty(), again.toText());
        int before = fixture.journal().size();
        with(c -> c.apply(spec(DEEP), Progress.NONE));
        Journal reapply = fixture.journal().since(before);
        assertThat(reapply).madeNoWrites().made("GET /zones/{zone}/hostnames/settings/min_tls_version").times(3);
    }

    @Test
    void aNullResultOnAListIsAnEmptyList() {
        fixture.fake.zone("example.com");
        fixture.override(get(urlPathMatching(".*/hostnames/settings/min_tls_version")).willReturn(aResponse()
                .withStatus(200).withHeader("Content-Type", "application/json")
                .withBody("{\"success\":true,\"errors\":[],\"messages\":[],\"result\":null,"
                        + "\"result_info\":{\"page\":1,\"per_page\":50,\"count\":0,\"total_count\":0,\"total_pages\":0}}")));
        Plan plan = with(c -> c.plan(spec(DEEP)));
        assertTrue(plan.toText().contains("min_tls_version " + DEEP + " value: (zone-wide) → 1.2"), plan.toText());
    }

    @Test
    void theRecordNameFilterIsCaseInsensitiveSoAnUpperCaseRecordIsFoundNotDuplicated() {
        fixture.fake.zone("example.com");
        fixture.fake.record("CNAME", "Links.Example.com", "sendgrid.net", false, "link branding");
        deploy(spec(FIRST));
        assertThat(fixture.journal()).made("POST /zones/{zone}/dns_records").never()
                .made("PATCH /zones/{zone}/dns_records/{id}").once();
    }

    @Test
    void aForbiddenWriteNamesThePermissionItNeeds() {
        fixture.fake.zone("example.com");
        fixture.override(put(urlPathMatching(".*/hostnames/settings/min_tls_version/.*")).willReturn(
                Fixture.cloudflareError(403, 10000, "Authentication error")));
        CdnException e = assertThrows(CdnException.class, () -> with(c -> c.apply(spec(DEEP), Progress.NONE)));
        assertEquals(CdnException.Kind.PERMISSION, e.kind());
        assertTrue(e.hint().orElseThrow().contains("SSL and Certificates Write"), e.getMessage());
        assertTrue(fixture.journal().writes().stream().noneMatch(c -> c.path().contains("/dns_records")));
    }

    @Test
    void aNewPackIsInitializingThenPendingValidationThenActive() {
        fixture.fake.zone("example.com");
        fixture.fake.pollsUntilActive = 2;
        Deployment applied = with(c -> c.apply(spec(DEEP), Progress.NONE));
        assertEquals("initializing", applied.certificateState());
        java.util.List<String> events = new java.util.ArrayList<>();
        Deployment done = with(c -> c.await(applied, Duration.ofHours(1), e -> events.add(e.message())));
        assertEquals(Deployment.Status.DEPLOYED, done.status());
        assertTrue(events.get(0).contains("pending_validation"), events.toString());
    }
}
