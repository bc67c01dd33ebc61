package dev.linkproxy.fastly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.linkproxy.core.HttpMethod;
import dev.linkproxy.core.HttpVersion;
import dev.linkproxy.core.InvalidSpecException;
import dev.linkproxy.core.LinkDomainHeader;
import dev.linkproxy.core.LinkProxySpec;
import dev.linkproxy.core.OriginProtocol;
import dev.linkproxy.core.PriceClass;
import dev.linkproxy.core.TlsVersion;
import dev.linkproxy.core.ViewerProtocol;
import dev.linkproxy.core.spi.NativeConfig;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every Fastly object the renderer makes, whole, and the notes for each spec setting: the complement of
 * {@link FastlyRendererTest}'s field checks, so a changed field, value or sentence is seen.
 */
class FastlyRendererObjectsTest {

    private static final String LINK = FastlyApplyTest.LINK;
    private static final String SECOND = FastlyApplyTest.SECOND;

    private static LinkProxySpec runbook() {
        return FastlyApplyTest.spec();
    }

    @Test
    void theServiceIsNamedAfterTheFirstLinkDomainAndListsThemAll() {
        NativeConfig c = FastlyRenderer.render(runbook().toBuilder().linkDomains(LINK, SECOND).build());
        assertEquals("{\"name\":\"linkproxy " + LINK + "\",\"type\":\"vcl\",\"comment\":\"managed by linkproxy: " + LINK
                + ", " + SECOND + "\"}", c.at("/service").toString());
        assertEquals("[{\"name\":\"" + LINK + "\",\"comment\":\"linkproxy\"},{\"name\":\"" + SECOND
                + "\",\"comment\":\"linkproxy\"}]", c.at("/domains").toString());
        assertEquals("linkproxy " + LINK, FastlyRenderer.serviceName(runbook().toBuilder().linkDomains(LINK, SECOND).build()));
    }

    @Test
    void anHttpsBackendChecksTheOriginsCertificateAndKeepsTheClientsHost() {
        NativeConfig c = FastlyRenderer.render(runbook().toBuilder().minOriginTls(TlsVersion.TLS_1_3)
                .originReadTimeout(Duration.ofSeconds(45)).originKeepAlive(Duration.ofSeconds(20)).build());
        assertEquals("[{\"name\":\"linkproxy_origin\",\"address\":\"sendgrid.net\",\"port\":443,\"use_ssl\":true,"
                + "\"ssl_cert_hostname\":\"sendgrid.net\",\"ssl_sni_hostname\":\"sendgrid.net\",\"ssl_check_cert\":true,"
                + "\"min_tls_version\":\"1.3\",\"override_host\":null,\"first_byte_timeout\":45000,"
                + "\"keepalive_time\":20}]", c.at("/backends").toString());
    }

    @Test
    void anHttpOnlyBackendHasNoTlsFieldsAtAll() {
        NativeConfig c = FastlyRenderer.render(runbook().toBuilder().origin("mailgun")
                .originProtocol(OriginProtocol.HTTP_ONLY).build());
        assertEquals("{\"name\":\"linkproxy_origin\",\"address\":\"mailgun.org\",\"port\":80,\"use_ssl\":false,"
                + "\"override_host\":null,\"first_byte_timeout\":30000,\"keepalive_time\":5}", c.at("/backends/0").toString());
    }

    @Test
    void theRunbookPassesEveryRequestInOneRecvSnippet() {
        NativeConfig c = FastlyRenderer.render(runbook());
        assertEquals("[{\"name\":\"linkproxy_recv\",\"type\":\"recv\",\"dynamic\":\"0\",\"priority\":\"100\","
                + "\"content\":\"return(pass);\\n\"}]", c.at("/snippets").toString());
        assertEquals("{\"general.default_ttl\":0}", c.at("/settings").toString());
    }

