package dev.linkproxy.cloudfront;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.linkproxy.core.CdnException;
import dev.linkproxy.core.spi.CertificateOrder;
import dev.linkproxy.core.spi.Progress;
import dev.linkproxy.core.spi.RecordSet;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.acm.model.CertificateDetail;
import software.amazon.awssdk.services.acm.model.CertificateStatus;
import software.amazon.awssdk.services.acm.model.CertificateSummary;
import software.amazon.awssdk.services.acm.model.DomainValidation;
import software.amazon.awssdk.services.acm.model.ResourceRecord;
import software.amazon.awssdk.services.acm.model.ValidationMethod;

/**
 * {@code certificate: managed} against an in-memory ACM: which listed certificate is reused, what is requested when
 * none fits, and how a certificate's state and validation records are read.
 */
class AcmCertificatesTest {

    private static final String DOMAIN = WireMockCloudFront.DOMAIN;
    private static final String OTHER = "click.news.example.com";
    private static final String ISSUED = "arn:aws:acm:us-east-1:123456789012:certificate/11111111-0000-0000-0000-000000000001";
    private static final String PENDING = "arn:aws:acm:us-east-1:123456789012:certificate/11111111-0000-0000-0000-000000000002";
    private static final String PENDING_TOO = "arn:aws:acm:us-east-1:123456789012:certificate/11111111-0000-0000-0000-000000000003";
    private static final String UNRELATED = "arn:aws:acm:us-east-1:123456789012:certificate/11111111-0000-0000-0000-000000000004";

    private final StubAcm acm = new StubAcm();
    private final AcmCertificates certificates = new AcmCertificates(acm, StubAcm.calls());

    private static CertificateSummary summary(String arn, String domain, String... alternatives) {
        return CertificateSummary.builder().certificateArn(arn).domainName(domain)
                .subjectAlternativeNameSummaries(alternatives).build();
    }

    private void holds(String arn, CertificateStatus status, String domain, String... alternatives) {
        acm.certificates.put(arn, StubAcm.certificate(arn, status, domain, alternatives));
    }

    private List<String> described() {
        return acm.describes.stream().map(r -> r.certificateArn()).toList();
    }

    @Test
    void theIssuedCertificateCoveringEveryDomainIsFoundAndTheSearchStopsThere() {
        holds(PENDING, CertificateStatus.PENDING_VALIDATION, DOMAIN, OTHER);
        holds(ISSUED, CertificateStatus.ISSUED, "*.news.example.com");
        holds(PENDING_TOO, CertificateStatus.PENDING_VALIDATION, DOMAIN, OTHER);
        acm.page(null, summary(PENDING, DOMAIN, DOMAIN, OTHER), summary(ISSUED, "*.news.example.com"),
                summary(PENDING_TOO, DOMAIN, DOMAIN, OTHER));
        CertificateOrder found = certificates.find(List.of(DOMAIN, OTHER)).orElseThrow();
        assertEquals(ISSUED, found.id());
        assertEquals(CertificateOrder.State.ISSUED, found.state());
        assertEquals(List.of(PENDING, ISSUED), described());
        // Only certificates a distribution can use are listed.
        assertEquals(List.of("ISSUED", "PENDING_VALIDATION"), acm.lists.get(0).certificateStatusesAsStrings());
        assertEquals(null, acm.lists.get(0).nextToken());
    }

    @Test
    void withoutAnIssuedOneTheFirstPendingCertificateIsFound() {
        holds(PENDING, CertificateStatus.PENDING_VALIDATION, DOMAIN);
        holds(PENDING_TOO, CertificateStatus.PENDING_VALIDATION, DOMAIN);
        acm.page(null, summary(PENDING, DOMAIN), summary(PENDING_TOO, DOMAIN));
        CertificateOrder found = certificates.find(List.of(DOMAIN)).orElseThrow();
        assertEquals(PENDING, found.id());
        assertEquals(CertificateOrder.State.PENDING_VALIDATION, found.state());
        assertEquals(List.of(PENDING, PENDING_TOO), described(), "an issued one may still follow");
    }

    @Test
    void aCertificateThatCeasedToBeUsableBetweenListAndDescribeIsPassedOver() {
        holds(UNRELATED, CertificateStatus.EXPIRED, DOMAIN);
        acm.page(null, summary(UNRELATED, DOMAIN));
        assertEquals(Optional.empty(), certificates.find(List.of(DOMAIN)));
    }

    @Test
    void certificatesThatMissADomainAreNotEvenDescribed() {
        acm.page(null, summary(UNRELATED, "ablink.other.example.com"), summary(PENDING, DOMAIN),
                summary(PENDING_TOO, "*.example.com"));
        holds(PENDING, CertificateStatus.PENDING_VALIDATION, DOMAIN);
        assertEquals(Optional.empty(), certificates.find(List.of(DOMAIN, OTHER)));
        assertEquals(List.of(), described());
    }

