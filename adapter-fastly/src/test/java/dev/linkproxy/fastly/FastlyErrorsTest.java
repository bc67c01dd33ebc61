package dev.linkproxy.fastly;

import static dev.linkproxy.fastly.Journal.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.linkproxy.core.CdnException;
import dev.linkproxy.core.LinkProxyException;
import dev.linkproxy.core.spi.CdnClient;
import dev.linkproxy.core.spi.Progress;
import dev.linkproxy.core.spi.ProviderSettings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Credentials, rate limits, server and transport failures. */
class FastlyErrorsTest {

    private final FakeFastlyServer server = new FakeFastlyServer();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aRefusedTokenIsAnAuthenticationErrorThatNamesTheSettingAndHidesTheToken() {
        server.fastly.requireToken("another");
        try (CdnClient c = server.client()) {
            CdnException e = assertThrows(CdnException.class, () -> c.apply(FastlyApplyTest.spec(), Progress.NONE));
            assertEquals(CdnException.Kind.AUTHENTICATION, e.kind());
            assertEquals(401, e.httpStatus());
            assertEquals("SearchService", e.operation());
            assertTrue(e.getMessage().contains("FASTLY_API_TOKEN"), e.getMessage());
            assertFalse(e.getMessage().contains(FakeFastly.TOKEN));
        }
        assertThat(server.journal()).made("GET /service/search").once();
    }

    @Test
    void aMissingTokenIsRefusedAtConnectNamingTheSettingAndTheVariable() {
        ProviderSettings none = ProviderSettings.builder().environment(n -> null).build();
        LinkProxyException e = assertThrows(LinkProxyException.class, () -> server.provider().connect(none));
        assertTrue(e.getMessage().contains("apiToken") && e.getMessage().contains("FASTLY_API_TOKEN"), e.getMessage());
    }

    @Test
    void theTokenIsReadFromFastlyApiTokenAndSentAsFastlyKey() {
        ProviderSettings env = server.settings().toBuilder().environment(
                n -> n.equals("FASTLY_API_TOKEN") ? FakeFastly.TOKEN : null).build();
        ProviderSettings withoutSecret = ProviderSettings.builder().endpoint(env.endpoint().orElseThrow())
                .retryPolicy(env.retryPolicy()).environment(env.environment()).build();
        try (CdnClient c = server.client(withoutSecret)) {
            assertTrue(c.find(FastlyApplyTest.spec()).isEmpty());
        }
        assertEquals(FakeFastly.TOKEN, server.wm.getAllServeEvents().get(0).getRequest().getHeader("Fastly-Key"));
        assertFalse(withoutSecret.toString().contains(FakeFastly.TOKEN));
    }

    @Test
    void a429WaitsUntilFastlyRateLimitResetThenRetries() {
        server.fastly.fail("GET /service/search", 429, 1,
                Map.of("Fastly-RateLimit-Reset", Long.toString(server.time.epochSeconds() + 7)));
        try (CdnClient c = server.client()) {
            assertTrue(c.find(FastlyApplyTest.spec()).isEmpty());
        }
        assertEquals(Duration.ofSeconds(7), server.time.sleeps.get(0));
        assertThat(server.journal()).made("GET /service/search").times(2);
    }

    @Test
    void endless429sEndAsARateLimitErrorWithinTheAttempts() {
        server.fastly.failEverything(429, Map.of("Retry-After", "2"));
        try (CdnClient c = server.client()) {
            CdnException e = assertThrows(CdnException.class, () -> c.plan(FastlyApplyTest.spec()));
            assertEquals(CdnException.Kind.RATE_LIMITED, e.kind());
            assertEquals(Duration.ofSeconds(2), e.retryAfter().orElseThrow());
        }
        assertThat(server.journal()).made("GET /service/search").times(4);
    }

    @Test
    void aSpentWriteBudgetWaitsForTheResetBeforeTheNextWrite() {
        server.fastly.rateLimitRemaining(0);
        try (CdnClient c = server.client()) {
            c.apply(FastlyApplyTest.spec(), Progress.NONE);
        }
        assertTrue(server.time.sleeps.contains(Duration.ofSeconds(30)), server.time.sleeps.toString());
        assertThat(server.journal()).made("POST /service").once();
        assertThat(server.journal()).made("PUT /service/{id}/version/1/activate").once();
    }

    @Test
    void serverErrorsAreRetriedOnAnyCallOfTheFlow() {
        server.fastly.fail("PUT .*/activate", 503, 2, Map.of());
        server.fastly.fail("POST .*/backend", 500, 1, Map.of());
        server.fastly.fail("GET /tls/configurations", 502, 1, Map.of());
        try (CdnClient c = server.client()) {
            c.apply(FastlyApplyTest.spec(), Progress.NONE);
        }
        assertThat(server.journal()).made("PUT /service/{id}/version/1/activate").times(3);
        assertTrue(server.fastly.onlyService().version(1).active);
    }

    @Test
    void serverErrorsThatLastAreReportedNamingTheOperation() {
        server.fastly.fail("GET .*/details", 503, 100, Map.of());
        server.fastly.handMadeService("linkproxy " + FastlyApplyTest.LINK, FastlyApplyTest.LINK);
        try (CdnClient c = server.client()) {
            CdnException e = assertThrows(CdnException.class, () -> c.plan(FastlyApplyTest.spec()));
            assertEquals(CdnException.Kind.SERVER, e.kind());
            assertEquals("GetServiceDetail", e.operation());
            assertTrue(e.getMessage().startsWith("fastly GetServiceDetail failed (HTTP 503)"), e.getMessage());
        }
    }

    @Test
    void aDroppedConnectionOnAReadIsATransportErrorAndRetried() {
        server.fastly.dropAnswer("GET /tls/configurations");
        try (CdnClient c = server.client()) {
            assertTrue(c.plan(FastlyApplyTest.spec()).changes().size() > 1);
        }
        assertThat(server.journal()).made("GET /tls/configurations").times(2);
    }

    @Test
    void aDomainTakenByAnotherServiceIsAConflictWithAHint() {
        server.fastly.handMadeService("someone else", "x.example.com");
        server.fastly.onlyService().version(1).domains.clear();
        server.fastly.onlyService().version(1).domains.put(FastlyApplyTest.SECOND,
                com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().put("name", "x"));
        server.fastly.onlyService().version(1).active = false;
        try (CdnClient c = server.client()) {
            CdnException e = assertThrows(CdnException.class, () -> c.apply(FastlyApplyTest.spec().toBuilder()
                    .linkDomains(FastlyApplyTest.LINK, FastlyApplyTest.SECOND).build(), Progress.NONE));
            assertEquals(CdnException.Kind.CONFLICT, e.kind());
            assertTrue(e.getMessage().contains("another Fastly customer's service holds this link domain"), e.getMessage());
            assertTrue(e.getMessage().contains("was not activated"), e.getMessage());
        }
    }
}
