package dev.linkproxy.verifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.linkproxy.core.Caa;
import dev.linkproxy.core.LinkProxyException;
import dev.linkproxy.verifier.support.TestDns;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** RFC 8659's search for the governing CAA set, and the verdict on it, against a loopback DNS responder. */
class CaaLookupTest {

    private static final List<String> AMAZON = List.of("amazon.com", "amazontrust.com", "awstrust.com", "amazonaws.com");
    private final TestDns dns = TestDns.start();

    @AfterEach
    void stop() {
        dns.close();
    }

    private CaaLookup.Found find(String name) {
        return CaaLookup.through(List.of(dns.address()), Duration.ofSeconds(2)).find(name);
    }

    @Test
    void noSetAnywhereAllowsEveryCa() {
        dns.a("ablink.news.customer.test", "192.0.2.1");
        CaaLookup.Found f = find("ablink.news.customer.test");
        assertEquals("", f.at());
        assertEquals(Optional.empty(), Caa.refusal(f.records(), AMAZON, false));
    }

    @Test
    void theClosestAncestorWithASetGovernsAndMayBlockTheCdnsCa() {
        dns.a("ablink.news.customer.test", "192.0.2.1");
        dns.caa("customer.test", 0, "issue", "letsencrypt.org");
        dns.caa("customer.test", 0, "iodef", "mailto:security@customer.test");
        CaaLookup.Found f = find("ablink.news.customer.test");
        assertEquals("customer.test", f.at());
        assertEquals(Optional.of("its CAA records allow only letsencrypt.org"), Caa.refusal(f.records(), AMAZON, false));
        assertEquals(Optional.empty(), Caa.refusal(f.records(), List.of("letsencrypt.org"), false));
        assertEquals("ablink.news.customer.test. CAA 0 issue \"amazon.com\"",
                Caa.recordToAdd("ablink.news.customer.test", AMAZON, false));
    }

    @Test
    void aNearerSetWinsOverTheApexs() {
        dns.caa("news.customer.test", 0, "issue", "amazon.com");
        dns.caa("customer.test", 0, "issue", "letsencrypt.org");
        dns.a("ablink.news.customer.test", "192.0.2.1");
        CaaLookup.Found f = find("ablink.news.customer.test");
        assertEquals("news.customer.test", f.at());
        assertEquals(Optional.empty(), Caa.refusal(f.records(), AMAZON, false));
    }

    @Test
    void aLinkDomainStillCnamedToTheOriginIsGovernedByTheOriginsSet() {
        dns.cname("ablink.news.customer.test", "sendgrid.test");
        dns.caa("sendgrid.test", 0, "issue", "digicert.com");
        CaaLookup.Found f = find("ablink.news.customer.test");
        assertEquals("sendgrid.test", f.at());
        assertTrue(Caa.refusal(f.records(), AMAZON, false).isPresent());
    }

    @Test
    void aSemicolonForbidsEveryCaAndACriticalUnknownPropertyToo() {
        assertEquals(Optional.of("its CAA records allow only no CA at all (\";\")"),
                Caa.refusal(List.of(new Caa.Record(0, "issue", ";")), AMAZON, false));
        assertTrue(Caa.refusal(List.of(new Caa.Record(128, "tbs", "x")), AMAZON, false).isPresent());
        assertEquals(Optional.empty(), Caa.refusal(List.of(new Caa.Record(0, "iodef", "mailto:a@b.test")), AMAZON, false));
        assertEquals(Optional.empty(), Caa.refusal(List.of(new Caa.Record(0, "issue",
                "amazon.com; accounturi=x")), AMAZON, false), "parameters after the issuer");
        assertTrue(Caa.refusal(List.of(new Caa.Record(0, "issue", "amazon.com"), new Caa.Record(0, "issuewild", ";")),
                AMAZON, true).isPresent(), "issuewild governs wildcards");
    }

    @Test
    void aFailedLookupIsAnErrorNotAPass() {
        dns.servfail("ablink.news.customer.test");
        LinkProxyException e = assertThrows(LinkProxyException.class, () -> find("ablink.news.customer.test"));
        assertTrue(e.getMessage().contains("SERVFAIL") && e.getMessage().contains("refuses to issue"), e.getMessage());
    }
}
