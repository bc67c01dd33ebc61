package dev.linkproxy.verifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.linkproxy.core.LinkDomainHeader;
import dev.linkproxy.core.OriginProtocol;
import dev.linkproxy.verifier.support.StandInOrigin;
import dev.linkproxy.verifier.support.TestServer;
import dev.linkproxy.verifier.support.TestServer.Response;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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

    // ---- what the edge answers, in the words of the summary ----

    private static final String HTTPS_URL = "https://" + Scenario.DOMAIN + Scenario.LINK;
    private static final String HTTP_URL = "http://" + Scenario.DOMAIN + Scenario.LINK;
    private static final String ORIGIN_SAYS = "the origin answers 302 → " + Scenario.DESTINATION;

    /** The edge on 127.0.0.1 only, so that each summary is about one address. */
    private void ipv4CutOver() {
        scenario.dns.cname(Scenario.DOMAIN, Scenario.CDN).a(Scenario.CDN, "127.0.0.1").a(Scenario.ORIGIN, "192.0.2.10");
    }

    @ParameterizedTest(name = "an edge answering {0} fails: {1}")
    @CsvSource(delimiter = '|', value = {
            "500 | 500 (a server error)", "400 | 400 (a client error)", "499 | 499 (a client error)",
            "204 | 204 (not a redirect)", "302 | 302 (not a redirect)", "304 | 304 (not a redirect)"})
    void anAnswerThatIsNotARedirectFailsNamingWhatItIs(int status, String what) {
        ipv4CutOver();
        scenario.origin();
        // A bare status: a 302 without Location is no redirect at all.
        scenario.cdnHttps(r -> Response.status(status));
        scenario.cdnHttp(r -> Response.status(status));
        VerificationReport report = scenario.verify();
        CheckResult https = check(report, CheckResult.HTTPS_LINK);
        assertEquals(CheckStatus.FAIL, https.status());
        assertEquals(HTTPS_URL + " answered " + what + "; " + ORIGIN_SAYS, https.summary());
        assertEquals(HTTP_URL + " answered " + what + "; " + ORIGIN_SAYS, check(report, CheckResult.HTTP_LINK).summary());
    }

    @Test
    void aRedirectWithAnotherStatusThanTheOriginsFails() {
        ipv4CutOver();
        scenario.origin();
        scenario.cdnHttps(r -> Response.redirect(301, Scenario.DESTINATION));
        scenario.cdnHttp(scenario.proxy());
        VerificationReport report = scenario.verify();
        CheckResult https = check(report, CheckResult.HTTPS_LINK);
        assertEquals(CheckStatus.FAIL, https.status());
        assertEquals(HTTPS_URL + " answered 301 → " + Scenario.DESTINATION + " but " + ORIGIN_SAYS
                + " (query string dropped or Host rewritten on the way?)", https.summary());
        assertEquals("failedAt", List.copyOf(https.evidence().keySet()).get(https.evidence().size() - 1));
        assertCheck(report, CheckResult.HTTP_LINK, CheckStatus.PASS, "as the origin does");
    }

    @Test
    void aLinkTheOriginDoesNotRedirectAsksForAnExistingOne() {
        ipv4CutOver();
        scenario.origin();
        scenario.cdnHttps(r -> Response.redirect(302, Scenario.DESTINATION));
        scenario.cdnHttp(r -> Response.redirect(302, Scenario.DESTINATION));
        VerificationReport report = scenario.verifierBuilder().build()
                .verify(scenario.request().trackedLink("/wf/click").build());
        assertEquals("the origin itself answers 404 for this link, not a redirect: give an existing tracked link",
                assertCheck(report, CheckResult.HTTPS_LINK, CheckStatus.FAIL, "the origin itself").summary());
        assertCheck(report, CheckResult.HTTP_LINK, CheckStatus.FAIL, "the origin itself answers 404");
    }

    @Test
    void aPassOnOneAddressShowsItsAnswerAndWhereItWasAsked() {
        ipv4CutOver();
        scenario.origin();
        scenario.cdnHttps(scenario.proxy());
        scenario.cdnHttp(scenario.proxy());
        VerificationReport report = scenario.verify();
        CheckResult https = check(report, CheckResult.HTTPS_LINK);
        assertEquals(CheckStatus.PASS, https.status());
        assertEquals(HTTPS_URL + " answered 302 → " + Scenario.DESTINATION + ", as the origin does", https.summary());
        assertEquals(HTTPS_URL, https.evidence().get("url"));
        assertTrue(((String) https.evidence().get("connectedTo")).startsWith("127.0.0.1:"), https.evidence().toString());
        assertEquals(true, https.evidence().get("sameConnectionAsTlsCheck"), "the TLS check's connection was reused");
        assertFalse(https.evidence().containsKey("addresses"), "one address needs no list");
        assertFalse(https.evidence().containsKey("failedAt"));
        Map<String, Object> origin = map(https.evidence().get("origin"));
        assertEquals("https://" + Scenario.ORIGIN + Scenario.LINK, origin.get("url"));
        assertTrue(((String) origin.get("connectedTo")).startsWith("127.0.0.1:"), origin.toString());
        assertFalse(origin.containsKey("keptAlive"), "a single verification keeps no connection");
        assertEquals(HTTP_URL + " answered 302 → " + Scenario.DESTINATION + ", as the origin does",
                check(report, CheckResult.HTTP_LINK).summary());
    }

    @Test
    void aPassOnEveryAddressSaysHowManyWereAsked() {
        scenario.cutOver().origin();
        scenario.cdnHttps(scenario.proxy());
        scenario.cdnHttp(scenario.proxy());
        VerificationReport report = scenario.verify();
        CheckResult https = check(report, CheckResult.HTTPS_LINK);
        assertEquals(HTTPS_URL + " answered 302 → " + Scenario.DESTINATION + ", as the origin does (on 2 addresses)",
                https.summary());
        List<Map<String, Object>> each = addresses(https);
        assertEquals(2, each.size());
        assertTrue(((String) each.get(0).get("address")).startsWith("127.0.0.1:"));
        assertTrue(((String) each.get(1).get("address")).startsWith("[0:0:0:0:0:0:0:1]:"));
        assertEquals(List.of("pass", "pass"), each.stream().map(e -> e.get("status")).toList());
        assertEquals(2, ((List<?>) https.evidence().get("connectedTo")).size());
        assertEquals(302, map(https.evidence().get("answer")).get("status"));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> addresses(CheckResult c) {
        return (List<Map<String, Object>>) c.evidence().get("addresses");
    }

    @Test
    void whenEveryAddressFailsTheFirstIsNamedAndAllAreCounted() {
        scenario.cutOver().origin();
        TestServer closed = scenario.start(TestServer.http(true, r -> null));
        int port = closed.port();
        closed.close();
        scenario.route(Scenario.DOMAIN, 443, ":" + port);
        scenario.route(Scenario.DOMAIN, 80, ":" + port);
        VerificationReport report = scenario.verify();
        for (String name : List.of(CheckResult.HTTPS_LINK, CheckResult.HTTP_LINK)) {
            CheckResult c = check(report, name);
            assertEquals(CheckStatus.FAIL, c.status());
            assertTrue(c.summary().endsWith(" (at 127.0.0.1:" + port + "; 2 of 2 addresses fail)"), c.summary());
            assertEquals("127.0.0.1:" + port, c.evidence().get("failedAt"));
            assertTrue(((String) c.evidence().get("problem")).contains("connection to 127.0.0.1:" + port + " refused"),
                    c.evidence().toString());
            assertEquals(List.of("fail", "fail"), addresses(c).stream().map(e -> e.get("status")).toList());
        }
    }

    @Test
    void aSecondAddressThatAnswersDifferentlyFailsTheCheckAtThatAddress() {
        scenario.cutOver().origin();
        AtomicInteger asked = new AtomicInteger();
        // The link checks ask the addresses in DNS order, one after the other: the second request is ::1's.
        scenario.cdnHttps(r -> asked.incrementAndGet() == 1 ? scenario.proxy().apply(r) : Response.status(502));
        scenario.cdnHttp(scenario.proxy());
        VerificationReport report = scenario.verify();
        CheckResult https = check(report, CheckResult.HTTPS_LINK);
        assertEquals(CheckStatus.FAIL, https.status());
        assertTrue(https.summary().startsWith(HTTPS_URL + " answered 502 (a server error); " + ORIGIN_SAYS
                + " (at [0:0:0:0:0:0:0:1]:"), https.summary());
        assertTrue(https.summary().endsWith("; 1 of 2 addresses fail)"), https.summary());
        assertEquals(502, map(https.evidence().get("answer")).get("status"), "the failing address's answer is on top");
        assertEquals(List.of("pass", "fail"), addresses(https).stream().map(e -> e.get("status")).toList());
    }

    @Test
    void anEdgeWithTheWrongCertificateGivesNoAnswerOverHttps() {
        ipv4CutOver();
        scenario.origin();
        scenario.cdnHttps(ca.leaf("other.customer.test"), scenario.proxy());
        scenario.cdnHttp(scenario.proxy());
        VerificationReport report = scenario.verify();
        CheckResult https = check(report, CheckResult.HTTPS_LINK);
        assertEquals(CheckStatus.FAIL, https.status());
        assertTrue(https.summary().startsWith("no answer for " + HTTPS_URL + ": TLS to " + Scenario.DOMAIN
                + " at 127.0.0.1:"), https.summary());
        assertTrue(https.summary().endsWith(" fails: the certificate does not cover " + Scenario.DOMAIN
                + " (it names other.customer.test)"), https.summary());
        assertFalse(https.evidence().containsKey("sameConnectionAsTlsCheck"));
    }

    // ---- when the origin cannot be asked ----

    private void noOrigin() {
        TestServer closed = scenario.start(TestServer.http(false, r -> null));
        int port = closed.port();
        closed.close();
        scenario.route(Scenario.ORIGIN, 443, "127.0.0.1:" + port);
    }

    @Test
    void aRedirectToItsOwnHostFailsWhenTheOriginCannotBeAsked() {
        ipv4CutOver();
        noOrigin();
        // Upper case in the Location is still the link domain: a loop back to itself, not the tracking redirect.
        scenario.cdnHttps(r -> Response.redirect(302, "https://ABLINK.News.Customer.Test/elsewhere"));
        scenario.cdnHttp(r -> Response.redirect(302, "/elsewhere"));
        VerificationReport report = scenario.verify();
        CheckResult https = check(report, CheckResult.HTTPS_LINK);
        assertEquals(CheckStatus.FAIL, https.status());
        assertTrue(https.summary().startsWith(HTTPS_URL + " redirects to its own host (302 → "
                + "https://ABLINK.News.Customer.Test/elsewhere) and the origin could not be asked: TLS to "
                + Scenario.ORIGIN + " at 127.0.0.1:"), https.summary());
        CheckResult http = check(report, CheckResult.HTTP_LINK);
        assertEquals(CheckStatus.FAIL, http.status(), "a Location without a host stays on the link domain");
        assertTrue(http.summary().startsWith(HTTP_URL + " redirects to its own host (302 → /elsewhere)"), http.summary());
        assertTrue(((String) map(https.evidence().get("origin")).get("problem")).contains(" fails: connection to 127.0.0.1:"));
        assertFalse(map(https.evidence().get("origin")).containsKey("answer"));
    }

    @Test
    void anOriginWithTheWrongCertificateIsNotAsked() {
        ipv4CutOver();
        TestServer origin = scenario.start(TestServer.https(ca.leaf("someone-else.test").serverContext(), false,
                scenario.originLogic));
        scenario.route(Scenario.ORIGIN, 443, "127.0.0.1:" + origin.port());
        scenario.cdnHttps(r -> Response.redirect(302, Scenario.DESTINATION));
        scenario.cdnHttp(r -> Response.redirect(302, Scenario.DESTINATION));
        VerificationReport report = scenario.verify();
        CheckResult https = check(report, CheckResult.HTTPS_LINK);
        assertEquals(CheckStatus.WARN, https.status(), https.summary());
        assertTrue(https.summary().endsWith("; the origin was not compared: TLS to " + Scenario.ORIGIN + " at 127.0.0.1:"
                + origin.port() + " fails: the certificate does not cover " + Scenario.ORIGIN
                + " (it names someone-else.test)"), https.summary());
        assertEquals(0, origin.requests().size(), "nothing is sent over a connection whose certificate failed");
    }

    @Test
    void anOriginThatDoesNotResolveIsNamedAsTheReason() {
        ipv4CutOver();
        scenario.dns.servfail(Scenario.ORIGIN);
        scenario.cdnHttps(r -> Response.redirect(302, Scenario.DESTINATION));
        scenario.cdnHttp(r -> Response.redirect(302, Scenario.DESTINATION));
        VerificationReport report = scenario.verify();
        CheckResult https = check(report, CheckResult.HTTPS_LINK);
        assertEquals(CheckStatus.WARN, https.status(), https.summary());
        assertTrue(https.summary().contains("; the origin was not compared: " + Scenario.ORIGIN + " does not resolve: "),
                https.summary());
    }

    @Test
    void anUpgradeToHttpsWarnsWhenTheHttpsLinkOnlyWarns() {
        ipv4CutOver();
        noOrigin();
        scenario.cdnHttps(r -> Response.redirect(302, Scenario.DESTINATION));
        scenario.cdnHttp(r -> Response.redirect(301, "https://" + Scenario.DOMAIN + r.target()));
        VerificationReport report = scenario.verify();
        assertEquals(CheckStatus.WARN, check(report, CheckResult.HTTPS_LINK).status());
        CheckResult http = check(report, CheckResult.HTTP_LINK);
        assertEquals(CheckStatus.WARN, http.status(), http.summary());
        assertEquals(HTTP_URL + " upgrades to https with 301; note: the HTTPS link passes with a warning",
                http.summary());
        assertEquals("the answer upgrades to the same URL on https, and the HTTPS link passes with a warning",
                http.evidence().get("note"));
    }

    // ---- what counts as an upgrade to https ----

    @ParameterizedTest(name = "Location {0} is an upgrade: {1}")
    @CsvSource({
            "https://ablink.news.customer.test/wf/click?upn=abc123, true",
            "https://ABLINK.news.customer.test:443/wf/click?upn=abc123, true",
            "HTTPS://ablink.news.customer.test/wf/click?upn=abc123, true",
            "https://ablink.news.customer.test:8443/wf/click?upn=abc123, false",
            "http://ablink.news.customer.test/wf/click?upn=abc123, false",
            "https://other.customer.test/wf/click?upn=abc123, false",
            "https://ablink.news.customer.test/wf/click, false",
            "https://ablink.news.customer.test/wf/click?upn=other, false",
            "https://ablink.news.customer.test/wf/other?upn=abc123, false",
            "https://ablink news/wf/click?upn=abc123, false"})
    void onlyTheSameLinkOnHttpsAtTheDefaultPortIsAnUpgrade(String location, boolean upgrade) {
        ipv4CutOver();
        scenario.origin();
        scenario.cdnHttps(scenario.proxy());
        scenario.cdnHttp(r -> Response.redirect(301, location));
        VerificationReport report = scenario.verify();
        CheckResult http = check(report, CheckResult.HTTP_LINK);
        if (upgrade) {
            assertEquals(CheckStatus.PASS, http.status(), http.summary());
            assertEquals(HTTP_URL + " upgrades to https with 301; note: the HTTPS link passes", http.summary());
        } else {
            assertEquals(CheckStatus.FAIL, http.status(), http.summary());
            assertEquals(HTTP_URL + " answered 301 → " + location + " but " + ORIGIN_SAYS
                    + " (query string dropped or Host rewritten on the way?)", http.summary());
            assertFalse(http.evidence().containsKey("upgradesToHttps"));
        }
    }

    // ---- asking the origin ----

    @Test
    void anOriginThatSpeaksOnlyHttpIsAskedOnPort80() {
        ipv4CutOver();
        TestServer origin = scenario.start(TestServer.http(false, scenario.originLogic));
        scenario.route(Scenario.ORIGIN, 80, "127.0.0.1:" + origin.port());
        scenario.cdnHttps(scenario.proxy());
        scenario.cdnHttp(scenario.proxy());
        VerificationReport report = scenario.verifierBuilder().build()
                .verify(scenario.request().originProtocol(OriginProtocol.HTTP_ONLY).build());
        CheckResult https = assertCheck(report, CheckResult.HTTPS_LINK, CheckStatus.PASS, "as the origin does");
        Map<String, Object> asked = map(https.evidence().get("origin"));
        assertEquals("http://" + Scenario.ORIGIN + Scenario.LINK, asked.get("url"));
        assertEquals("127.0.0.1:" + origin.port(), asked.get("connectedTo"));
        assertEquals(Map.of("Host", Scenario.DOMAIN), asked.get("headers"));
        assertEquals(1, origin.requests().size());
        assertEquals(Scenario.LINK, origin.requests().get(0).target());
    }
}
