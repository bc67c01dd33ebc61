package dev.linkproxy.cloudflare;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.linkproxy.cloudflare.Journal.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.linkproxy.core.CdnException;
import dev.linkproxy.core.LinkProxyException;
import dev.linkproxy.core.LinkProxySpec;
import dev.linkproxy.core.spi.CdnClient;
import dev.linkproxy.core.spi.Deployment;
import dev.linkproxy.core.spi.Plan;
import dev.linkproxy.core.spi.Progress;
import dev.linkproxy.core.spi.ProviderSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Cloudflare flows on a fake account: what is written, what is kept, what is refused, and how many calls. */
class CloudflareFlowTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LINK = "ablink.news.example.com";
    private static final String ENTRYPOINT = "PUT /zones/{zone}/rulesets/phases/http_config_settings/entrypoint";
    private static final String CACHE_ENTRYPOINT = "PUT /zones/{zone}/rulesets/phases/http_request_cache_settings/entrypoint";
    private static final String CACHE_PHASE = "http_request_cache_settings";

    private Fixture fixture;
    private String zone;

    @BeforeEach
    void startFakeAccount() {
        fixture = new Fixture().start();
        fixture.fake.zone("example.com").zone("news.example.org");
        zone = fixture.fake.zoneId("example.com");
    }

    @AfterEach
    void everyRequestKeptToCloudflaresApiDescription() {
        fixture.stop();
    }

    private static LinkProxySpec spec() {
        return LinkProxySpec.builder().linkDomains(LINK).certificate("managed").build();
    }

    private <T> T with(Function<CdnClient, T> body) {
        return with(fixture.settings(), body);
    }

    private <T> T with(ProviderSettings settings, Function<CdnClient, T> body) {
        try (CdnClient client = fixture.provider().connect(settings)) {
            return body.apply(client);
        }
    }

    /**
     * Apply, then await as the CLI's {@code apply --await} does: a record held for its certificate is written once
     * the certificate is active, so the end state is the whole deployment.
     */
    private Deployment apply(LinkProxySpec spec) {
        return with(c -> c.await(c.apply(spec, Progress.NONE), java.time.Duration.ofHours(1), Progress.NONE));
    }

    /** Apply alone, without the await that writes held records. */
    private Deployment applyOnly(LinkProxySpec spec) {
        return with(c -> c.apply(spec, Progress.NONE));
    }

    private JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    // ---- create, no-op, update: the API economy ----

    @Test
    void createWritesWhatServesTheHostFirstAndTheProxiedRecordLastOnceItsCertificateIsActive() {
        Deployment applied = applyOnly(spec());

        Journal journal = fixture.journal();
        assertThat(journal).made("GET /user/tokens/verify").once()
                .made("GET /zones/{zone}/ssl/certificate_packs/quota").once()
                .made(ENTRYPOINT).once()
                .made(CACHE_ENTRYPOINT).once()
                .made("PUT /zones/{zone}/hostnames/settings/min_tls_version/" + LINK).once()
                .made("POST /zones/{zone}/ssl/certificate_packs/order").once()
                .made("POST /zones/{zone}/dns_records").never();
        assertEquals(8, journal.size() - journal.writes().size(), journal.toString());
        assertEquals(List.of(ENTRYPOINT, CACHE_ENTRYPOINT,
                        "PUT /zones/{zone}/hostnames/settings/min_tls_version/" + LINK,
                        "POST /zones/{zone}/ssl/certificate_packs/order"),
                journal.writes().stream().map(Journal.Call::operation).toList(), "the record is not written yet");
        assertEquals(0, journal.calls().indexOf(journal.calls().stream()
                .filter(c -> c.path().equals("/user/tokens/verify")).findFirst().orElseThrow()), "token checked first");
        JsonNode order = json(journal.made("POST /zones/{zone}/ssl/certificate_packs/order").body());
        assertEquals("[\"example.com\",\"" + LINK + "\"]", order.path("hosts").toString(), "the apex comes first");
        assertEquals(Deployment.Status.IN_PROGRESS, applied.status());
        assertEquals("initializing", applied.certificateState(), "a new pack answers initializing first");
        assertEquals("sendgrid.net", applied.resources().get(CloudflareClient.HELD_RECORD + LINK));
        assertTrue(fixture.fake.recordsNamed(LINK).isEmpty(), "the name keeps its current record (none) meanwhile");

        int before = fixture.journal().size();
        Deployment d = with(c -> c.await(applied, java.time.Duration.ofHours(1), Progress.NONE));
        Journal awaited = fixture.journal().since(before);
        assertEquals(List.of("POST /zones/{zone}/dns_records"),
                awaited.writes().stream().map(Journal.Call::operation).toList(), awaited.toString());
        JsonNode record = json(awaited.made("POST /zones/{zone}/dns_records").body());
        assertEquals("CNAME", record.path("type").asText());
        assertEquals("sendgrid.net", record.path("content").asText());
        assertTrue(record.path("proxied").asBoolean());

        assertEquals(zone, d.id());
        assertEquals(Deployment.Status.DEPLOYED, d.status());
        assertFalse(d.resources().containsKey(CloudflareClient.HELD_RECORD + LINK));
        assertTrue(d.cutoverTarget().proxiedRecord());
        assertEquals(LINK, d.cutoverTarget().hostName());
        assertTrue(d.cutoverTarget().addressRanges().contains("104.16.0.0/13"));
        assertTrue(d.cutoverTarget().addressRanges().contains("2606:4700::/32"));
    }

    @Test
    void secondApplyReadsEightTimesAndWritesNothing() {
        apply(spec());
        int before = fixture.journal().size();
        applyOnly(spec());
        Journal again = fixture.journal().since(before);
        assertThat(again).madeNoWrites();
        assertEquals(8, again.size(), again.toString());
    }

    @Test
    void changingTheOriginPatchesTheRecordOnly() {
        apply(spec());
        int before = fixture.journal().size();
        apply(spec().toBuilder().origin("sendgrid-eu").build());
        Journal update = fixture.journal().since(before);
        assertThat(update).made("PATCH /zones/{zone}/dns_records/{id}").once().made(ENTRYPOINT).never()
                .made(CACHE_ENTRYPOINT).never();
        assertEquals(1, update.writes().size(), update.toString());
        assertEquals(9, update.size(), update.toString());
        assertEquals("eu.sendgrid.net", fixture.fake.recordsNamed(LINK).get(0).path("content").asText());
    }

    // ---- drift ----

    @Test
    void driftIsShownThenRepaired() {
        apply(spec());
        fixture.fake.recordsNamed(LINK).get(0).put("proxied", false);
        fixture.fake.hostnameTls.put(LINK, "1.0");
        Plan plan = with(c -> c.plan(spec()));
        String text = plan.toText();
        assertTrue(text.contains("~ dns_record " + LINK + " proxied: false → true"), text);
        assertTrue(text.contains("min_tls_version " + LINK + " value: 1.0 → 1.2"), text);
        apply(spec());
        assertTrue(fixture.fake.recordsNamed(LINK).get(0).path("proxied").asBoolean());
        assertEquals("1.2", fixture.fake.hostnameTls.get(LINK));
        assertTrue(with(c -> c.plan(spec())).isEmpty());
    }

    // ---- records linkproxy did not create ----

    @Test
    void aForeignRecordIsShownAndRefusedThenReplacedWhenAllowed() {
        fixture.fake.record("A", LINK, "192.0.2.10", false, null);
        fixture.fake.record("AAAA", LINK, "2001:db8::10", false, null);

        Plan plan = with(c -> c.plan(spec()));
        assertTrue(plan.toText().contains("A 192.0.2.10, AAAA 2001:db8::10 (not created by linkproxy)"), plan.toText());
        CdnException refused = assertThrows(CdnException.class, () -> apply(spec()));
        assertEquals(CdnException.Kind.CONFLICT, refused.kind());
        assertTrue(refused.getMessage().contains("replaceExistingRecords=true"), refused.getMessage());
        assertThat(fixture.journal()).madeNoWrites();

        ProviderSettings allowed = fixture.settings().toBuilder()
                .value(CloudflareProvider.REPLACE_EXISTING_RECORDS, "true").build();
        with(allowed, c -> c.await(c.apply(spec(), Progress.NONE), java.time.Duration.ofHours(1), Progress.NONE));
        assertThat(fixture.journal()).made("DELETE /zones/{zone}/dns_records/{id}").once()
                .made("PUT /zones/{zone}/dns_records/{id}").once()
                .made("POST /zones/{zone}/dns_records").never();
        assertEquals(1, fixture.fake.recordsNamed(LINK).size());
        assertEquals("CNAME", fixture.fake.recordsNamed(LINK).get(0).path("type").asText());
    }

    @Test
    void theCustomersOwnCnameToTheOriginIsTakenOverNotRefused() {
        fixture.fake.record("CNAME", LINK, "sendgrid.net", false, "link branding");
        apply(spec());
        assertThat(fixture.journal()).made("PATCH /zones/{zone}/dns_records/{id}").once()
                .made("POST /zones/{zone}/dns_records").never();
    }

    @Test
    void aForeignCnameElsewhereIsRefused() {
        fixture.fake.record("CNAME", LINK, "old-cdn.example.net", false, null);
        CdnException e = assertThrows(CdnException.class, () -> apply(spec()));
        assertEquals(CdnException.Kind.CONFLICT, e.kind());
        assertThat(fixture.journal()).madeNoWrites();
    }

    @Test
    void aDuplicateRecordErrorIsAConflictWithAHint() {
        fixture.override(post(urlPathMatching(".*/dns_records")).willReturn(
                Fixture.cloudflareError(400, 81057, "Record already exists.")));
        CdnException e = assertThrows(CdnException.class, () -> apply(spec()));
        assertEquals(CdnException.Kind.CONFLICT, e.kind());
        assertEquals("81057", e.errorCode().orElseThrow());
        assertTrue(e.hint().orElseThrow().contains("looks before it creates"), e.getMessage());
        assertThat(fixture.journal()).made("GET /zones/{zone}/dns_records").twice().made("POST /zones/{zone}/dns_records").once();
    }

    // ---- the ruleset entrypoint ----

    @Test
    void otherRulesAreKeptByteForByteAndInOrder() {
        JsonNode first = fixture.fake.rule("(http.host eq \"www.example.com\")", "strict").deepCopy();
        JsonNode second = fixture.fake.rule("(http.request.uri.path contains \"/api\")", "strict").deepCopy();
        Plan plan = with(c -> c.plan(spec()));
        assertTrue(plan.toText().contains("+ config_rule linkproxy_ssl_ablink_news_example_com"), plan.toText());
        apply(spec());
        JsonNode sent = json(fixture.journal().made(ENTRYPOINT).body());
        assertEquals(3, sent.path("rules").size());
        assertEquals(first, sent.path("rules").get(0));
        assertEquals(second, sent.path("rules").get(1));
        assertEquals("full", sent.path("rules").get(2).path("action_parameters").path("ssl").asText());
        assertEquals("default", sent.path("name").asText());
    }

    @Test
    void aMissingEntrypointIsCreated() {
        Plan plan = with(c -> c.plan(spec()));
        assertTrue(plan.notes().stream().anyMatch(n -> n.contains("no http_config_settings entrypoint")), plan.toText());
        apply(spec());
        assertEquals(1, fixture.fake.entrypoint("http_config_settings").path("rules").size());
        assertEquals(1, fixture.fake.entrypoint(CACHE_PHASE).path("rules").size());
    }

    // ---- caching: a cache rule per link host ----

    @Test
    void byDefaultNothingIsCachedExplicitly() {
        apply(spec());
        JsonNode rule = json(fixture.journal().made(CACHE_ENTRYPOINT).body()).path("rules").get(0);
        assertEquals("linkproxy_cache_ablink_news_example_com", rule.path("ref").asText());
        assertEquals("(http.host eq \"" + LINK + "\")", rule.path("expression").asText());
        assertEquals("set_cache_settings", rule.path("action").asText());
        assertEquals("{\"cache\":false}", rule.path("action_parameters").toString());
    }

    @Test
    void sparkPostsTenSecondsBecomeAnEdgeTtlThatOverridesTheOrigin() {
        LinkProxySpec sparkpost = spec().toBuilder().origin("sparkpost").build();
        assertEquals(Duration.ofSeconds(10), sparkpost.cacheTtl(), "the preset asks for 10 s");
        Plan plan = with(c -> c.plan(sparkpost));
        assertTrue(plan.toText().contains("+ cache_rule linkproxy_cache_ablink_news_example_com: (http.host eq \"" + LINK
                + "\") → cached, edge TTL 10 s (override_origin)"), plan.toText());
        apply(sparkpost);
        Journal journal = fixture.journal();
        String body = journal.made(CACHE_ENTRYPOINT).body();
        JsonNode p = json(body).path("rules").get(0).path("action_parameters");
        assertTrue(p.path("cache").asBoolean());
        assertEquals("override_origin", p.path("edge_ttl").path("mode").asText());
        assertEquals(10, p.path("edge_ttl").path("default").asInt());
        String path = journal.calls().stream().filter(c -> c.method().equals("PUT") && c.path().contains(CACHE_PHASE))
                .findFirst().orElseThrow().path();
        assertEquals(List.of(), ApiContract.load().problems("PUT", path, body), "request-schemas.json");
    }

    @Test
    void foreignCacheRulesAreKeptAndOursIsUpdatedInPlace() {
        JsonNode theirs = fixture.fake.cacheRule("(http.host contains \"example.com\")", 86400).deepCopy();
        apply(spec());
        JsonNode sent = json(fixture.journal().made(CACHE_ENTRYPOINT).body());
        assertEquals(2, sent.path("rules").size());
        assertEquals(theirs, sent.path("rules").get(0), "the customer's rule, byte for byte, first");
        assertFalse(sent.path("rules").get(1).path("action_parameters").path("cache").asBoolean(true), "ours after it");
        String ourId = fixture.fake.entrypoint(CACHE_PHASE).path("rules").get(1).path("id").asText();

        int before = fixture.journal().size();
        LinkProxySpec ten = spec().toBuilder().cacheTtl(Duration.ofSeconds(10)).build();
        Plan plan = with(c -> c.plan(ten));
        assertTrue(plan.toText().contains("~ cache_rule linkproxy_cache_ablink_news_example_com action_parameters: "
                + "{\"cache\":false} → {\"cache\":true,\"edge_ttl\""), plan.toText());
        apply(ten);
        Journal update = fixture.journal().since(before);
        assertThat(update).made(CACHE_ENTRYPOINT).once().made(ENTRYPOINT).never();
        assertEquals(1, update.writes().size(), update.toString());
        JsonNode rules = fixture.fake.entrypoint(CACHE_PHASE).path("rules");
        assertEquals(2, rules.size());
        assertEquals(theirs, rules.get(0));
        assertEquals(ourId, rules.get(1).path("id").asText(), "the same rule, updated in place");
        assertEquals(10, rules.get(1).path("action_parameters").path("edge_ttl").path("default").asInt());
    }

    @Test
    void aLaterCustomerCacheRuleIsNamedInThePlan() {
        apply(spec());
        fixture.fake.cacheRule("(http.host wildcard \"*.example.com\")", 3600);
        Plan plan = with(c -> c.plan(spec()));
        assertTrue(plan.isEmpty(), plan.toText());
        assertTrue(plan.notes().stream().anyMatch(n -> n.contains("comes after linkproxy's and sets cache settings")),
                plan.toText());
    }

    @Test
    void anAnswerWithoutTheEmptyStatusCodeListIsNotADifference() {
        LinkProxySpec ten = spec().toBuilder().cacheTtl(Duration.ofSeconds(10)).build();
        apply(ten);
        ((com.fasterxml.jackson.databind.node.ObjectNode) fixture.fake.entrypoint(CACHE_PHASE).path("rules").get(0)
                .path("action_parameters").path("edge_ttl")).remove("status_code_ttl");
        int before = fixture.journal().size();
        apply(ten);
        assertThat(fixture.journal().since(before)).madeNoWrites();
    }

    @Test
    void neverAZoneWideSslChange() {
        apply(spec());
        assertThat(fixture.journal()).made("PATCH /zones/{zone}/settings/{id}").never().made("PATCH /zones/{zone}/settings").never();
    }

    // ---- minimum TLS ----

    @Test
    void withoutAdvancedCertificateManagerAFirstLevelLinkDomainPlansAndAppliesOnTheZoneWideTls() {
        fixture.fake.advancedAllocated = 0;
        LinkProxySpec firstLevel = spec().toBuilder().linkDomains("links.example.com").build();
        Plan plan = with(c -> c.plan(firstLevel));
        assertTrue(plan.notes().stream().anyMatch(n -> n.contains("zone-wide min_tls_version 1.0 applies")
                && n.contains("does not have")), plan.toText());
        assertTrue(plan.notes().stream().noneMatch(n -> n.contains("REFUSED")), plan.toText());
        Deployment d = apply(firstLevel);
        assertEquals(Deployment.Status.DEPLOYED, d.status());
        assertThat(fixture.journal()).made("GET /zones/{zone}/hostnames/settings/min_tls_version").never()
                .made("PUT /zones/{zone}/hostnames/settings/min_tls_version/{host}").never()
                .made("GET /zones/{zone}/settings/min_tls_version").times(2)
                .made("POST /zones/{zone}/dns_records").once();
        assertTrue(fixture.fake.recordsNamed("links.example.com").get(0).path("proxied").asBoolean());
    }

    @Test
    void withoutAdvancedCertificateManagerADeeperLinkDomainIsRefusedBeforeAnyWrite() {
        fixture.fake.advancedAllocated = 0;
        Plan plan = with(c -> c.plan(spec()));
        assertTrue(plan.notes().stream().anyMatch(n -> n.startsWith("preflight: REFUSED") && n.contains("Advanced Certificate Manager")),
                plan.toText());
        CdnException e = assertThrows(CdnException.class, () -> applyOnly(spec()));
        assertTrue(e.getMessage().contains("Advanced Certificate Manager"), e.getMessage());
        assertThat(fixture.journal()).madeNoWrites();
    }

    @Test
    void aForbiddenHostnameSettingsListWithAcmIsAPermissionErrorNamingThePermission() {
        fixture.fake.perHostnameTlsUnavailable = true;
        CdnException e = assertThrows(CdnException.class, () -> with(c -> c.plan(spec())));
        assertEquals(CdnException.Kind.PERMISSION, e.kind());
        assertTrue(e.hint().orElseThrow().contains("SSL and Certificates Read"), e.getMessage());
    }

    // ---- certificates ----

    @Test
    void aFirstLevelLinkHostIsCoveredByUniversalSsl() {
        LinkProxySpec firstLevel = spec().toBuilder().linkDomains("links.example.com").build();
        Deployment d = apply(firstLevel);
        assertThat(fixture.journal()).made("POST /zones/{zone}/ssl/certificate_packs/order").never();
        assertEquals(Deployment.Status.DEPLOYED, d.status());
    }

    @Test
    void aDeeperLinkHostGetsAnAdvancedPackAndAwaitWaitsForIt() {
        fixture.fake.pollsUntilActive = 3;
        Deployment d = applyOnly(spec());
        List<String> events = new ArrayList<>();
        Deployment done = with(c -> c.await(d, Duration.ofMinutes(10), e -> events.add(e.message())));
        assertEquals(Deployment.Status.DEPLOYED, done.status());
        assertEquals(4, events.size(), events.toString());
        assertTrue(events.get(0).contains("pending_validation") && events.get(0).contains("TXT _acme-challenge." + LINK),
                events.toString());
        assertTrue(events.get(3).contains("created proxied CNAME " + LINK), events.toString());
        assertEquals(List.of(Duration.ofSeconds(30), Duration.ofSeconds(30)), fixture.sleeps);
    }

    @Test
    void aPendingPackIsShownWithItsValidationRecordsAndNotOrderedTwice() {
        fixture.fake.pollsUntilActive = 1000;
        Deployment d = applyOnly(spec());
        assertThrows(CdnException.class, () -> with(c -> c.await(d, Duration.ofMinutes(1), Progress.NONE)));
        Plan plan = with(c -> c.plan(spec()));
        assertEquals(1, plan.changes().size(), "only the held record: " + plan.toText());
        assertTrue(plan.notes().stream().anyMatch(n -> n.contains("pending_validation") && n.contains("TXT _acme-challenge")),
                plan.toText());
        assertTrue(plan.notes().stream().anyMatch(n -> n.contains("written last, once the certificate")), plan.toText());
        int before = fixture.journal().size();
        applyOnly(spec());
        assertThat(fixture.journal().since(before)).madeNoWrites();
    }

    @Test
    void aCustomCertificateThatCoversTheHostIsNotUploadedAgain(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        fixture.fake.customCertificate(zone, LINK);
        // The files are still read and checked (before any call), so they must be good ones.
        var keys = TestCertificates.rsa();
        var cert = TestCertificates.write(dir, "c.pem", TestCertificates.certificate(keys,
                Fixture.NOW.minus(Duration.ofDays(10)), Fixture.NOW.plus(Duration.ofDays(80)), LINK));
        var key = TestCertificates.write(dir, "k.pem", TestCertificates.traditionalKey(keys));
        Deployment d = apply(spec().toBuilder().certificate("pem:" + cert + "," + key).build());
        assertThat(fixture.journal()).made("GET /zones/{zone}/custom_certificates").once()
                .made("POST /zones/{zone}/custom_certificates").never();
        assertEquals(Deployment.Status.DEPLOYED, d.status());
    }

    @Test
    void anUnreadablePemFileStopsPlanAndApplyBeforeAnyCall() {
        LinkProxySpec pem = spec().toBuilder().certificate("pem:/nonexistent/c.pem,/nonexistent/k.pem").build();
        LinkProxyException e = assertThrows(LinkProxyException.class, () -> apply(pem));
        assertTrue(e.getMessage().contains("/nonexistent/c.pem"), e.getMessage());
        LinkProxyException p = assertThrows(LinkProxyException.class, () -> with(c -> c.plan(pem)));
        assertTrue(p.getMessage().contains("/nonexistent/k.pem"), p.getMessage());
        assertEquals(0, fixture.journal().size(), "the files are checked before the first call");
    }

    @Test
    void awaitGivesUpAtTheDeadline() {
        fixture.fake.pollsUntilActive = 1000;
        Deployment d = applyOnly(spec());
        CdnException e = assertThrows(CdnException.class, () -> with(c -> c.await(d, Duration.ofMinutes(2), Progress.NONE)));
        assertTrue(fixture.fake.recordsNamed(LINK).isEmpty(), "no record while the certificate is not active");
        assertEquals(CdnException.Kind.TIMEOUT, e.kind());
    }

    @Test
    void acmIsAClearErrorOnCloudflare() {
        LinkProxySpec acm = spec().toBuilder()
                .certificate("acm:arn:aws:acm:us-east-1:123456789012:certificate/abc-123").build();
        LinkProxyException e = assertThrows(LinkProxyException.class, () -> with(c -> c.plan(acm)));
        assertTrue(e.getMessage().contains("only CloudFront"), e.getMessage());
        assertEquals(0, fixture.journal().size());
    }

    // ---- credentials and errors ----

    @Test
    void anInactiveTokenIsRefusedBeforeAnythingElse() {
        fixture.fake.tokenStatus = "disabled";
        CdnException e = assertThrows(CdnException.class, () -> apply(spec()));
        assertEquals(CdnException.Kind.AUTHENTICATION, e.kind());
        assertTrue(e.getMessage().contains("disabled"), e.getMessage());
        assertEquals(1, fixture.journal().size());
        assertFalse(e.getMessage().contains(Fixture.TOKEN));
    }

    @Test
    void anInvalidTokenIsAnAuthenticationErrorWithAHint() {
        fixture.fake.unknownToken = true;
        CdnException e = assertThrows(CdnException.class, () -> apply(spec()));
        assertEquals(CdnException.Kind.AUTHENTICATION, e.kind());
        assertEquals(401, e.httpStatus());
        assertTrue(e.hint().orElseThrow().contains("CLOUDFLARE_API_TOKEN"), e.getMessage());
        assertThat(fixture.journal()).madeNoWrites();
    }

    @Test
    void noTokenNamesTheSettingAndTheVariable() {
        ProviderSettings none = ProviderSettings.builder().environment(n -> null).build();
        LinkProxyException e = assertThrows(LinkProxyException.class, () -> fixture.provider().connect(none));
        assertTrue(e.getMessage().contains("apiToken") && e.getMessage().contains("CLOUDFLARE_API_TOKEN"));
    }

    @Test
    void theTokenComesFromTheEnvironmentAndIsSentAsBearer() {
        ProviderSettings env = fixture.settings().toBuilder().environment(n -> n.equals("CLOUDFLARE_API_TOKEN") ? "env-token" : null)
                .build();
        // settings() holds a token; drop it by rebuilding without secrets
        ProviderSettings onlyEnv = ProviderSettings.builder().endpoint(env.endpoint().orElseThrow())
                .retryPolicy(env.retryPolicy()).environment(env.environment()).build();
        with(onlyEnv, c -> c.plan(spec()));
        assertEquals("Bearer env-token", fixture.server.getAllServeEvents().get(0).getRequest().getHeader("Authorization"));
    }

    @Test
    void aMissingPermissionIsAPermissionErrorNamingWhatTheTokenNeeds() {
        fixture.override(any(urlPathMatching(".*/rulesets/.*")).willReturn(
                Fixture.cloudflareError(403, 9999, "Forbidden")));
        CdnException e = assertThrows(CdnException.class, () -> with(c -> c.plan(spec())));
        assertEquals(CdnException.Kind.PERMISSION, e.kind());
        assertTrue(e.hint().orElseThrow().contains("Config Settings Write"), e.getMessage());
    }

    @Test
    void aPlanLimitSaysWhichPlanOrProductIsNeeded() {
        fixture.override(post(urlPathMatching(".*/certificate_packs/order")).willReturn(
                Fixture.cloudflareError(400, 1450, "Advanced certificate packs are not available on your plan")));
        CdnException e = assertThrows(CdnException.class, () -> apply(spec()));
        assertEquals(CdnException.Kind.INVALID_REQUEST, e.kind());
        assertTrue(e.hint().orElseThrow().contains("Advanced Certificate Manager"), e.getMessage());
    }

    @Test
    void aZoneOutsideTheAccountIsNotFound() {
        LinkProxySpec elsewhere = spec().toBuilder().linkDomains("ablink.news.example.net").build();
        CdnException e = assertThrows(CdnException.class, () -> with(c -> c.plan(elsewhere)));
        assertEquals(CdnException.Kind.NOT_FOUND, e.kind());
    }

    @Test
    void theLongestMatchingZoneWins() {
        LinkProxySpec sub = spec().toBuilder().linkDomains("ablink.news.example.org").build();
        Deployment d = apply(sub);
        assertEquals(fixture.fake.zoneId("news.example.org"), d.id());
    }

    @Test
    void zonesArePaged() {
        for (int i = 0; i < 60; i++) {
            fixture.fake.zone("filler" + i + ".example");
        }
        fixture.fake.zone("late.example");
        apply(spec().toBuilder().linkDomains("ablink.late.example").build());
        assertThat(fixture.journal()).made("GET /zones").times(2);
    }

    // ---- retries ----

    @Test
    void a429IsRetriedAfterTheDelayCloudflareAsksFor() {
        fixture.server.stubFor(any(urlPathMatching(".*/dns_records")).atPriority(1).inScenario("limit")
                .whenScenarioStateIs(STARTED).willSetStateTo("passed")
                .willReturn(Fixture.cloudflareError(429, 971, "Please wait").withHeader("retry-after", "7")));
        applyOnly(spec());
        assertEquals(List.of(Duration.ofSeconds(7)), fixture.sleeps);
        assertThat(fixture.journal()).made("GET /zones/{zone}/dns_records").times(2);
    }

    @Test
    void a5xxOnAReadIsRetried() {
        fixture.server.stubFor(get(urlPathMatching(".*/entrypoint")).atPriority(1).inScenario("flaky")
                .whenScenarioStateIs(STARTED).willSetStateTo("passed")
                .willReturn(Fixture.cloudflareError(502, 10013, "Bad gateway")));
        apply(spec());
        assertEquals(1, fixture.sleeps.size());
        assertThat(fixture.journal()).made("GET /zones/{zone}/rulesets/phases/http_config_settings/entrypoint").times(2);
    }

    @Test
    void a5xxOnACreateIsNotRetriedBlindly() {
        fixture.override(post(urlPathMatching(".*/dns_records")).willReturn(
                Fixture.cloudflareError(500, 10013, "Internal error")));
        CdnException e = assertThrows(CdnException.class, () -> apply(spec()));
        assertEquals(CdnException.Kind.SERVER, e.kind());
        assertThat(fixture.journal()).made("POST /zones/{zone}/dns_records").once();
    }

    @Test
    void aConnectionResetIsATransportError() {
        fixture.override(any(anyUrl()).willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse()
                .withFault(com.github.tomakehurst.wiremock.http.Fault.CONNECTION_RESET_BY_PEER)));
        CdnException e = assertThrows(CdnException.class, () -> with(c -> c.plan(spec())));
        assertEquals(CdnException.Kind.TRANSPORT, e.kind());
        assertEquals(3, fixture.journal().size(), "three attempts");
    }
}
