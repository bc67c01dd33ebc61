package dev.linkproxy.verifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.linkproxy.core.LinkDomainHeader;
import dev.linkproxy.verifier.support.StandInOrigin;
import dev.linkproxy.verifier.support.TestServer;
import dev.linkproxy.verifier.support.TestServer.Response;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LinkCheckTest extends VerifierTestBase {

    @Test
    void proxiedLinksGiveTheOriginsRedirectOverBothProtocols() {
        scenario.cutOver().origin();
        TestServer https = scenario.cdnHttps(scenario.proxy());
        scenario.cdnHttp(scenario.proxy());
        VerificationReport report = scenario.verify();
        CheckResult link = assertCheck(report, CheckResult.HTTPS_LINK, CheckStatus.PASS, "302 → " + Scenario.DESTINATION);
        assertEquals(302, map(link.evidence().get("answer")).get("status"));
        assertEquals(Scenario.DESTINATION, map(map(link.evidence().get("origin")).get("answer")).get("location"));
        assertEquals(Scenario.DOMAIN, map(map(link.evidence().get("origin")).get("headers")).get("Host"));
        assertCheck(report, CheckResult.HTTP_LINK, CheckStatus.PASS, "as the origin does");
        assertEquals(Scenario.LINK, https.requests().get(0).target());
        assertEquals(Scenario.DOMAIN, https.requests().get(0).header("host"));
        assertTrue(report.ready());
    }

    @Test
    void anHttpUpgradeToTheSameUrlPassesWithANote() {
        scenario.cutOver().origin();
        scenario.cdnHttps(scenario.proxy());
        scenario.cdnHttp(r -> Response.redirect(301, "https://" + r.header("host") + r.target()));
        VerificationReport report = scenario.verify();
        CheckResult http = assertCheck(report, CheckResult.HTTP_LINK, CheckStatus.PASS, "upgrades to https with 301");
        assertTrue(http.summary().contains("note: the HTTPS link passes"), http.summary());
        assertEquals(true, http.evidence().get("upgradesToHttps"));
        assertTrue(report.ready());
    }

    @Test
    void anHttpUpgradeFailsWhenHttpsFails() {
        scenario.cutOver().origin();
        scenario.cdnHttps(r -> Response.status(502));
        scenario.cdnHttp(r -> Response.redirect(301, "https://" + r.header("host") + r.target()));
        VerificationReport report = scenario.verify();
        assertCheck(report, CheckResult.HTTP_LINK, CheckStatus.FAIL, "but the HTTPS link fails");
    }

    @Test
    void aProxyAnswering200Fails() {
        assertProxyAnswerFails(200, "answered 200 (a page, not the tracking redirect)");
    }

    @Test
    void aProxyAnswering403Fails() {
        assertProxyAnswerFails(403, "answered 403 (a client error)");
    }

    @Test
    void aProxyAnswering502Fails() {
        assertProxyAnswerFails(502, "answered 502 (a server error)");
    }

    private void assertProxyAnswerFails(int status, String words) {
        scenario.cutOver().origin();
        scenario.cdnHttps(r -> Response.status(status));
        scenario.cdnHttp(r -> Response.status(status));
        VerificationReport report = scenario.verify();
        for (String name : new String[] {CheckResult.HTTPS_LINK, CheckResult.HTTP_LINK}) {
            CheckResult c = assertCheck(report, name, CheckStatus.FAIL, words);
            assertTrue(c.summary().contains("the origin answers 302 → " + Scenario.DESTINATION), c.summary());
            assertEquals(status, map(c.evidence().get("answer")).get("status"));
            assertEquals(302, map(map(c.evidence().get("origin")).get("answer")).get("status"));
        }
        assertFalse(report.ready());
    }

    @Test
    void aDroppedQueryStringFails() {
        scenario.cutOver().origin();
        scenario.cdnHttps(scenario.originLogic.behind(StandInOrigin::withoutQuery));
        scenario.cdnHttp(scenario.originLogic.behind(StandInOrigin::withoutQuery));
        VerificationReport report = scenario.verify();
        CheckResult c = assertCheck(report, CheckResult.HTTPS_LINK, CheckStatus.FAIL, "answered 404");
        assertTrue(c.summary().contains("the origin answers 302 → " + Scenario.DESTINATION), c.summary());
        assertEquals(404, map(c.evidence().get("answer")).get("status"));
    }

    @Test
    void aRewrittenHostFails() {
        scenario.cutOver().origin();
        scenario.cdnHttps(scenario.originLogic.behind(StandInOrigin.hostRewrittenTo(Scenario.ORIGIN)));
        scenario.cdnHttp(scenario.originLogic.behind(StandInOrigin.hostRewrittenTo(Scenario.ORIGIN)));
        VerificationReport report = scenario.verify();
        CheckResult c = assertCheck(report, CheckResult.HTTPS_LINK, CheckStatus.FAIL,
                "answered 302 → https://sendgrid.test/ but the origin answers 302 → " + Scenario.DESTINATION);
        assertEquals("https://sendgrid.test/", map(c.evidence().get("answer")).get("location"));
        assertCheck(report, CheckResult.HTTP_LINK, CheckStatus.FAIL, "but the origin answers");
    }

    @Test
    void noHttpListenerFails() {
        scenario.cutOver().origin();
        scenario.cdnHttps(scenario.proxy());
        TestServer closed = scenario.start(TestServer.http(false, r -> null));
        int port = closed.port();
        closed.close();
        scenario.route(Scenario.DOMAIN, 80, ":" + port);
        VerificationReport report = scenario.verify();
        assertCheck(report, CheckResult.HTTPS_LINK, CheckStatus.PASS, "as the origin does");
        CheckResult http = assertCheck(report, CheckResult.HTTP_LINK, CheckStatus.FAIL, "refused");
        assertTrue(http.summary().startsWith("no answer for http://" + Scenario.DOMAIN), http.summary());
        assertFalse(report.ready());
    }

    @Test
    void aRedirectElsewhereWarnsWhenTheOriginCannotBeAsked() {
        scenario.cutOver();
        TestServer closed = scenario.start(TestServer.http(false, r -> null));
        int port = closed.port();
        closed.close();
        scenario.route(Scenario.ORIGIN, 443, "127.0.0.1:" + port);
        scenario.cdnHttps(r -> Response.redirect(302, Scenario.DESTINATION));
        scenario.cdnHttp(r -> Response.redirect(302, Scenario.DESTINATION));
        VerificationReport report = scenario.verify();
        CheckResult c = assertCheck(report, CheckResult.HTTPS_LINK, CheckStatus.WARN,
                "redirects to dest.test (302 → " + Scenario.DESTINATION + "); the origin was not compared");
        assertTrue(map(c.evidence().get("origin")).containsKey("problem"));
    }

    @Test
    void theOriginIsAskedWithXForwardedHostWhereThePresetSaysSo() {
        scenario.cutOver();
        StandInOrigin sparkpost = new StandInOrigin(Scenario.ORIGIN, Set.of(Scenario.DOMAIN), true);
        TestServer origin = scenario.start(TestServer.https(ca.leaf(Scenario.ORIGIN).serverContext(), false, sparkpost));
        scenario.route(Scenario.ORIGIN, 443, "127.0.0.1:" + origin.port());
        // A CDN that adds X-Forwarded-Host and sends the origin's own name as Host, as SparkPost asks on CloudFront.
        scenario.cdnHttps(sparkpost.behind(r -> {
            var headers = new java.util.HashMap<>(r.headers());
            headers.put("x-forwarded-host", r.header("host"));
            headers.put("host", Scenario.ORIGIN);
            return new TestServer.Request(r.method(), r.target(), headers);
        }));
        VerificationReport report = scenario.verifierBuilder().build().verify(scenario.request()
                .linkDomainHeader(LinkDomainHeader.X_FORWARDED_HOST).build());
        assertCheck(report, CheckResult.HTTPS_LINK, CheckStatus.PASS, "as the origin does");
        TestServer.Request asked = origin.requests().get(0);
        assertEquals(Scenario.ORIGIN, asked.header("host"));
        assertEquals(Scenario.DOMAIN, asked.header("x-forwarded-host"));
    }

    @Test
    void aLinkTheOriginDoesNotKnowFails() {
        scenario.cutOver().origin();
        scenario.cdnHttps(scenario.proxy());
        scenario.cdnHttp(scenario.proxy());
        VerificationReport report = scenario.verifierBuilder().build()
                .verify(scenario.request().trackedLink("/wf/click").build());
        assertCheck(report, CheckResult.HTTPS_LINK, CheckStatus.FAIL, "answered 404");
    }
}
