package dev.linkproxy.cloudfront;

import dev.linkproxy.core.CdnException;
import dev.linkproxy.core.CertificateNames;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.acm.AcmClient;
import software.amazon.awssdk.services.acm.model.CertificateDetail;
import software.amazon.awssdk.services.acm.model.CertificateStatus;
import software.amazon.awssdk.services.acm.model.DomainValidation;

/**
 * Checks, before a distribution is created, that its ACM certificate can serve every link domain: it exists, is
 * {@code ISSUED}, lives in us-east-1 (the only region CloudFront reads) and covers each link domain exactly or by a
 * one-label wildcard. CloudFront would refuse a bad certificate with a terse {@code InvalidViewerCertificate}; this
 * says which of the four it is and what to do. One call: {@code DescribeCertificate}.
 */
final class CertificateCheck {

    /** The only region whose ACM certificates CloudFront can use. */
    static final String CLOUDFRONT_REGION = "us-east-1";

    private static final Pattern ARN_REGION = Pattern.compile("arn:aws[a-z-]*:acm:([a-z0-9-]+):\\d{12}:certificate/.+");

    private final AcmClient acm;
    private final ApiCalls calls;

    CertificateCheck(AcmClient acm, ApiCalls calls) {
        this.acm = acm;
        this.calls = calls;
    }

    /**
     * Passes, or throws a {@link CdnException} saying what is wrong with the certificate.
     *
     * @return the certificate's status ({@code ISSUED})
     */
    String require(String arn, List<String> linkDomains) {
        String region = region(arn);
        if (!CLOUDFRONT_REGION.equals(region)) {
            throw problem("the certificate is in " + (region.isEmpty() ? "an unknown region" : region),
                    "CloudFront only uses ACM certificates in us-east-1 (N. Virginia); request or import one there");
        }
        CertificateDetail cert = calls.call("DescribeCertificate",
                () -> acm.describeCertificate(r -> r.certificateArn(arn)).certificate());
        if (cert == null || cert.certificateArn() == null || cert.status() == null) {
            // An answer without the certificate's ARN or status is not a certificate: a garbled or cut-off answer.
            throw CdnException.builder(CloudFrontProvider.ID, "DescribeCertificate",
                            CdnException.Kind.UNEXPECTED_RESPONSE)
                    .detail("ACM's answer holds no " + (cert == null ? "certificate" : cert.certificateArn() == null
                            ? "certificate ARN" : "certificate status"))
                    .hint("AWS answered something linkproxy could not read; run again")
                    .build();
        }
        if (cert.status() != CertificateStatus.ISSUED) {
            throw problem("the certificate is " + cert.statusAsString(), notIssuedHint(cert));
        }
        List<String> uncovered = uncovered(names(cert), linkDomains);
        if (!uncovered.isEmpty()) {
            throw problem("the certificate (" + String.join(", ", names(cert)) + ") does not cover "
                            + String.join(", ", uncovered),
                    "request a certificate whose names include every link domain (a wildcard covers one label only:"
                            + " *.example.com covers a.example.com, not a.b.example.com)");
        }
        return cert.statusAsString();
    }

    /** The link domains no name of the certificate covers, exactly or by a one-label wildcard. */
    static List<String> uncovered(Set<String> certificateNames, List<String> linkDomains) {
        List<String> out = new ArrayList<>();
        for (String domain : linkDomains) {
            if (certificateNames.stream().noneMatch(name -> CertificateNames.covers(name, domain))) {
                out.add(domain);
            }
        }
        return out;
    }

    static String region(String arn) {
        Matcher m = ARN_REGION.matcher(arn);
        return m.matches() ? m.group(1) : "";
    }

    private static Set<String> names(CertificateDetail cert) {
        Set<String> names = new LinkedHashSet<>();
        if (cert.domainName() != null) {
            names.add(cert.domainName());
        }
        names.addAll(cert.subjectAlternativeNames());
        return names;
    }

    private static String notIssuedHint(CertificateDetail cert) {
        if (cert.status() == CertificateStatus.PENDING_VALIDATION) {
            StringBuilder hint = new StringBuilder("publish the DNS validation record");
            List<String> records = new ArrayList<>();
            for (DomainValidation v : cert.domainValidationOptions()) {
                if (v.resourceRecord() != null) {
                    records.add(v.resourceRecord().name() + " " + v.resourceRecord().typeAsString() + " "
                            + v.resourceRecord().value());
                }
            }
            hint.append(records.size() == 1 ? "" : "s");
            if (!records.isEmpty()) {
                hint.append(" (").append(String.join("; ", records)).append(')');
            }
            return hint.append(", wait until ACM shows ISSUED, then apply again").toString();
        }
        return "a certificate that is " + cert.statusAsString() + " cannot be used; request a new one in us-east-1";
    }

    private static CdnException problem(String detail, String hint) {
        return CdnException.builder(CloudFrontProvider.ID, "DescribeCertificate", CdnException.Kind.INVALID_REQUEST)
                .detail(detail).hint(hint).build();
    }
}
