package dev.linkproxy.cloudfront;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.linkproxy.core.CdnException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.acm.model.CertificateDetail;
import software.amazon.awssdk.services.acm.model.CertificateStatus;
import software.amazon.awssdk.services.acm.model.DomainValidation;

/**
 * The certificate check's rules and messages word for word, against an in-memory ACM: which region, which status,
 * which names pass, and what the person running linkproxy is told to do when one does not.
 */
class CertificateCheckOfflineTest {

    private static final String ARN = WireMockCloudFront.ARN;
    private static final String DOMAIN = WireMockCloudFront.DOMAIN;

    private final StubAcm acm = new StubAcm();
    private final CertificateCheck check = new CertificateCheck(acm, StubAcm.calls());

    private CdnException refused(List<String> domains) {
        return assertThrows(CdnException.class, () -> check.require(ARN, domains));
    }

    @Test
    void anIssuedCertificateNamingTheDomainPassesAndSaysSo() {
        acm.certificates.put(ARN, StubAcm.certificate(ARN, CertificateStatus.ISSUED, DOMAIN));
        assertEquals("ISSUED", check.require(ARN, List.of(DOMAIN)));
        assertEquals(ARN, acm.describes.get(0).certificateArn());
    }

    @Test
    void everyLinkDomainMustBeCoveredByOneNameOrAnother() {
        acm.certificates.put(ARN, StubAcm.certificate(ARN, CertificateStatus.ISSUED, "news.example.com",
                "*.news.example.com", "click.example.org"));
        assertEquals("ISSUED", check.require(ARN, List.of(DOMAIN, "click.example.org", "news.example.com")));
    }

    @Test
    void aCertificateOutsideUsEast1IsRefusedWithoutAsking() {
        String arn = "arn:aws:acm:eu-west-1:123456789012:certificate/0d3c1a2b";
        CdnException e = assertThrows(CdnException.class, () -> check.require(arn, List.of(DOMAIN)));
        assertEquals(CdnException.Kind.INVALID_REQUEST, e.kind());
        assertEquals("DescribeCertificate", e.operation());
        assertEquals("the certificate is in eu-west-1", e.detail().orElseThrow());
        assertEquals("CloudFront only uses ACM certificates in us-east-1 (N. Virginia); request or import one there",
                e.hint().orElseThrow());
        assertEquals(List.of(), acm.describes);
    }

    @Test
    void anArnThatIsNotAnAcmArnHasAnUnknownRegion() {
        String arn = "arn:aws:iam::123456789012:server-certificate/linkproxy";
        CdnException e = assertThrows(CdnException.class, () -> check.require(arn, List.of(DOMAIN)));
        assertEquals("the certificate is in an unknown region", e.detail().orElseThrow());
        assertEquals(List.of(), acm.describes);
    }

    @Test
    void theRegionIsReadFromAnyPartitionsAcmArn() {
        assertEquals("us-east-1", CertificateCheck.region(ARN));
        assertEquals("cn-north-1", CertificateCheck.region("arn:aws-cn:acm:cn-north-1:123456789012:certificate/x"));
        assertEquals("us-gov-west-1",
                CertificateCheck.region("arn:aws-us-gov:acm:us-gov-west-1:123456789012:certificate/x"));
        // An account is twelve digits, and a certificate ARN names a certificate.
        assertEquals("", CertificateCheck.region("arn:aws:acm:us-east-1:12345:certificate/x"));
        assertEquals("", CertificateCheck.region("arn:aws:acm:us-east-1:123456789012:certificate/"));
        assertEquals("", CertificateCheck.region("us-east-1"));
    }

    @Test
    void anAnswerWithoutACertificateIsAnUnexpectedResponseNotACertificateProblem() {
        CdnException e = refused(List.of(DOMAIN));
        assertEquals(CdnException.Kind.UNEXPECTED_RESPONSE, e.kind());
        assertEquals("DescribeCertificate", e.operation());
        assertEquals("ACM's answer holds no certificate", e.detail().orElseThrow());
        assertEquals("AWS answered something linkproxy could not read; run again", e.hint().orElseThrow());
    }

    @Test
    void anAnswerWithoutTheArnIsNamedAsSuch() {
        acm.certificates.put(ARN, StubAcm.certificate(ARN, CertificateStatus.ISSUED, DOMAIN).toBuilder()
                .certificateArn(null).build());
        CdnException e = refused(List.of(DOMAIN));
        assertEquals(CdnException.Kind.UNEXPECTED_RESPONSE, e.kind());
        assertEquals("ACM's answer holds no certificate ARN", e.detail().orElseThrow());
    }

    @Test
    void anAnswerWithoutTheStatusIsNamedAsSuch() {
        acm.certificates.put(ARN, StubAcm.certificate(ARN, CertificateStatus.ISSUED, DOMAIN).toBuilder()
                .status((String) null).build());
        CdnException e = refused(List.of(DOMAIN));
        assertEquals(CdnException.Kind.UNEXPECTED_RESPONSE, e.kind());
        assertEquals("ACM's answer holds no certificate status", e.detail().orElseThrow());
    }

