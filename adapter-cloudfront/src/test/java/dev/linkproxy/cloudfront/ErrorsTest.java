package dev.linkproxy.cloudfront;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.linkproxy.cloudfront.Journal.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.linkproxy.core.CdnException;
import dev.linkproxy.core.spi.CdnClient;
import dev.linkproxy.core.spi.Deployment;
import dev.linkproxy.core.spi.Progress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each API error of PROVIDERS §2.3 as a CdnException with kind, status, code and hint; faults retried with backoff. */
class ErrorsTest extends WireMockCloudFront {

    private static final String API = FakeCloudFront.API;

    private static ResponseDefinitionBuilder awsError(int status, String code) {
        return aResponse().withStatus(status).withHeader("Content-Type", "text/xml")
                .withBody(FakeCloudFront.errorBody(code, "an error " + code));
    }

    private CdnException applyFails() {
        try (CdnClient client = client()) {
            return assertThrows(CdnException.class, () -> client.apply(spec(), Progress.NONE));
        }
    }

    private static void assertNamed(CdnException e, CdnException.Kind kind, int status, String code, String operation) {
        assertEquals(kind, e.kind(), e.getMessage());
        assertEquals(status, e.httpStatus(), e.getMessage());
        assertEquals(code, e.errorCode().orElse(null), e.getMessage());
        assertEquals(operation, e.operation());
        assertEquals("cloudfront", e.provider());
        assertTrue(e.hint().isPresent(), "no hint: " + e.getMessage());
        assertFalse(e.getMessage().contains(SECRET), "the secret leaked into: " + e.getMessage());
    }

    @Test
    void cnameAlreadyExistsNamesTheAliasOwnerProblem() {
        fake.aliasHeldElsewhere(DOMAIN);
        CdnException e = applyFails();
        assertNamed(e, CdnException.Kind.CONFLICT, 409, "CNAMEAlreadyExists", "CreateDistribution");
        assertTrue(e.hint().get().contains("AssociateAlias"), e.getMessage());
        assertThat(server).made("POST " + API).once();
    }

    @Test
    void invalidViewerCertificateSaysWhatTheCertificateNeeds() {
        server.stubFor(post(urlPathEqualTo(API)).willReturn(awsError(400, "InvalidViewerCertificate")));
        CdnException e = applyFails();
        assertNamed(e, CdnException.Kind.INVALID_REQUEST, 400, "InvalidViewerCertificate", "CreateDistribution");
        assertTrue(e.hint().get().contains("us-east-1"), e.getMessage());
        assertThat(server).made("POST " + API).once(); // a 400 is not retried
    }

    @Test
    void accessDeniedListsThePermissionsNeeded() {
        server.stubFor(get(urlPathEqualTo(API)).willReturn(awsError(403, "AccessDenied")));
        CdnException e = applyFails();
        assertNamed(e, CdnException.Kind.PERMISSION, 403, "AccessDenied", "ListDistributions");
        assertTrue(e.hint().get().contains("cloudfront:ListDistributions"), e.getMessage());
        assertThat(server).madeCalls(1);
    }

    @Test
    void refusedCredentialsAreAnAuthenticationError() {
        server.stubFor(get(urlPathEqualTo(API)).willReturn(awsError(403, "InvalidClientTokenId")));
        CdnException e = applyFails();
        assertNamed(e, CdnException.Kind.AUTHENTICATION, 403, "InvalidClientTokenId", "ListDistributions");
    }

    @Test
    void throttlingIsRetriedWithBackoffThenSucceeds() {
        failTwiceThenServe(get(urlPathEqualTo(API)), awsError(400, "Throttling"), awsError(400, "Throttling"));
        Deployment d;
        try (CdnClient client = client()) {
            d = client.apply(spec(), Progress.NONE);
        }
        assertFalse(d.id().isBlank());
        assertThat(server).made("GET " + API).times(3);
        // Full jitter with random 0.5: half of 0.5 s, then half of 1 s; no real sleep.
        assertEquals(List.of(Duration.ofMillis(250), Duration.ofMillis(500)), retryWaits);
    }

