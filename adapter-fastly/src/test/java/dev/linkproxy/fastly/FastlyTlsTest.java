package dev.linkproxy.fastly;

import static dev.linkproxy.fastly.Journal.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.linkproxy.core.CdnException;
import dev.linkproxy.core.InvalidSpecException;
import dev.linkproxy.core.LinkProxySpec;
import dev.linkproxy.core.spi.CdnClient;
import dev.linkproxy.core.spi.RecordSet;
import dev.linkproxy.core.spi.CertificateOrder;
import dev.linkproxy.core.spi.Deployment;
import dev.linkproxy.core.spi.Plan;
import dev.linkproxy.core.spi.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Fastly-managed certificates (TLS subscriptions) and uploaded ones (key, certificate, activation). */
class FastlyTlsTest {

    private static final Path RESOURCES = Path.of("src/test/resources").toAbsolutePath();
    private final FakeFastlyServer server = new FakeFastlyServer();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aManagedCertificateShowsItsAcmeRecordsInPlanAndAwaitWaitsUntilIssued() throws Exception {
        server.fastly.pollsUntilIssued = 3;
        try (CdnClient c = server.client(server.settings().toBuilder().value("pollIntervalSeconds", "20").build())) {
            Deployment d = c.apply(FastlyApplyTest.spec(), Progress.NONE);
            Plan plan = c.plan(FastlyApplyTest.spec());
            assertTrue(plan.isEmpty());
            assertTrue(plan.notes().contains("publish for the certificate: CNAME _acme-challenge.ablink.news.example.com"
                    + " → ablink-news-example-com.fastly-validations.com"), plan.notes().toString());
            assertTrue(plan.notes().stream().anyMatch(n -> n.contains("is pending")), plan.notes().toString());

            List<String> events = new ArrayList<>();
            Deployment done = c.await(d, Duration.ofMinutes(10), e -> events.add(e.message()));
            assertEquals(Deployment.Status.DEPLOYED, done.status());
            assertEquals("issued", done.certificateState());
            assertEquals(3, events.size(), events.toString());
            assertTrue(events.get(0).contains("publish CNAME _acme-challenge."), events.get(0));
            assertEquals(List.of(Duration.ofSeconds(20), Duration.ofSeconds(20)), server.time.sleeps);
        }
    }

    @Test
    void theSubscriptionIsTheCertificateOrderWithItsAcmeChallengeRecordsUntilIssued() {
        server.fastly.pollsUntilIssued = 2;
        try (CdnClient c = server.client()) {
            assertTrue(c.findCertificate(FastlyApplyTest.spec()).isEmpty(), "no subscription before apply");
            c.apply(FastlyApplyTest.spec(), Progress.NONE);
            CertificateOrder order = c.findCertificate(FastlyApplyTest.spec()).orElseThrow();
            assertEquals(CertificateOrder.State.PENDING_VALIDATION, order.state());
            assertEquals(List.of(new RecordSet("_acme-challenge.ablink.news.example.com", "CNAME", Duration.ofSeconds(300),
                    List.of("ablink-news-example-com.fastly-validations.com"))), order.validationRecords());
            assertEquals("certainly.com", order.authority());
            CertificateOrder later = c.refreshCertificate(c.refreshCertificate(order));
            assertEquals(CertificateOrder.State.ISSUED, later.state(), later.providerState());
        }
    }

    @Test
    void awaitGivesUpAtItsDeadlineWithATimeout() {
        server.fastly.pollsUntilIssued = 1000;
        try (CdnClient c = server.client()) {
            Deployment d = c.apply(FastlyApplyTest.spec(), Progress.NONE);
            CdnException e = assertThrows(CdnException.class, () -> c.await(d, Duration.ofMinutes(1), Progress.NONE));
            assertEquals(CdnException.Kind.TIMEOUT, e.kind());
            assertTrue(e.getMessage().contains("publish the ACME records"), e.getMessage());
        }
    }

    @Test
    void theCertificateAuthorityComesFromTheSettings() {
        try (CdnClient c = server.client(server.settings().toBuilder().value("certificateAuthority", "lets-encrypt").build())) {
            c.apply(FastlyApplyTest.spec(), Progress.NONE);
        }
        String body = server.journal().matching("POST /tls/subscriptions").get(0).body();
        assertTrue(body.contains("\"certificate_authority\":\"lets-encrypt\""), body);
        assertTrue(body.contains("\"tls_configuration\":{\"data\":{\"type\":\"tls_configuration\",\"id\":\"cfg-default\"}}"), body);
        assertEquals("application/vnd.api+json", server.journal().matching("POST /tls/subscriptions").get(0).contentType());
    }

    @Test
    void anUploadedCertificateIsSentOnceAndActivatedForTheLinkDomain() throws Exception {
        LinkProxySpec spec = pem("link.crt", "link.key");
        Deployment d;
        String planText;
        try (CdnClient c = server.client()) {
            planText = c.plan(spec).toText();
            d = c.apply(spec, Progress.NONE);
        }
        Journal journal = server.journal();
        assertThat(journal).made("POST /tls/private_keys").once();
        assertThat(journal).made("POST /tls/certificates").once();
        assertThat(journal).made("POST /tls/activations").once();
        assertThat(journal).made("POST /tls/subscriptions").never();
        assertTrue(journal.matching("POST /tls/activations").get(0).body().contains("\"id\":\"ablink.news.example.com\""));
        assertEquals("activated", d.certificateState());

        String key = Files.readString(RESOURCES.resolve("link.key"));
        String keyLine = key.lines().skip(1).findFirst().orElseThrow();
        assertFalse(planText.contains(keyLine) || d.toString().contains(keyLine), "key material in plan or deployment");

        Journal before = server.journal();
        try (CdnClient c = server.client()) {
            c.apply(spec, Progress.NONE);
        }
        assertThat(server.journal().since(before)).madeNoWrites();

        Journal beforeRenewal = server.journal();
        try (CdnClient c = server.client()) {
            c.apply(pem("link2.crt", "link2.key"), Progress.NONE);
        }
        Journal renewal = server.journal().since(beforeRenewal);
        assertThat(renewal).made("POST /tls/certificates").once();
        assertThat(renewal).made("PATCH /tls/activations/{id}").once();
        assertThat(renewal).made("POST /tls/activations").never();
        assertThat(renewal).made("PUT /service/{id}/version/{v}/clone").never();
    }

    @Test
    void anAcmCertificateIsAClearErrorOnFastly() {
        LinkProxySpec spec = FastlyApplyTest.spec().toBuilder()
                .certificate("acm:arn:aws:acm:us-east-1:123456789012:certificate/abc-123").build();
        InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> server.provider().render(spec));
        assertEquals("certificate", e.problems().get(0).path());
        assertTrue(e.getMessage().contains("Fastly cannot use"), e.getMessage());
    }

    private static LinkProxySpec pem(String cert, String key) {
        return LinkProxySpec.builder().linkDomains(FastlyApplyTest.LINK)
                .certificate("pem:" + RESOURCES.resolve(cert) + "," + RESOURCES.resolve(key)).build();
    }
}
