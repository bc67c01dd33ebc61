package dev.linkproxy.verifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.linkproxy.core.LinkProxySpec;
import dev.linkproxy.core.spi.CutoverTarget;
import dev.linkproxy.verifier.support.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class VerifierTest extends VerifierTestBase {

    @Test
    void aGoodSetUpIsReady() {
        scenario.cutOver().origin();
        scenario.cdnHttps(scenario.proxy());
        scenario.cdnHttp(scenario.proxy());
        VerificationReport report = scenario.verifierBuilder().build().verify(scenario.request()
                .expectedTarget(CutoverTarget.cname(Scenario.CDN)).build());
        assertCheck(report, CheckResult.DNS_CUTOVER, CheckStatus.PASS, "points at a name under " + Scenario.CDN);
        assertCheck(report, CheckResult.TLS, CheckStatus.PASS, "on 2 address(es)");
        assertCheck(report, CheckResult.HTTPS_LINK, CheckStatus.PASS, "as the origin does");
        assertCheck(report, CheckResult.HTTP_LINK, CheckStatus.PASS, "as the origin does");
        assertTrue(report.ready());
        assertEquals(VerificationMode.POST_CUTOVER, report.mode());
    }

    @Test
    void stillOnTheOriginIsNotReady() {
        scenario.dns.cname(Scenario.DOMAIN, Scenario.ORIGIN).a(Scenario.ORIGIN, "127.0.0.1");
        scenario.origin();
        VerificationReport report = scenario.verify();
        assertCheck(report, CheckResult.DNS_CUTOVER, CheckStatus.FAIL, "still points at the origin");
        assertFalse(report.ready());
    }

    @Test
    void aNameThatDoesNotExistSkipsTheConnections() {
        scenario.origin();
        VerificationReport report = scenario.verify();
        assertCheck(report, CheckResult.DNS_CUTOVER, CheckStatus.FAIL, "NXDOMAIN");
        assertCheck(report, CheckResult.TLS, CheckStatus.SKIPPED, "nothing to connect to");
        assertCheck(report, CheckResult.HTTPS_LINK, CheckStatus.SKIPPED, "nothing to connect to");
        assertFalse(report.ready());
    }

    @Test
    void aServerThatAcceptsAndNeverAnswersCannotHoldTheChecksPastTheirLimits() {
        scenario.cutOver().origin();
        TestServer silent = scenario.start(TestServer.silent(true));
        scenario.route(Scenario.DOMAIN, 443, ":" + silent.port());
        scenario.route(Scenario.DOMAIN, 80, ":" + silent.port());
        scenario.total = Duration.ofSeconds(6);
        long start = System.nanoTime();
        VerificationReport report = scenario.verify();
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        CheckResult tls = assertCheck(report, CheckResult.TLS, CheckStatus.FAIL, "no TLS handshake from");
        assertTrue(tls.summary().contains("time limit"), tls.summary());
        assertTrue(check(report, CheckResult.HTTPS_LINK).summary().contains("time limit"));
        assertCheck(report, CheckResult.HTTP_LINK, CheckStatus.FAIL, "time limit");
        assertFalse(report.ready());
        assertTrue(took.compareTo(scenario.total.plusSeconds(5)) < 0, "took " + took);
    }

    @Test
    void aPeerTricklingBytesIsCutOffByTheTotalLimit() {
        scenario.cutOver().origin();
        scenario.cdnHttps(scenario.proxy());
        TestServer trickle = scenario.start(TestServer.trickling());
        scenario.route(Scenario.DOMAIN, 80, "127.0.0.1:" + trickle.port());
        scenario.total = Duration.ofSeconds(3);
        long start = System.nanoTime();
        VerificationReport report = scenario.verify();
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertCheck(report, CheckResult.HTTP_LINK, CheckStatus.FAIL, "the total time limit of 3 s for this domain was reached");
        assertTrue(took.compareTo(Duration.ofSeconds(8)) < 0, "took " + took);
    }

    @Test
    void preCutoverChecksTheCdnEndpointWhileDnsStillPointsAtTheOrigin() {
        scenario.dns.cname(Scenario.DOMAIN, Scenario.ORIGIN).a(Scenario.ORIGIN, "192.0.2.10")
                .a(Scenario.CDN, "127.0.0.1").aaaa(Scenario.CDN, "::1");
        scenario.origin();
        TestServer https = scenario.start(TestServer.https(ca.leaf(Scenario.DOMAIN).serverContext(), true, scenario.proxy()));
        TestServer http = scenario.start(TestServer.http(true, scenario.proxy()));
        scenario.route(Scenario.CDN, 443, ":" + https.port());
        scenario.route(Scenario.CDN, 80, ":" + http.port());
        VerificationReport report = scenario.verifierBuilder().build()
                .verify(scenario.request().preCutover(Scenario.CDN).build());
        CheckResult dns = assertCheck(report, CheckResult.DNS_CUTOVER, CheckStatus.SKIPPED, "points at the origin");
        assertEquals(List.of(Scenario.DOMAIN, Scenario.ORIGIN), dns.evidence().get("chain"));
        CheckResult tls = assertCheck(report, CheckResult.TLS, CheckStatus.PASS, "on 2 address(es)");
        assertEquals("CN=" + Scenario.DOMAIN, handshakes(tls).get(0).get("subject"));
        assertCheck(report, CheckResult.HTTPS_LINK, CheckStatus.PASS, "as the origin does");
        assertCheck(report, CheckResult.HTTP_LINK, CheckStatus.PASS, "as the origin does");
        assertEquals(Scenario.DOMAIN, https.requests().get(0).header("host"));
        assertTrue(report.ready());
        assertEquals("pre-cutover", report.toJson().get("mode").asText());
    }

    @Test
    void preCutoverAgainstABrokenEndpointIsNotReady() {
        scenario.dns.cname(Scenario.DOMAIN, Scenario.ORIGIN).a(Scenario.ORIGIN, "192.0.2.10").a(Scenario.CDN, "127.0.0.1");
        scenario.origin();
        TestServer https = scenario.start(TestServer.https(ca.leaf("d111.cdn.test").serverContext(), false,
                r -> TestServer.Response.status(403)));
        scenario.route(Scenario.CDN, 443, ":" + https.port());
        scenario.route(Scenario.CDN, 80, ":" + https.port());
        VerificationReport report = scenario.verifierBuilder().build()
                .verify(scenario.request().preCutover(Scenario.CDN).build());
        assertCheck(report, CheckResult.TLS, CheckStatus.FAIL, "does not cover " + Scenario.DOMAIN);
        assertFalse(report.ready());
    }

    @Test
    void withoutATrackedLinkTheLinkChecksAreSkipped() {
        scenario.cutOver();
        scenario.cdnHttps(scenario.proxy());
        LinkProxySpec spec = LinkProxySpec.builder().linkDomains(Scenario.DOMAIN).origin("iterable")
                .certificate("managed").build();
        VerificationReport report = scenario.verifierBuilder().build()
                .verify(VerificationRequest.forSpec(spec, Scenario.DOMAIN).build());
        assertCheck(report, CheckResult.HTTPS_LINK, CheckStatus.SKIPPED, "no tracked link was given");
        assertFalse(report.ready());
    }

    @Test
    void theReportIsJson() {
        scenario.cutOver().origin();
        scenario.cdnHttps(scenario.proxy());
        scenario.cdnHttp(scenario.proxy());
        JsonNode json = scenario.verify().toJson();
        assertEquals(Scenario.DOMAIN, json.get("domain").asText());
        assertTrue(json.get("ready").asBoolean());
        List<String> names = new ArrayList<>();
        json.get("checks").forEach(c -> {
            names.add(c.get("name").asText());
            assertEquals("pass", c.get("status").asText());
            assertFalse(c.get("summary").asText().isEmpty());
            assertTrue(c.get("evidence").isObject());
        });
        assertEquals(List.of("dns-cutover", "tls", "https-link", "http-link"), names);
        assertEquals(2, json.get("checks").get(1).get("evidence").get("handshakes").size());
    }

    @Test
    void verifyAllStreamsEveryReport() {
        scenario.cutOver().origin();
        scenario.dns.cname("ablink.other.customer.test", Scenario.ORIGIN);
        scenario.cdnHttps(scenario.proxy());
        scenario.cdnHttp(scenario.proxy());
        Verifier verifier = scenario.verifierBuilder().concurrency(2).build();
        List<VerificationReport> reports = Collections.synchronizedList(new ArrayList<>());
        verifier.verifyAll(List.of(scenario.request().build(),
                VerificationRequest.builder("ablink.other.customer.test").originHost(Scenario.ORIGIN).build(),
                scenario.request().build()), reports::add);
        assertEquals(3, reports.size());
        assertEquals(2, reports.stream().filter(VerificationReport::ready).count());
        assertTrue(reports.stream().anyMatch(r -> r.domain().equals("ablink.other.customer.test") && !r.ready()));
    }

    @Test
    void oneVerifierShowsTheCertificateEveryTimeBecauseItNeverResumesASession() {
        scenario.cutOver().origin();
        scenario.cdnHttps(scenario.proxy());
        scenario.cdnHttp(scenario.proxy());
        Verifier verifier = scenario.verifierBuilder().build();
        // The JDK's test servers issue TLS 1.3 tickets; a resumed handshake would show no certificate and fail.
        for (int i = 0; i < 3; i++) {
            VerificationReport report = verifier.verify(scenario.request().build());
            CheckResult tls = assertCheck(report, CheckResult.TLS, CheckStatus.PASS, "on 2 address(es)");
            handshakes(tls).forEach(h -> assertEquals("CN=" + Scenario.DOMAIN, h.get("subject"), h.toString()));
            assertCheck(report, CheckResult.HTTPS_LINK, CheckStatus.PASS, "as the origin does");
            assertTrue(report.ready(), report.toJson().toPrettyString());
        }
    }

    @Test
    void requestsAreCheckedOnBuild() {
        assertThrows(IllegalArgumentException.class, () -> VerificationRequest.builder("*.customer.test"));
        assertThrows(IllegalArgumentException.class, () -> VerificationRequest.builder(Scenario.DOMAIN).trackedLink("wf"));
        assertThrows(IllegalArgumentException.class, () -> Verifier.builder().totalTimeout(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> Verifier.builder().trustPem(dir.resolve("missing.pem")).build());
    }
}
