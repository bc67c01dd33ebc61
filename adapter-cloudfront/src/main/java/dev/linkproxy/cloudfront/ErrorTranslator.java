package dev.linkproxy.cloudfront;

import dev.linkproxy.core.CdnException;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Turns SDK exceptions into {@link CdnException}s that name provider, operation, HTTP status and AWS error code, and
 * carry a hint a person can act on (PROVIDERS.md §2.3). Throttling, 5xx and I/O failures become retryable kinds, so
 * core's {@link dev.linkproxy.core.RetryPolicy} retries them; the SDK's own retries are off. Messages come from AWS
 * and never hold credentials (a request id may appear, which is useful to AWS support).
 */
final class ErrorTranslator {

    /** Codes AWS uses for credentials it does not accept, as opposed to credentials without permission. */
    private static final Set<String> BAD_CREDENTIALS = Set.of("InvalidClientTokenId", "SignatureDoesNotMatch",
            "UnrecognizedClientException", "InvalidAccessKeyId", "ExpiredToken", "ExpiredTokenException",
            "MissingAuthenticationToken", "IncompleteSignature", "AuthFailure");

    /**
     * AWS's throttling codes (at 400 or 429), and Route 53's "still processing a prior request" (retried, as
     * Denominator's Route 53 client does); the SDK's own list is consulted too.
     */
    private static final Set<String> THROTTLING = Set.of("Throttling", "ThrottlingException", "ThrottledException",
            "TooManyRequests", "TooManyRequestsException", "RequestLimitExceeded", "RequestThrottled",
            "RequestThrottledException", "SlowDown", "PriorRequestNotComplete");

    private static final Map<String, String> HINTS = Map.ofEntries(
            Map.entry("CNAMEAlreadyExists", "a link domain is already an alias of another distribution, possibly a"
                    + " forgotten one or one in another AWS account: remove it there, or move it with"
                    + " ListConflictingAliases and AssociateAlias (a TXT record proves ownership)"),
            Map.entry("InvalidViewerCertificate", "the ACM certificate must be ISSUED, live in us-east-1 and cover"
                    + " every link domain (a wildcard covers one label only)"),
            Map.entry("AccessDenied", "the credentials may not do this: allow cloudfront:ListDistributions,"
                    + " GetDistribution, GetDistributionConfig, CreateDistribution, UpdateDistribution and"
                    + " acm:DescribeCertificate"),
            Map.entry("AccessDeniedException", "the credentials may not do this: allow acm:DescribeCertificate on the"
                    + " certificate"),
            Map.entry("TooManyDistributionCNAMEs", "the distribution has too many aliases; split the link domains"
                    + " over several specs"),
            Map.entry("DistributionAlreadyExists", "a distribution was already created for these link domains"),
            Map.entry("PreconditionFailed", "the distribution changed while linkproxy was updating it; run apply again"),
            Map.entry("NoSuchDistribution", "the distribution is gone; run plan to see what apply would create"),
            Map.entry("ResourceNotFoundException", "no such certificate in us-east-1 for these credentials: check the"
                    + " ARN and the AWS account"),
            Map.entry("InvalidOriginReadTimeout", "originReadTimeoutSeconds must be 1 to 120 (above 60 needs a"
                    + " quota increase)"),
            Map.entry("InvalidOriginKeepaliveTimeout", "originKeepAliveSeconds must be 1 to 120 (above 60 needs a"
                    + " quota increase)"),
            Map.entry("InconsistentQuantities", "a Quantity does not match its Items; this is a linkproxy bug, please"
                    + " report it with the plan"),
            Map.entry("IllegalUpdate", "CloudFront does not allow this change on an existing distribution"));

    private ErrorTranslator() {
    }

