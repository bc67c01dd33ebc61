package dev.linkproxy.cloudfront;

import dev.linkproxy.core.RetryPolicy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.acm.AcmClient;
import software.amazon.awssdk.services.acm.model.CertificateDetail;
import software.amazon.awssdk.services.acm.model.CertificateStatus;
import software.amazon.awssdk.services.acm.model.DescribeCertificateRequest;
import software.amazon.awssdk.services.acm.model.DescribeCertificateResponse;
import software.amazon.awssdk.services.acm.model.DomainValidation;
import software.amazon.awssdk.services.acm.model.ListCertificatesRequest;
import software.amazon.awssdk.services.acm.model.ListCertificatesResponse;
import software.amazon.awssdk.services.acm.model.RequestCertificateRequest;
import software.amazon.awssdk.services.acm.model.RequestCertificateResponse;
import software.amazon.awssdk.services.acm.model.ResourceRecord;

/**
 * An in-memory ACM for the pure tests of {@link CertificateCheck} and {@link AcmCertificates}: it answers with the
 * SDK's own model objects (the shapes of acm-2015-12-08.service-2.json: CertificateDetail, DomainValidation,
 * ResourceRecord, ListCertificatesResponse pages) and records every request it gets, so a test can say which calls
 * were made. No HTTP: the WireMock tests cover the wire.
 */
final class StubAcm implements AcmClient {

    /** Answers of DescribeCertificate by ARN; an ARN not here answers a null certificate. */
    final Map<String, CertificateDetail> certificates = new LinkedHashMap<>();
    /** The pages ListCertificates answers, in order; each page's NextToken is set by {@link #page}. */
    final List<ListCertificatesResponse> pages = new ArrayList<>();
    /** The ARN RequestCertificate answers with. */
    String requestedArn;
    final List<DescribeCertificateRequest> describes = new ArrayList<>();
    final List<ListCertificatesRequest> lists = new ArrayList<>();
    final List<RequestCertificateRequest> requests = new ArrayList<>();

    /** Calls made through {@link ApiCalls} without retries, with credentials no logger would print. */
    static ApiCalls calls() {
        return new ApiCalls(RetryPolicy.none(), new CredentialLogGuard(StaticCredentialsProvider.create(
                AwsBasicCredentials.create("AKIDLINKPROXYTEST", "secret")), () -> false, () -> false));
    }

    /** A certificate as DescribeCertificate returns it; a pending one with ACM's validation CNAME per name. */
    static CertificateDetail certificate(String arn, CertificateStatus status, String domain, String... alternatives) {
        List<String> names = new ArrayList<>(List.of(alternatives));
        names.add(0, domain);
        List<DomainValidation> validations = names.stream().map(n -> DomainValidation.builder().domainName(n)
                .validationStatus(status == CertificateStatus.ISSUED ? "SUCCESS" : "PENDING_VALIDATION")
                .validationMethod("DNS")
                .resourceRecord(record(n)).build()).toList();
        return CertificateDetail.builder().certificateArn(arn).domainName(domain).subjectAlternativeNames(names)
                .status(status).domainValidationOptions(validations).build();
    }

    /** ACM's validation record for {@code name}, as the fake spells it: {@code _x1.<name>.} CNAME {@code _x2...}. */
    static ResourceRecord record(String name) {
        String base = name.startsWith("*.") ? name.substring(2) : name;
        return ResourceRecord.builder().name("_x1." + base + ".").type("CNAME").value("_x2.acm-validations.aws.")
                .build();
    }

    void page(String nextToken, software.amazon.awssdk.services.acm.model.CertificateSummary... summaries) {
        pages.add(ListCertificatesResponse.builder().certificateSummaryList(summaries).nextToken(nextToken).build());
    }

    @Override
    public DescribeCertificateResponse describeCertificate(DescribeCertificateRequest request) {
        describes.add(request);
        return DescribeCertificateResponse.builder().certificate(certificates.get(request.certificateArn())).build();
    }

    @Override
    public ListCertificatesResponse listCertificates(ListCertificatesRequest request) {
        lists.add(request);
        return pages.get(lists.size() - 1);
    }

    @Override
    public RequestCertificateResponse requestCertificate(RequestCertificateRequest request) {
        requests.add(request);
        return RequestCertificateResponse.builder().certificateArn(requestedArn).build();
    }

    @Override
    public String serviceName() {
        return SERVICE_NAME;
    }

    @Override
    public void close() {
    }
}
