package dev.linkproxy.fastly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.linkproxy.core.LinkProxySpec;
import dev.linkproxy.core.ViewerProtocol;
import dev.linkproxy.core.spi.NativeConfig;
import org.junit.jupiter.api.Test;

/** The runbook spec and the presets rendered as Fastly objects, field by field. */
class FastlyRendererTest {

    private static NativeConfig render(LinkProxySpec spec) {
        return new FastlyProvider().render(spec);
    }

    @Test
    void theRunbookSpecRendersAPassThroughServiceToSendgrid() {
        NativeConfig c = render(FastlyApplyTest.spec());
        assertEquals("fastly", c.provider());
        assertEquals("vcl", c.at("/service/type").asText());
        assertEquals("linkproxy ablink.news.example.com", c.at("/service/name").asText());
        assertEquals("ablink.news.example.com", c.at("/domains/0/name").asText());
        assertEquals("sendgrid.net", c.at("/backends/0/address").asText());
        assertEquals("sendgrid.net", c.at("/backends/0/ssl_cert_hostname").asText());
        assertEquals("sendgrid.net", c.at("/backends/0/ssl_sni_hostname").asText());
        assertEquals(443, c.at("/backends/0/port").asInt());
        assertTrue(c.at("/backends/0/use_ssl").asBoolean());
        assertTrue(c.at("/backends/0/ssl_check_cert").asBoolean());
        assertEquals("1.2", c.at("/backends/0/min_tls_version").asText());
        assertTrue(c.at("/backends/0/override_host").isNull());
        assertEquals(30000, c.at("/backends/0/first_byte_timeout").asInt());
        assertEquals(5, c.at("/backends/0/keepalive_time").asInt());
        assertEquals("recv", c.at("/snippets/0/type").asText());
        assertEquals("return(pass);\n", c.at("/snippets/0/content").asText());
        assertEquals(0, c.at("/settings/general.default_ttl").asInt());
        assertEquals("certainly", c.at("/tls/tls_subscription/data/attributes/certificate_authority").asText());
        assertTrue(c.notes().stream().anyMatch(n -> n.startsWith("priceClass")));
        assertTrue(c.notes().stream().anyMatch(n -> n.startsWith("forwarding")));
        assertTrue(c.toJsonText().contains("\"provider\" : \"fastly\""));
    }

    @Test
    void sparkpostGetsXForwardedHostAndItsTenSecondFallbackTtl() {
        NativeConfig c = render(FastlyApplyTest.spec().toBuilder().origin("sparkpost").build());
        String recv = c.at("/snippets/0/content").asText();
        assertTrue(recv.contains("set req.http.X-Forwarded-Host = req.http.host;"), recv);
        assertFalse(recv.contains("return(pass)"), recv);
        assertEquals(10, c.at("/settings/general.default_ttl").asInt());
        assertTrue(c.notes().stream().anyMatch(n -> n.startsWith("cacheTtl")));
        assertEquals("spgo.io", c.at("/backends/0/ssl_sni_hostname").asText());
    }

    @Test
    void mailgunIsReachedOverPlainHttp() {
        NativeConfig c = render(FastlyApplyTest.spec().toBuilder().origin("mailgun")
                .originProtocol(dev.linkproxy.core.OriginProtocol.HTTP_ONLY).build());
        assertEquals(80, c.at("/backends/0/port").asInt());
        assertFalse(c.at("/backends/0/use_ssl").asBoolean());
        assertTrue(c.at("/backends/0/ssl_cert_hostname").isMissingNode());
    }

    @Test
    void redirectToHttpsAddsAnErrorSnippetThatKeepsTheMethod() {
        NativeConfig c = render(FastlyApplyTest.spec().toBuilder().viewerProtocol(ViewerProtocol.REDIRECT_TO_HTTPS).build());
        assertTrue(c.at("/snippets/0/content").asText().contains("if (!req.is_ssl)"));
        assertEquals("error", c.at("/snippets/1/type").asText());
        assertTrue(c.at("/snippets/1/content").asText().contains("set obj.status = 308;"));
    }

    @Test
    void anUploadedCertificateIsNamedByItsFilesAndNeverCarried() {
        NativeConfig c = render(LinkProxySpec.builder().linkDomains(FastlyApplyTest.LINK)
                .certificate("pem:/no/such/cert.pem,/no/such/key.pem").build());
        assertEquals("/no/such/key.pem", c.at("/tls/key_file").asText());
        assertTrue(c.at("/tls/tls_private_key/data/attributes/key").isMissingNode());
        assertEquals("ablink.news.example.com", c.at("/tls/tls_activations/0/data/relationships/tls_domain/data/id").asText());
    }
}