    @Test
    void aPendingCertificateNamesItsOneValidationRecord() {
        acm.certificates.put(ARN, StubAcm.certificate(ARN, CertificateStatus.PENDING_VALIDATION, DOMAIN));
        CdnException e = refused(List.of(DOMAIN));
        assertEquals(CdnException.Kind.INVALID_REQUEST, e.kind());
        assertEquals("the certificate is PENDING_VALIDATION", e.detail().orElseThrow());
        assertEquals("publish the DNS validation record (_x1." + DOMAIN + ". CNAME _x2.acm-validations.aws.), wait until"
                + " ACM shows ISSUED, then apply again", e.hint().orElseThrow());
    }

    @Test
    void aPendingCertificateWithSeveralNamesListsEveryRecord() {
        acm.certificates.put(ARN, StubAcm.certificate(ARN, CertificateStatus.PENDING_VALIDATION, DOMAIN,
                "click.example.org"));
        CdnException e = refused(List.of(DOMAIN));
        assertEquals("publish the DNS validation records (_x1." + DOMAIN + ". CNAME _x2.acm-validations.aws.;"
                + " _x1.click.example.org. CNAME _x2.acm-validations.aws.), wait until ACM shows ISSUED, then apply"
                + " again", e.hint().orElseThrow());
    }

    @Test
    void aPendingCertificateWhoseRecordsAcmHasNotMadeYetSaysSoWithoutAList() {
        // ACM fills ResourceRecord a few seconds after the request (the model's documentation of DomainValidation).
        CertificateDetail pending = StubAcm.certificate(ARN, CertificateStatus.PENDING_VALIDATION, DOMAIN).toBuilder()
                .domainValidationOptions(DomainValidation.builder().domainName(DOMAIN).validationMethod("DNS")
                        .validationStatus("PENDING_VALIDATION").build())
                .build();
        acm.certificates.put(ARN, pending);
        CdnException e = refused(List.of(DOMAIN));
        assertEquals("publish the DNS validation records, wait until ACM shows ISSUED, then apply again",
                e.hint().orElseThrow());
    }

    @Test
    void anotherStatusCallsForANewCertificate() {
        for (CertificateStatus status : List.of(CertificateStatus.EXPIRED, CertificateStatus.REVOKED,
                CertificateStatus.FAILED, CertificateStatus.VALIDATION_TIMED_OUT, CertificateStatus.INACTIVE)) {
            acm.certificates.put(ARN, StubAcm.certificate(ARN, status, DOMAIN));
            CdnException e = refused(List.of(DOMAIN));
            assertEquals(CdnException.Kind.INVALID_REQUEST, e.kind());
            assertEquals("the certificate is " + status, e.detail().orElseThrow());
            assertEquals("a certificate that is " + status + " cannot be used; request a new one in us-east-1",
                    e.hint().orElseThrow());
        }
    }

    @Test
    void aCertificateThatMissesDomainsNamesItsNamesAndEachMissingDomain() {
        acm.certificates.put(ARN, StubAcm.certificate(ARN, CertificateStatus.ISSUED, "example.com", "*.example.com"));
        CdnException e = refused(List.of("a.example.com", DOMAIN, "click.example.org"));
        assertEquals(CdnException.Kind.INVALID_REQUEST, e.kind());
        // The domain name is also the first alternative name; it is listed once.
        assertEquals("the certificate (example.com, *.example.com) does not cover " + DOMAIN + ", click.example.org",
                e.detail().orElseThrow());
        assertEquals("request a certificate whose names include every link domain (a wildcard covers one label only:"
                + " *.example.com covers a.example.com, not a.b.example.com)", e.hint().orElseThrow());
    }

    @Test
    void aCertificateWithoutADomainNameIsJudgedByItsAlternativeNames() {
        acm.certificates.put(ARN, StubAcm.certificate(ARN, CertificateStatus.ISSUED, DOMAIN).toBuilder()
                .domainName(null).build());
        assertEquals("ISSUED", check.require(ARN, List.of(DOMAIN)));
        acm.certificates.put(ARN, StubAcm.certificate(ARN, CertificateStatus.ISSUED, "click.example.org").toBuilder()
                .domainName(null).build());
        assertEquals("the certificate (click.example.org) does not cover " + DOMAIN,
                refused(List.of(DOMAIN)).detail().orElseThrow());
    }

    @Test
    void theDomainNameAloneCoversWhenThereAreNoAlternativeNames() {
        acm.certificates.put(ARN, StubAcm.certificate(ARN, CertificateStatus.ISSUED, DOMAIN).toBuilder()
                .subjectAlternativeNames(List.of()).build());
        assertEquals("ISSUED", check.require(ARN, List.of(DOMAIN)));
    }

    @Test
    void uncoveredKeepsTheLinkDomainsInTheSpecsOrder() {
        assertEquals(List.of("z.other.org", "b.x.example.com"), CertificateCheck.uncovered(Set.of("*.example.com"),
                List.of("z.other.org", "a.example.com", "b.x.example.com")));
        assertEquals(List.of(), CertificateCheck.uncovered(Set.of("*.example.com", "z.other.org"),
                List.of("z.other.org", "a.example.com")));
        assertEquals(List.of("a.example.com"), CertificateCheck.uncovered(Set.of(), List.of("a.example.com")));
    }
}
