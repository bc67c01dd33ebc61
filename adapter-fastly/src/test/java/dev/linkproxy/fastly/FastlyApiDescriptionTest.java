package dev.linkproxy.fastly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.linkproxy.core.CdnException;
import dev.linkproxy.core.RetryPolicy;
import dev.linkproxy.core.spi.Secret;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The contract check against fastly-api.json can fail: it catches an undocumented field and an unknown path. */
class FastlyApiDescriptionTest {

    private final FakeFastlyServer server = new FakeFastlyServer();

    @AfterEach
    void stop() {
        server.forgetRequests(); // the requests here are wrong on purpose
        server.close();
    }

    @Test
    void namesAreComparedInOneNormalForm() {
        assertEquals("ssl_cert_hostname", FastlyApiDescription.normal("sslCertHostname"));
        assertEquals("type", FastlyApiDescription.normal("type_"));
        assertEquals("general_default_ttl", FastlyApiDescription.normal("general.default_ttl"));
        assertEquals("general_default_ttl", FastlyApiDescription.normal("generalDefaultTtl"));
        assertEquals("filter_tls_domains_id", FastlyApiDescription.normal("filter[tls_domains.id]"));
        assertEquals("filter_tls_domains_id", FastlyApiDescription.normal("filterTlsDomainsId"));
    }

    @Test
    void anUndocumentedFormFieldAndAnUnknownPathAreCaught() {
        FastlyApi api = new FastlyApi(URI.create(server.wm.baseUrl()), Secret.of(FakeFastly.TOKEN), Duration.ofSeconds(2),
                Duration.ofSeconds(5), RetryPolicy.none(), Clock.systemUTC());
        assertThrows(CdnException.class, () -> api.form("CreateBackend", "POST",
                "/service/{service_id}/version/{version_id}/backend",
                Map.of("address", "sendgrid.net", "sslVerifyPeer", "1"), "svc-x", "1"));
        assertThrows(CdnException.class, () -> api.get("Frobnicate", "/service/{service_id}/frobnicate", Map.of(), "svc-x"));
        api.close();

        List<String> violations = FakeFastlyServer.api().violations(server.journal().calls());
        assertEquals(2, violations.size(), violations.toString());
        assertTrue(violations.get(0).contains("CreateBackend") && violations.get(0).contains("sslVerifyPeer"),
                violations.get(0));
        assertTrue(violations.get(1).startsWith("undocumented endpoint: GET /service/svc-x/frobnicate"), violations.get(1));
    }

    @Test
    void aRequestSettingsCreateWithFieldsIsCaughtWhichIsWhyPassThroughIsASnippet() {
        FastlyApi api = new FastlyApi(URI.create(server.wm.baseUrl()), Secret.of(FakeFastly.TOKEN), Duration.ofSeconds(2),
                Duration.ofSeconds(5), RetryPolicy.none(), Clock.systemUTC());
        assertThrows(CdnException.class, () -> api.form("CreateRequestSettings", "POST",
                "/service/{service_id}/version/{version_id}/request_settings", Map.of("action", "pass"), "svc-x", "1"));
        api.close();
        List<String> violations = FakeFastlyServer.api().violations(server.journal().calls());
        assertEquals(1, violations.size(), violations.toString());
        assertTrue(violations.get(0).contains("undocumented fields action"), violations.get(0));
    }
}