    @Test
    void theDomainNameCountsAsANameBesideTheAlternativeNames() {
        // ListCertificates' SubjectAlternativeNameSummaries may leave the domain name out.
        holds(ISSUED, CertificateStatus.ISSUED, DOMAIN, OTHER);
        acm.page(null, summary(ISSUED, DOMAIN, OTHER));
        assertEquals(ISSUED, certificates.find(List.of(DOMAIN, OTHER)).orElseThrow().id());
    }

    @Test
    void theSearchFollowsNextTokenUntilTheLastPage() {
        holds(ISSUED, CertificateStatus.ISSUED, DOMAIN);
        acm.page("page-2", summary(UNRELATED, "ablink.other.example.com"));
        acm.page("page-3");
        acm.page(null, summary(ISSUED, DOMAIN));
        assertEquals(ISSUED, certificates.find(List.of(DOMAIN)).orElseThrow().id());
        assertEquals(3, acm.lists.size());
        assertEquals(java.util.Arrays.asList(null, "page-2", "page-3"),
                acm.lists.stream().map(r -> r.nextToken()).toList());
    }

    @Test
    void anEmptyNextTokenEndsTheSearch() {
        acm.page("", summary(UNRELATED, "ablink.other.example.com"));
        acm.page(null, summary(ISSUED, DOMAIN));
        assertEquals(Optional.empty(), certificates.find(List.of(DOMAIN)));
        assertEquals(1, acm.lists.size());
    }

    @Test
    void aFoundCertificateIsNotRequestedAgain() {
        holds(PENDING, CertificateStatus.PENDING_VALIDATION, DOMAIN);
        acm.page(null, summary(PENDING, DOMAIN));
        assertEquals(PENDING, certificates.findOrRequest(List.of(DOMAIN), Progress.NONE).id());
        assertEquals(List.of(), acm.requests);
    }

    @Test
    void noneFoundRequestsOneWithDnsValidationTheSortedNamesAndTheirToken() {
        acm.page(null);
        acm.requestedArn = PENDING;
        holds(PENDING, CertificateStatus.PENDING_VALIDATION, DOMAIN, OTHER);
        CertificateOrder order = certificates.findOrRequest(List.of(OTHER, DOMAIN, OTHER), Progress.NONE);
        var request = acm.requests.get(0);
        assertEquals(DOMAIN, request.domainName(), "the first name in order");
        assertEquals(List.of(DOMAIN, OTHER), request.subjectAlternativeNames(), "sorted, each once");
        assertEquals(ValidationMethod.DNS, request.validationMethod());
        assertEquals(AcmCertificates.idempotencyToken(List.of(DOMAIN, OTHER)), request.idempotencyToken());
        assertEquals(PENDING, order.id());
        assertEquals(CertificateOrder.State.PENDING_VALIDATION, order.state());
        assertEquals(List.of(PENDING), described());
    }

    @Test
    void aRequestAnsweredWithoutAnArnIsAnUnexpectedResponse() {
        for (String arn : java.util.Arrays.asList(null, "")) {
            acm.pages.clear();
            acm.lists.clear();
            acm.page(null);
            acm.requestedArn = arn;
            CdnException e = assertThrows(CdnException.class,
                    () -> certificates.findOrRequest(List.of(DOMAIN), Progress.NONE));
            assertEquals(CdnException.Kind.UNEXPECTED_RESPONSE, e.kind());
            assertEquals("RequestCertificate", e.operation());
            assertEquals("ACM's answer holds no certificate ARN", e.detail().orElseThrow());
            assertEquals("run again: the same request returns the same certificate", e.hint().orElseThrow());
        }
        assertEquals(List.of(), described());
    }

    @Test
    void theTokenIsThirtyTwoHexCharactersOfSha256OverTheCommaJoinedNames() {
        // sha256("a.example.com,b.example.com") by sha256sum, first 32 hex digits: what ACM keeps for an hour.
        assertEquals("92c7f247bd1eea8d527fb05919e9be81",
                AcmCertificates.idempotencyToken(List.of("a.example.com", "b.example.com")));
    }

    @Test
    void aDescribedCertificateBecomesAnOrderWithItsValidationRecords() {
        holds(PENDING, CertificateStatus.PENDING_VALIDATION, DOMAIN, OTHER);
        CertificateOrder order = certificates.describe(PENDING);
        assertEquals(CloudFrontProvider.ID, order.provider());
        assertEquals(PENDING, order.id());
        assertEquals(List.of(DOMAIN, OTHER), order.domains());
        assertEquals(CertificateOrder.State.PENDING_VALIDATION, order.state());
        assertEquals("PENDING_VALIDATION", order.providerState());
        assertEquals("amazon.com", order.authority());
        assertEquals(List.of(new RecordSet("_x1." + DOMAIN, "CNAME", Duration.ofSeconds(300),
                        List.of("_x2.acm-validations.aws")),
                new RecordSet("_x1." + OTHER, "CNAME", Duration.ofSeconds(300), List.of("_x2.acm-validations.aws"))),
                order.validationRecords());
    }

