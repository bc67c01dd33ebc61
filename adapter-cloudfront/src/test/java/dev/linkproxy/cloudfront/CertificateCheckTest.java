package dev.linkproxy.cloudfront;

import static dev.linkproxy.cloudfront.Journal.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.linkproxy.core.CdnException;
import dev.linkproxy.core.InvalidSpecException;
import dev.linkproxy.core.LinkProxySpec;
import dev.linkproxy.core.spi.CdnClient;
import dev.linkproxy.core.spi.Progress;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Before a create, the ACM certificate must exist, be ISSUED, live in us-east-1 and cover every link domain. */
class CertificateCheckTest extends WireMockCloudFront {

    private CdnException createFails(LinkProxySpec spec) {
        try (CdnClient client = client()) {
            return assertThrows(CdnException.class, () -> client.apply(spec, Progress.NONE));
        }
    }

    private void assertNoCreate() {
        assertThat(server).made("POST /2020-05-31/distribution").never();
    }

    @Test
    void aMissingCertificateIsNotFound() {
        String other = ARN.replace("0d3c1a2b", "99999999");
        CdnException e = createFails(spec().toBuilder().certificate("acm:" + other).build());
        assertEquals(CdnException.Kind.NOT_FOUND, e.kind(), e.getMessage());
        assertEquals("ResourceNotFoundException", e.errorCode().orElseThrow());
        assertEquals("DescribeCertificate", e.operation());
        assertTrue(e.hint().orElseThrow().contains("ARN"), e.getMessage());
        assertNoCreate();
    }

    @Test
    void aCertificatePendingValidationNamesTheRecordToPublish() {
        fake.certificate(ARN, "PENDING_VALIDATION", DOMAIN);
        CdnException e = createFails(spec());
        assertEquals(CdnException.Kind.INVALID_REQUEST, e.kind());
        assertTrue(e.getMessage().contains("PENDING_VALIDATION"), e.getMessage());
        assertTrue(e.hint().orElseThrow().contains("_x1." + DOMAIN + ". CNAME _x2.acm-validations.aws."), e.getMessage());
        assertNoCreate();
    }

    @Test
    void anExpiredCertificateIsRefused() {
        fake.certificate(ARN, "EXPIRED", DOMAIN);
        CdnException e = createFails(spec());
        assertTrue(e.getMessage().contains("EXPIRED"), e.getMessage());
        assertNoCreate();
    }

    @Test
    void aCertificateInAnotherRegionIsRefusedBeforeAnyCall() {
        LinkProxySpec spec = spec().toBuilder()
                .certificate("acm:arn:aws:acm:eu-west-1:123456789012:certificate/0d3c1a2b").build();
        try (CdnClient client = client()) {
            InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> client.apply(spec, Progress.NONE));
            assertTrue(e.getMessage().contains("us-east-1"), e.getMessage());
        }
        assertThat(server).madeCalls(0);
    }

    @Test
    void aCertificateThatDoesNotCoverALinkDomainIsRefused() {
        fake.certificate(ARN, "ISSUED", "ablink.other.example.com");
        CdnException e = createFails(spec());
        assertTrue(e.getMessage().contains("does not cover " + DOMAIN), e.getMessage());
        assertNoCreate();
    }

    @Test
    void aOneLabelWildcardCoversTheLinkDomain() {
        fake.certificate(ARN, "ISSUED", "example.com", "*.news.example.com");
        try (CdnClient client = client()) {
            assertFalse(client.apply(spec(), Progress.NONE).id().isBlank());
        }
        assertThat(server).made("POST /2020-05-31/distribution").once();
    }

    @Test
    void aWildcardCoversOneLabelOnly() {
        fake.certificate(ARN, "ISSUED", "*.example.com");
        CdnException e = createFails(spec());
        assertTrue(e.getMessage().contains("does not cover " + DOMAIN), e.getMessage());
        assertTrue(e.hint().orElseThrow().contains("one label"), e.getMessage());
    }

    @Test
    void coverageRules() {
        assertEquals(List.of("b.x.example.com"), CertificateCheck.uncovered(Set.of("*.example.com"),
                List.of("a.example.com", "b.x.example.com")));
        assertEquals("eu-west-1", CertificateCheck.region("arn:aws:acm:eu-west-1:123456789012:certificate/x"));
    }
}