    @Test
    void everyRecvRuleIsRenderedInOrderInOneSnippet() {
        LinkProxySpec spec = runbook().toBuilder().methods(EnumSet.of(HttpMethod.POST, HttpMethod.GET, HttpMethod.HEAD))
                .viewerProtocol(ViewerProtocol.REDIRECT_TO_HTTPS).linkDomainHeader(LinkDomainHeader.X_FORWARDED_HOST)
                .build();
        NativeConfig c = FastlyRenderer.render(spec);
        assertEquals("linkproxy_recv", c.at("/snippets/0/name").asText());
        assertEquals("if (req.method !~ \"^(GET|HEAD|POST)$\") { error 405 \"Method Not Allowed\"; }\n"
                + "if (!req.is_ssl) { error 601 \"linkproxy https\"; }\n"
                + "set req.http.X-Forwarded-Host = req.http.host;\n"
                + "return(pass);\n", c.at("/snippets/0/content").asText());
        assertEquals("{\"name\":\"linkproxy_error\",\"type\":\"error\",\"dynamic\":\"0\",\"priority\":\"100\","
                + "\"content\":\"if (obj.status == 601 && obj.response == \\\"linkproxy https\\\") {\\n"
                + "  set obj.status = 308;\\n  set obj.response = \\\"Permanent Redirect\\\";\\n"
                + "  set obj.http.Location = \\\"https://\\\" req.http.host req.url;\\n  synthetic {\\\"\\\"};\\n"
                + "  return(deliver);\\n}\\n\"}", c.at("/snippets/1").toString());
        assertEquals(2, c.config().path("snippets").size());
    }

    @Test
    void aCachingSpecWithNothingToChangeInRecvHasNoSnippetAtAll() {
        NativeConfig c = FastlyRenderer.render(runbook().toBuilder().cacheTtl(Duration.ofSeconds(300)).build());
        assertEquals("[]", c.at("/snippets").toString());
        assertEquals(300, c.at("/settings/general.default_ttl").asInt());
        assertTrue(c.notes().contains("cacheTtl: 300 s is Fastly's fallback TTL (general.default_ttl); an origin "
                + "Cache-Control header still takes precedence, and non-GET/HEAD requests are never cached"), c.notes().toString());
    }

    @Test
    void aManagedCertificateIsATlsSubscriptionForEveryLinkDomain() {
        NativeConfig c = FastlyRenderer.render(runbook().toBuilder().linkDomains(LINK, SECOND).build(), "lets-encrypt");
        assertEquals("{\"certificate\":\"managed\",\"tls_subscription\":{\"data\":{\"type\":\"tls_subscription\","
                + "\"attributes\":{\"certificate_authority\":\"lets-encrypt\"},\"relationships\":{\"tls_domains\":"
                + "{\"data\":[{\"type\":\"tls_domain\",\"id\":\"" + LINK + "\"},{\"type\":\"tls_domain\",\"id\":\"" + SECOND
                + "\"}]},\"common_name\":{\"data\":{\"type\":\"tls_domain\",\"id\":\"" + LINK + "\"}}}}},"
                + "\"dns_record\":{\"record_type\":\"CNAME\",\"region\":\"global\",\"dualstack\":true}}",
                c.at("/tls").toString());
        assertEquals("certainly", FastlyRenderer.render(runbook())
                .at("/tls/tls_subscription/data/attributes/certificate_authority").asText(), "the default authority");
    }

