package dev.linkproxy.cloudfront;

import dev.linkproxy.core.CdnException;
import dev.linkproxy.core.spi.CertificateOrder;
import dev.linkproxy.core.spi.Progress;
import dev.linkproxy.core.spi.RecordSet;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import software.amazon.awssdk.services.acm.AcmClient;
import software.amazon.awssdk.services.acm.model.CertificateDetail;
import software.amazon.awssdk.services.acm.model.CertificateStatus;
import software.amazon.awssdk.services.acm.model.CertificateSummary;
import software.amazon.awssdk.services.acm.model.DomainValidation;
import software.amazon.awssdk.services.acm.model.ListCertificatesResponse;
import software.amazon.awssdk.services.acm.model.ValidationMethod;

/**
 * ACM certificates in us-east-1 for {@code certificate: managed}: an ISSUED (else a pending) certificate that covers
 * every link domain is reused; otherwise one is requested with DNS validation, the link domains as its names and an
 * idempotency token derived from them, so a retry after a lost answer gets the same certificate back from ACM (it
 * keeps a token for an hour; after that the pending certificate is found by the search instead). Its validation
 * records are the CNAMEs ACM lists for each name once it has made them.
 */
final class AcmCertificates {

    /** The TTL the validation CNAMEs are published with. */
    private static final Duration VALIDATION_TTL = Duration.ofSeconds(300);

    private final AcmClient acm;
    private final ApiCalls calls;

    AcmCertificates(AcmClient acm, ApiCalls calls) {
        this.acm = acm;
        this.calls = calls;
    }

    /** The ISSUED certificate covering every domain, else a pending one, else empty. Reads only. */
    Optional<CertificateOrder> find(List<String> domains) {
        CertificateOrder pending = null;
        String token = null;
        do {
            String page = token;
            ListCertificatesResponse r = calls.call("ListCertificates", () -> acm.listCertificates(b -> b
                    .certificateStatusesWithStrings("ISSUED", "PENDING_VALIDATION").nextToken(page)));
            for (CertificateSummary s : r.certificateSummaryList()) {
                // DomainName is optional in ACM's model: a summary without it is judged by its other names.
                List<String> names = new ArrayList<>(s.subjectAlternativeNameSummaries());
                if (s.domainName() != null && !names.contains(s.domainName())) {
                    names.add(s.domainName());
                }
                if (!CertificateCheck.uncovered(new java.util.HashSet<>(names), domains).isEmpty()) {
                    continue;
                }
                CertificateOrder o = describe(s.certificateArn());
                if (o.state() == CertificateOrder.State.ISSUED) {
                    return Optional.of(o);
                }
                if (o.state() == CertificateOrder.State.PENDING_VALIDATION && pending == null) {
                    pending = o;
                }
            }
            token = r.nextToken();
        } while (token != null && !token.isEmpty());
        return Optional.ofNullable(pending);
    }

    /** Finds one as {@link #find} does, else requests one (DNS validation, idempotent). */
    CertificateOrder findOrRequest(List<String> domains, Progress progress) {
        Optional<CertificateOrder> found = find(domains);
        if (found.isPresent()) {
            return found.get();
        }
        List<String> sorted = List.copyOf(new TreeSet<>(domains));
        String arn = calls.call("RequestCertificate", () -> acm.requestCertificate(b -> b
                .domainName(sorted.get(0))
                .subjectAlternativeNames(sorted)
                .validationMethod(ValidationMethod.DNS)
                .idempotencyToken(idempotencyToken(sorted))).certificateArn());
        if (arn == null || arn.isEmpty()) {
            throw CdnException.builder(CloudFrontProvider.ID, "RequestCertificate",
                    CdnException.Kind.UNEXPECTED_RESPONSE).detail("ACM's answer holds no certificate ARN")
                    .hint("run again: the same request returns the same certificate").build();
        }
        return describe(arn);
    }

    /** The certificate as it stands: state and validation records. */
    CertificateOrder describe(String arn) {
        CertificateDetail c = calls.call("DescribeCertificate", () -> acm.describeCertificate(b -> b
                .certificateArn(arn)).certificate());
        if (c == null || c.status() == null) {
            throw CdnException.builder(CloudFrontProvider.ID, "DescribeCertificate",
                    CdnException.Kind.UNEXPECTED_RESPONSE).detail("ACM's answer holds no certificate status")
                    .hint("AWS answered something linkproxy could not read; run again").build();
        }
        List<RecordSet> records = new ArrayList<>();
        for (DomainValidation v : c.domainValidationOptions()) {
            if (v.resourceRecord() != null && records.stream().noneMatch(r -> r.name().equals(lower(v.resourceRecord()
                    .name())))) {
                records.add(new RecordSet(v.resourceRecord().name(), v.resourceRecord().typeAsString(),
                        VALIDATION_TTL, List.of(v.resourceRecord().value())));
            }
        }
        CertificateOrder.State state = c.status() == CertificateStatus.ISSUED ? CertificateOrder.State.ISSUED
                : c.status() == CertificateStatus.PENDING_VALIDATION ? CertificateOrder.State.PENDING_VALIDATION
                : CertificateOrder.State.FAILED;
        List<String> names = !c.subjectAlternativeNames().isEmpty() ? c.subjectAlternativeNames()
                : c.domainName() == null ? List.of() : List.of(c.domainName());
        return new CertificateOrder(CloudFrontProvider.ID, arn, names, state, c.statusAsString(), records, "amazon.com");
    }

    /** 32 hex characters of SHA-256 over the sorted names: the same names, the same token (ACM: \w{1,32}). */
    static String idempotencyToken(List<String> sortedDomains) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(String.join(",", sortedDomains)
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash).substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    private static String lower(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }
}