    /** The {@link CdnException} for an SDK failure of {@code operation}. */
    static CdnException translate(String operation, SdkException e) {
        if (e instanceof AwsServiceException aws) {
            return service(operation, aws);
        }
        boolean transport = e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException
                || causedByIo(e);
        return CdnException.builder(CloudFrontProvider.ID, operation,
                        transport ? CdnException.Kind.TRANSPORT : CdnException.Kind.UNEXPECTED_RESPONSE)
                .detail(e.getMessage())
                .hint(transport ? "check the network path to AWS (proxy, firewall, DNS); linkproxy retried"
                        : "AWS answered something linkproxy could not read; run again with debug logging")
                .cause(e)
                .build();
    }

    private static CdnException service(String operation, AwsServiceException e) {
        AwsErrorDetails details = e.awsErrorDetails();
        String code = details == null ? null : details.errorCode();
        int status = e.statusCode();
        CdnException.Kind kind = e.isThrottlingException() && !(code != null && BAD_CREDENTIALS.contains(code))
                ? CdnException.Kind.RATE_LIMITED : kind(code, status);
        String hint = code == null ? null : HINTS.get(code);
        if (hint == null) {
            hint = switch (kind) {
                case AUTHENTICATION -> "AWS did not accept the credentials: check the access key, secret and session"
                        + " token (or the profile / default credential chain)";
                case RATE_LIMITED -> "AWS is throttling this account; linkproxy retried with backoff, try again later";
                case SERVER -> "AWS failed on its side; linkproxy retried, try again later";
                default -> null;
            };
        }
        CdnException.Builder b = CdnException.builder(CloudFrontProvider.ID, operation, kind)
                .httpStatus(status)
                .errorCode(code)
                .detail(details == null ? e.getMessage() : details.errorMessage())
                .hint(hint)
                .cause(e);
        retryAfter(details).ifPresent(b::retryAfter);
        return b.build();
    }

    static CdnException.Kind kind(String code, int status) {
        if (code != null && BAD_CREDENTIALS.contains(code)) {
            return CdnException.Kind.AUTHENTICATION;
        }
        if (status == 429 || (code != null && THROTTLING.contains(code))) {
            return CdnException.Kind.RATE_LIMITED;
        }
        if (status >= 500) {
            return CdnException.Kind.SERVER;
        }
        if (status == 401) {
            return CdnException.Kind.AUTHENTICATION;
        }
        if (status == 403) {
            return CdnException.Kind.PERMISSION;
        }
        if (status == 404) {
            return CdnException.Kind.NOT_FOUND;
        }
        if (status == 409 || status == 412) {
            return CdnException.Kind.CONFLICT;
        }
        if (code != null && code.equals("ResourceNotFoundException")) {
            return CdnException.Kind.NOT_FOUND;
        }
        if (status >= 400) {
            return CdnException.Kind.INVALID_REQUEST;
        }
        return CdnException.Kind.UNEXPECTED_RESPONSE;
    }

    /** The server's {@code Retry-After} in seconds, when it sent one. */
    private static Optional<Duration> retryAfter(AwsErrorDetails details) {
        if (details == null || details.sdkHttpResponse() == null) {
            return Optional.empty();
        }
        return details.sdkHttpResponse().firstMatchingHeader("Retry-After").flatMap(v -> {
            try {
                return Optional.of(Duration.ofSeconds(Long.parseLong(v.trim())));
            } catch (NumberFormatException notSeconds) {
                return Optional.empty(); // an HTTP date: fall back to the policy's own backoff
            }
        });
    }

    /**
     * Whether an I/O failure lies under {@code e}. A JSON parser's complaint is an {@link IOException} too, but it is a
     * garbled answer, not a broken connection: like a garbled XML answer it is UNEXPECTED_RESPONSE, not retried.
     */
    private static boolean causedByIo(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (isJsonProblem(t.getClass())) {
                return false;
            }
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    private static boolean isJsonProblem(Class<?> c) {
        for (Class<?> k = c; k != null; k = k.getSuperclass()) {
            if (k.getName().endsWith("jackson.core.JsonProcessingException")) {
                return true;
            }
        }
        return false;
    }
}
