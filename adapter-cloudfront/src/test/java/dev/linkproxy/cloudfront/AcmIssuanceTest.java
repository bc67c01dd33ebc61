package dev.linkproxy.cloudfront;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.linkproxy.core.CdnException;
import dev.linkproxy.core.LinkProxySpec;
import dev.linkproxy.core.spi.CdnClient;
import dev.linkproxy.core.spi.CertificateOrder;
import dev.linkproxy.core.spi.Deployment;
import dev.linkproxy.core.spi.Plan;
import dev.linkproxy.core.spi.Progress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code certificate: managed} on CloudFront: ACM in us-east-1 with DNS validation. Every ACM request and every
 * answer the fake gives is checked against the ACM model.
 */
class AcmIssuanceTest extends WireMockCloudFront {

    private static final String OTHER = "click.news.example.com";

    private static LinkProxySpec managed() {
        return LinkProxySpec.builder().linkDomains(DOMAIN, OTHER).certificate("managed").build();
    }

    @AfterEach
    void everyAcmCallFitsTheModel() {
        AcmContract contract = new AcmContract();
        List<String> problems = new ArrayList<>();
        for (ServeEvent e : server.getAllServeEvents()) {
            String target = e.getRequest().getHeader("X-Amz-Target");
            if (target == null) {
                continue;
            }
            problems.addAll(contract.request(target, e.getRequest().getBodyAsString()));
            if (e.getResponse() != null && e.getResponse().getStatus() == 200) {
                problems.addAll(contract.answer(target, e.getResponse().getBodyAsString()));
            }
        }
        assertEquals(List.of(), problems);
    }

    private List<String> acmTargets() {
        List<String> out = new ArrayList<>();
        List<ServeEvent> events = new ArrayList<>(server.getAllServeEvents());
        java.util.Collections.reverse(events);
        events.forEach(e -> {
            String t = e.getRequest().getHeader("X-Amz-Target");
            if (t != null) {
                out.add(t.substring("CertificateManager.".length()));
            }
        });
        return out;
    }

    @Test
    void aCertificateIsRequestedWithDnsValidationAndItsValidationRecordsThenIssuedAndUsed() {
        try (CdnClient c = client()) {
            Plan before = c.plan(managed());
            assertTrue(before.changes().get(0).toString().contains("an ACM certificate in us-east-1"), before.toText());
            CertificateOrder order = c.orderCertificate(managed(), Progress.NONE).orElseThrow();
            assertEquals(CertificateOrder.State.PENDING_VALIDATION, order.state());
            assertEquals(2, order.validationRecords().size(), order.toString());
            assertEquals("_x1." + DOMAIN, order.validationRecords().stream().filter(r -> r.name().endsWith(DOMAIN))
                    .findFirst().orElseThrow().name());
            assertEquals("CNAME", order.validationRecords().get(0).type());
            assertEquals(List.of(DOMAIN, OTHER).stream().sorted().toList(), order.domains().stream().sorted().toList());
            CdnException early = assertThrows(CdnException.class, () -> c.apply(managed(), Progress.NONE));
            assertTrue(early.getMessage().contains("no ISSUED ACM certificate") && early.getMessage()
                    .contains("run onboard"), early.getMessage());

            fake.issue(order.id());
            assertEquals(CertificateOrder.State.ISSUED, c.refreshCertificate(order).state());
            Deployment d = c.apply(managed(), Progress.NONE);
            assertTrue(d.id().length() > 0);
            assertEquals(1, fake.requestedCertificates());
        }
        String request = server.getAllServeEvents().stream().filter(e -> "CertificateManager.RequestCertificate"
                .equals(e.getRequest().getHeader("X-Amz-Target"))).findFirst().orElseThrow().getRequest()
                .getBodyAsString();
        assertTrue(request.contains("\"ValidationMethod\":\"DNS\"") && request.contains("\"IdempotencyToken\":\""),
                request);
        String created = server.getAllServeEvents().stream().filter(e -> e.getRequest().getMethod().getName()
                .equals("POST") && e.getRequest().getUrl().equals(FakeCloudFront.API)).findFirst().orElseThrow()
                .getRequest().getBodyAsString();
        assertTrue(created.contains(fake.certificateArns().get(fake.certificateArns().size() - 1)), created);
    }

    @Test
    void anIssuedCertificateThatCoversTheDomainsIsReusedAndNoneIsRequested() {
        String wildcard = "arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555";
        fake.certificate(wildcard, "ISSUED", "*.news.example.com");
        try (CdnClient c = client()) {
            CertificateOrder order = c.orderCertificate(managed(), Progress.NONE).orElseThrow();
            assertEquals(wildcard, order.id());
            assertEquals(CertificateOrder.State.ISSUED, order.state());
        }
        assertEquals(0, fake.requestedCertificates());
        assertFalse(acmTargets().contains("RequestCertificate"), acmTargets().toString());
    }

    @Test
    void aLostAnswerToRequestCertificateMakesNoSecondCertificate() {
        fake.loseNextRequestAnswer();
        try (CdnClient c = client()) {
            CertificateOrder order = c.orderCertificate(managed(), Progress.NONE).orElseThrow();
            assertEquals(CertificateOrder.State.PENDING_VALIDATION, order.state());
            assertEquals(1, fake.requestedCertificates(), "the retry's token returned the same certificate");
            CertificateOrder again = c.orderCertificate(managed(), Progress.NONE).orElseThrow();
            assertEquals(order.id(), again.id(), "a later run finds the pending certificate");
        }
        assertEquals(1, fake.requestedCertificates());
        assertEquals(2, acmTargets().stream().filter("RequestCertificate"::equals).count(), acmTargets().toString());
    }

    @Test
    void theTokenIsTheSameForTheSameNamesAndFitsAcm() {
        String t = AcmCertificates.idempotencyToken(List.of("a.example.com", "b.example.com"));
        assertEquals(t, AcmCertificates.idempotencyToken(List.of("a.example.com", "b.example.com")));
        assertTrue(t.matches("\\w{32}"), t);
        assertFalse(t.equals(AcmCertificates.idempotencyToken(List.of("a.example.com"))));
    }

    @Test
    void theModelCheckCatchesABadRequest() {
        AcmContract contract = new AcmContract();
        String target = "CertificateManager.RequestCertificate";
        assertEquals(List.of(), contract.request(target, "{\"DomainName\":\"a.example.com\",\"ValidationMethod\":\"DNS\","
                + "\"IdempotencyToken\":\"abc123\"}"));
        assertFalse(contract.request(target, "{\"ValidationMethod\":\"DNS\"}").isEmpty(), "DomainName is required");
        assertFalse(contract.request(target, "{\"DomainName\":\"a.example.com\",\"IdempotencyToken\":\"a-b\"}")
                .isEmpty(), "the token is \\w+");
        assertFalse(contract.request(target, "{\"DomainName\":\"a.example.com\",\"ValidationMethod\":\"TXT\"}")
                .isEmpty(), "enum");
        assertFalse(contract.request(target, "{\"DomainName\":\"a.example.com\",\"Validation\":\"DNS\"}").isEmpty(),
                "unknown member");
        assertFalse(contract.request("CertificateManager.MakeCertificate", "{}").isEmpty(), "no such operation");
    }
}
