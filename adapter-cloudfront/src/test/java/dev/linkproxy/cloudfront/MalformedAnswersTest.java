package dev.linkproxy.cloudfront;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.linkproxy.core.CdnException;
import dev.linkproxy.core.spi.CdnClient;
import dev.linkproxy.core.spi.Progress;
import org.junit.jupiter.api.Test;

/**
 * Answers with a 2xx status and a body that is not what the API promises: never taken as an empty account (which
 * would create a duplicate) nor as a certificate; always an UNEXPECTED_RESPONSE naming the call, not retried, and the
 * next apply converges.
 */
class MalformedAnswersTest extends WireMockCloudFront {

    private static final String API = FakeCloudFront.API;

    private CdnException applyFails() {
        try (CdnClient client = client()) {
            return assertThrows(CdnException.class, () -> client.apply(spec(), Progress.NONE));
        }
    }

    private void assertConvergesAfterwards() {
        server.resetMappings();
        server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.any(
                com.github.tomakehurst.wiremock.client.WireMock.anyUrl()).atPriority(100)
                .willReturn(aResponse().withTransformers(FakeCloudFront.NAME)));
        try (CdnClient client = client()) {
            client.apply(spec(), Progress.NONE);
            assertTrue(client.plan(spec()).isEmpty());
        }
        assertEquals(1, fake.all().size());
    }

    private static ResponseDefinitionBuilder ok(String contentType, String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", contentType).withBody(body);
    }

    @Test
    void anHtmlPageForTheListIsNotAnEmptyAccount() {
        server.stubFor(get(urlPathEqualTo(API)).atPriority(1)
                .willReturn(ok("text/html", "<html><body>502 Bad Gateway</body></html>")));
        CdnException e = applyFails();
        assertEquals("ListDistributions", e.operation(), e.getMessage());
        assertEquals(CdnException.Kind.UNEXPECTED_RESPONSE, e.kind(), e.getMessage());
        Journal.assertThat(server).made("POST " + API).never();
        assertConvergesAfterwards();
    }

    @Test
    void anEmptyListAnswerIsNotAnEmptyAccount() {
        server.stubFor(get(urlPathEqualTo(API)).atPriority(1).willReturn(ok("text/xml", "")));
        CdnException e = applyFails();
        assertEquals("ListDistributions", e.operation(), e.getMessage());
        Journal.assertThat(server).made("POST " + API).never();
        assertConvergesAfterwards();
    }

    @Test
    void aCertificateAnswerCutBeforeItsStatusIsNamedNotMistakenForACertificateProblem() {
        server.stubFor(post(urlPathEqualTo("/")).atPriority(1).willReturn(ok("application/x-amz-json-1.1",
                "{\"Certificate\":{\"CertificateArn\":\"" + ARN + "\",\"DomainName\":\"" + DOMAIN + "\",\"Subj")));
        CdnException e = applyFails();
        assertEquals("DescribeCertificate", e.operation(), e.getMessage());
        assertEquals(CdnException.Kind.UNEXPECTED_RESPONSE, e.kind(), e.getMessage());
        Journal.assertThat(server).made("POST " + API).never();
        assertConvergesAfterwards();
    }

    @Test
    void aCreateAnsweredWithAnHtmlPageIsNamedAndTheNextApplyCreatesOnce() {
        server.stubFor(post(urlPathEqualTo(API)).atPriority(1).willReturn(ok("text/html", "<html>oops</html>")));
        CdnException e = applyFails();
        assertEquals("CreateDistribution", e.operation(), e.getMessage());
        assertConvergesAfterwards();
    }
}