    @Test
    void anUploadedCertificateIsOneKeyOneCertificateAndAnActivationPerDomain() {
        NativeConfig c = FastlyRenderer.render(runbook().toBuilder().linkDomains(LINK, SECOND)
                .certificate("pem:/etc/link/c.pem,/etc/link/k.pem").build());
        assertEquals("{\"certificate\":\"pem\",\"certificate_file\":\"/etc/link/c.pem\",\"key_file\":\"/etc/link/k.pem\","
                + "\"tls_private_key\":{\"data\":{\"type\":\"tls_private_key\",\"attributes\":{\"name\":\"linkproxy " + LINK
                + "\"}}},\"tls_certificate\":{\"data\":{\"type\":\"tls_certificate\",\"attributes\":{\"name\":\"linkproxy "
                + LINK + "\"}}},\"tls_activations\":[{\"data\":{\"type\":\"tls_activation\",\"relationships\":{\"tls_domain\":"
                + "{\"data\":{\"type\":\"tls_domain\",\"id\":\"" + LINK + "\"}}}}},{\"data\":{\"type\":\"tls_activation\","
                + "\"relationships\":{\"tls_domain\":{\"data\":{\"type\":\"tls_domain\",\"id\":\"" + SECOND + "\"}}}}}],"
                + "\"dns_record\":{\"record_type\":\"CNAME\",\"region\":\"global\",\"dualstack\":true}}",
                c.at("/tls").toString());
        assertTrue(c.notes().contains("certificate: the PEM files are read when applying; the key is sent to Fastly "
                + "only, never shown"), c.notes().toString());
    }

    @Test
    void ipv6OffPicksTheIpv4OnlyCnameAndSaysSo() {
        NativeConfig c = FastlyRenderer.render(runbook().toBuilder().ipv6(false).build());
        assertFalse(c.at("/tls/dns_record/dualstack").asBoolean(true));
        assertTrue(c.notes().contains("ipv6: off picks the TLS configuration's IPv4-only CNAME; Fastly answers IPv6 only "
                + "on its dualstack names"), c.notes().toString());
    }

    @Test
    void theRunbookSpecGetsExactlyTheseNotes() {
        assertEquals(List.of(
                "priceClass: Fastly serves from every POP; it has no price classes",
                "forwarding: Fastly forwards every header (Host included), cookie and query string unless told "
                        + "otherwise, so there is nothing to render",
                "minViewerTls: the edge's TLS versions come from the TLS configuration the domains use (Fastly's "
                        + "default offers TLS 1.2 and 1.3)",
                "httpVersions: HTTP/1.0, 1.1 and 2 come from the TLS configuration; nothing to render"),
                FastlyRenderer.render(runbook()).notes());
    }

    @Test
    void tls13AndHttp3AreNotesForTheTlsConfigurationAndVcl() {
        List<String> notes = FastlyRenderer.render(runbook().toBuilder().minViewerTls(TlsVersion.TLS_1_3)
                .httpVersions(EnumSet.of(HttpVersion.HTTP_1_1, HttpVersion.HTTP_2, HttpVersion.HTTP_3))
                .priceClass(PriceClass.CLASS_100).build()).notes();
        assertTrue(notes.contains("minViewerTls: 1.3 is set by the Fastly TLS configuration (account-wide), not by the "
                + "service; choose a TLS configuration with that minimum in Fastly"), notes.toString());
        assertTrue(notes.contains("httpVersions: HTTP/3 on Fastly needs h3 advertised from VCL (h3.alt_svc); linkproxy "
                + "does not render it. HTTP/1.0, 1.1 and 2 come from the TLS configuration"), notes.toString());
        assertFalse(notes.stream().anyMatch(n -> n.startsWith("minViewerTls: the edge's")), notes.toString());
        assertFalse(notes.contains("httpVersions: HTTP/1.0, 1.1 and 2 come from the TLS configuration; nothing to render"));
    }

    @Test
    void anAcmCertificateIsRefusedNamingWhatFastlyAccepts() {
        InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> FastlyRenderer.render(runbook()
                .toBuilder().certificate("acm:arn:aws:acm:us-east-1:123456789012:certificate/abc").build()));
        assertEquals(1, e.problems().size());
        assertEquals("certificate", e.problems().get(0).path());
        String message = e.problems().get(0).message();
        assertTrue(message.contains("arn:aws:acm:us-east-1:123456789012:certificate/abc"), message);
        assertTrue(message.endsWith("is an AWS Certificate Manager certificate, which Fastly cannot use; give \"managed\" "
                + "(Fastly issues one through a TLS subscription) or \"pem:<certificate file>,<key file>\" (uploaded)"),
                message);
    }
}