    @Test
    void aWildcardAndItsBaseShareOneValidationRecordPublishedOnce() {
        // ACM gives *.example.com and example.com the same CNAME; the second may differ in case or the final dot.
        CertificateDetail c = StubAcm.certificate(PENDING, CertificateStatus.PENDING_VALIDATION, "example.com",
                "*.example.com").toBuilder().domainValidationOptions(
                        validation("example.com", "_x1.example.com."),
                        validation("*.example.com", "_X1.Example.com"),
                        validation("a.example.com", "_x1.a.example.com.")).build();
        acm.certificates.put(PENDING, c);
        List<RecordSet> records = certificates.describe(PENDING).validationRecords();
        assertEquals(List.of("_x1.example.com", "_x1.a.example.com"), records.stream().map(RecordSet::name).toList());
    }

    private static DomainValidation validation(String domain, String recordName) {
        return DomainValidation.builder().domainName(domain).validationMethod("DNS")
                .resourceRecord(ResourceRecord.builder().name(recordName).type("CNAME")
                        .value("_x2.acm-validations.aws.").build()).build();
    }

    @Test
    void aCertificateWhoseRecordsAreNotMadeYetHasNone() {
        acm.certificates.put(PENDING, StubAcm.certificate(PENDING, CertificateStatus.PENDING_VALIDATION, DOMAIN)
                .toBuilder().domainValidationOptions(DomainValidation.builder().domainName(DOMAIN).build()).build());
        CertificateOrder order = certificates.describe(PENDING);
        assertEquals(List.of(), order.validationRecords());
        assertEquals(CertificateOrder.State.PENDING_VALIDATION, order.state());
    }

    @Test
    void everyOtherStatusIsAFailedOrderThatKeepsAcmsWord() {
        for (CertificateStatus status : List.of(CertificateStatus.EXPIRED, CertificateStatus.FAILED,
                CertificateStatus.REVOKED, CertificateStatus.VALIDATION_TIMED_OUT, CertificateStatus.INACTIVE)) {
            holds(PENDING, status, DOMAIN);
            CertificateOrder order = certificates.describe(PENDING);
            assertEquals(CertificateOrder.State.FAILED, order.state(), status.toString());
            assertEquals(status.toString(), order.providerState());
        }
        holds(ISSUED, CertificateStatus.ISSUED, DOMAIN);
        assertEquals(CertificateOrder.State.ISSUED, certificates.describe(ISSUED).state());
    }

    @Test
    void aSummaryWithoutItsOptionalDomainNameIsJudgedByItsOtherNames() {
        // CertificateSummary.DomainName is optional in ACM's model.
        holds(ISSUED, CertificateStatus.ISSUED, DOMAIN, DOMAIN);
        acm.page(null, summary(UNRELATED, null), summary(ISSUED, null, DOMAIN));
        assertEquals(ISSUED, certificates.find(List.of(DOMAIN)).orElseThrow().id());
        assertEquals(List.of(ISSUED), described());
    }

    @Test
    void aCertificateWithNoNameAtAllIsAnOrderForNoDomain() {
        acm.certificates.put(ISSUED, StubAcm.certificate(ISSUED, CertificateStatus.ISSUED, DOMAIN).toBuilder()
                .domainName(null).subjectAlternativeNames(List.of()).build());
        assertEquals(List.of(), certificates.describe(ISSUED).domains());
    }

    @Test
    void withoutAlternativeNamesTheDomainNameIsTheOrdersName() {
        acm.certificates.put(ISSUED, StubAcm.certificate(ISSUED, CertificateStatus.ISSUED, DOMAIN).toBuilder()
                .subjectAlternativeNames(List.of()).build());
        assertEquals(List.of(DOMAIN), certificates.describe(ISSUED).domains());
    }

    @Test
    void anAnswerWithoutCertificateOrStatusIsAnUnexpectedResponse() {
        CdnException none = assertThrows(CdnException.class, () -> certificates.describe(PENDING));
        acm.certificates.put(PENDING, StubAcm.certificate(PENDING, CertificateStatus.ISSUED, DOMAIN).toBuilder()
                .status((String) null).build());
        CdnException noStatus = assertThrows(CdnException.class, () -> certificates.describe(PENDING));
        for (CdnException e : List.of(none, noStatus)) {
            assertEquals(CdnException.Kind.UNEXPECTED_RESPONSE, e.kind());
            assertEquals("DescribeCertificate", e.operation());
            assertEquals("ACM's answer holds no certificate status", e.detail().orElseThrow());
            assertTrue(e.hint().orElseThrow().contains("run again"), e.getMessage());
        }
    }
}