    @Test
    void retryAfterIsHonoured() {
        failTwiceThenServe(post(urlPathEqualTo(API)), awsError(429, "Throttling").withHeader("Retry-After", "3"),
                awsError(429, "Throttling").withHeader("Retry-After", "3"));
        try (CdnClient client = client()) {
            client.apply(spec(), Progress.NONE);
        }
        assertEquals(List.of(Duration.ofSeconds(3), Duration.ofSeconds(3)), retryWaits);
        // The create was retried safely: one distribution, thanks to the CallerReference.
        assertEquals(1, fake.all().size());
    }

    @Test
    void persistentThrottlingEndsAsRateLimited() {
        server.stubFor(get(urlPathEqualTo(API)).willReturn(awsError(429, "Throttling")));
        CdnException e = applyFails();
        assertNamed(e, CdnException.Kind.RATE_LIMITED, 429, "Throttling", "ListDistributions");
        assertThat(server).made("GET " + API).times(4);
    }

    @Test
    void serverErrorsAreRetriedOnEveryCallOfTheFlow() {
        failTwiceThenServe(get(urlPathEqualTo(API)), awsError(503, "ServiceUnavailable"), awsError(500, "InternalError"));
        failTwiceThenServe(post(urlPathEqualTo("/")), awsError(500, "InternalFailure"), awsError(503, "ServiceUnavailable"));
        failTwiceThenServe(post(urlPathEqualTo(API)), awsError(502, "BadGateway"), awsError(503, "ServiceUnavailable"));
        try (CdnClient client = client()) {
            client.apply(spec(), Progress.NONE);
        }
        assertThat(server).madeCalls(9);
        assertEquals(6, retryWaits.size());
        assertEquals(1, fake.all().size());
    }

    @Test
    void persistentServerErrorsEndAsServerError() {
        server.stubFor(get(urlPathEqualTo(API)).willReturn(awsError(503, "ServiceUnavailable")));
        CdnException e = applyFails();
        assertNamed(e, CdnException.Kind.SERVER, 503, "ServiceUnavailable", "ListDistributions");
    }

    @Test
    void aResetConnectionIsRetriedAsATransportFailure() {
        failTwiceThenServe(get(urlPathEqualTo(API)), aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER),
                aResponse().withFault(Fault.EMPTY_RESPONSE));
        try (CdnClient client = client()) {
            client.apply(spec(), Progress.NONE);
        }
        assertThat(server).made("GET " + API).times(3);
    }

    @Test
    void aConnectionThatKeepsFailingIsATransportError() {
        server.stubFor(get(urlPathEqualTo(API)).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        CdnException e = applyFails();
        assertEquals(CdnException.Kind.TRANSPORT, e.kind(), e.getMessage());
        assertEquals(0, e.httpStatus());
    }

    /** Two faulty answers to {@code request}, then the fake's own. */
    private void failTwiceThenServe(com.github.tomakehurst.wiremock.client.MappingBuilder request,
                                    ResponseDefinitionBuilder first, ResponseDefinitionBuilder second) {
        String scenario = "faults " + request.build().getRequest();
        server.stubFor(request.inScenario(scenario).whenScenarioStateIs(STARTED).willReturn(first)
                .willSetStateTo("second").atPriority(1));
        // A fresh builder for the same request: WireMock mapping builders are not reusable.
        server.stubFor(copy(request).inScenario(scenario).whenScenarioStateIs("second").willReturn(second)
                .willSetStateTo("served").atPriority(1));
    }

    private static com.github.tomakehurst.wiremock.client.MappingBuilder copy(
            com.github.tomakehurst.wiremock.client.MappingBuilder request) {
        var pattern = request.build().getRequest();
        String path = pattern.getUrlPath();
        return pattern.getMethod().getName().equals("GET") ? get(urlPathEqualTo(path)) : post(urlPathEqualTo(path));
    }
}
