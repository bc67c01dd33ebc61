package dev.linkproxy.fastly;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.linkproxy.core.CdnException;
import dev.linkproxy.core.CdnException.Kind;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;

/**
 * Fastly's failures as {@link CdnException}s, each with a hint a person can act on. Classic endpoints answer
 * {@code {"msg", "detail"}}; the TLS endpoints answer JSON:API {@code {"errors":[{"title","detail","code"}]}}.
 */
final class FastlyErrors {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_DETAIL = 300;

    private FastlyErrors() {
    }

    static CdnException from(String operation, int status, String body, Duration retryAfter) {
        String detail = "";
        String code = null;
        try {
            JsonNode n = JSON.readTree(body == null || body.isBlank() ? "{}" : body);
            if (n.has("title") && !n.has("errors") && !n.has("msg")) {
                // application/problem+json (RFC 7807): {type, title, status, detail}
                detail = n.path("title").asText("") + (n.hasNonNull("detail") ? ": " + n.path("detail").asText() : "");
            } else if (n.has("msg")) {
                detail = n.path("msg").asText() + (n.hasNonNull("detail") ? ": " + n.path("detail").asText() : "");
            } else if (n.path("errors").isArray() && !n.path("errors").isEmpty()) {
                JsonNode e = n.path("errors").get(0);
                detail = e.path("title").asText("") + (e.hasNonNull("detail") ? ": " + e.path("detail").asText() : "");
                code = e.hasNonNull("code") ? e.path("code").asText() : null;
            }
        } catch (IOException notJson) {
            detail = body;
        }
        if (detail.length() > MAX_DETAIL) {
            detail = detail.substring(0, MAX_DETAIL) + "…";
        }
        Kind kind = kind(status, detail);
        CdnException.Builder b = CdnException.builder(FastlyProvider.ID, operation, kind).httpStatus(status)
                .detail(detail).hint(hint(kind, operation, detail));
        if (code != null) {
            b.errorCode(code);
        }
        if (retryAfter != null && kind.retryable()) {
            b.retryAfter(retryAfter);
        }
        return b.build();
    }

    private static Kind kind(int status, String detail) {
        String d = detail.toLowerCase(Locale.ROOT);
        if (status == 401) {
            return Kind.AUTHENTICATION;
        }
        if (status == 403) {
            return Kind.PERMISSION;
        }
        if (status == 429) {
            return Kind.RATE_LIMITED;
        }
        if (status >= 500) {
            return Kind.SERVER;
        }
        if (status == 404) {
            return Kind.NOT_FOUND;
        }
        if (status == 409 || takenByAnother(d) || d.contains("duplicate")) {
            return Kind.CONFLICT;
        }
        return Kind.INVALID_REQUEST;
    }

    private static String hint(Kind kind, String operation, String detail) {
        String d = detail.toLowerCase(Locale.ROOT);
        return switch (kind) {
            case AUTHENTICATION -> "Fastly refused the API token: check the " + FastlyProvider.TOKEN + " setting or "
                    + FastlyProvider.TOKEN_ENV + " (Account > API tokens)";
            case PERMISSION -> "the token works but may not do this: service changes need a token with the global "
                    + "scope, TLS changes a user with the engineer or superuser role";
            case RATE_LIMITED -> "Fastly allows 1,000 writes an hour per user; wait until Fastly-RateLimit-Reset "
                    + "and apply again (applying again is safe)";
            case SERVER -> "Fastly failed after retries; apply again later (it is safe), or see status.fastly.com";
            case NOT_FOUND -> "the service, version or TLS object is gone (changed outside linkproxy?); run plan again";
            case CONFLICT -> takenByAnother(d)
                    ? "another Fastly customer's service holds this link domain (fastly/cli#803): if it is yours in "
                    + "another account, remove it there; if not, prove you own it by publishing the _acme-challenge "
                    + "record of a TLS subscription for it, or ask Fastly support (support@fastly.com) to release it"
                    : operation.endsWith("Domain") || d.contains("domain")
                    ? "a link domain is already on another Fastly service of this account: remove it there"
                    : "the object already exists; run plan again to see the live state";
            default -> operation.startsWith("ValidateServiceVersion")
                    ? "Fastly rejected the draft configuration; the active version still serves"
                    : "Fastly rejected the request; check the spec values it names";
        };
    }

    /** Fastly's two wordings for a domain held by another customer's service. */
    private static boolean takenByAnother(String lowerDetail) {
        return lowerDetail.contains("already taken by another customer") || lowerDetail.contains("owned by another customer")
                || lowerDetail.contains("already taken");
    }

    /** The write budget is known to be spent; raised before sending so the retry policy waits for the reset. */
    static CdnException rateLimitedBeforeSending(String operation, Duration untilReset) {
        return CdnException.builder(FastlyProvider.ID, operation, Kind.RATE_LIMITED).httpStatus(429)
                .detail("Fastly-RateLimit-Remaining was 0").retryAfter(untilReset)
                .hint(hint(Kind.RATE_LIMITED, operation, "")).build();
    }

    static CdnException transport(String operation, IOException e) {
        return CdnException.builder(FastlyProvider.ID, operation, Kind.TRANSPORT)
                .detail(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()))
                .hint("no answer from Fastly; check the network and apply again (it is safe)").cause(e).build();
    }

    static CdnException unexpected(String operation, String what, Throwable cause) {
        return CdnException.builder(FastlyProvider.ID, operation, Kind.UNEXPECTED_RESPONSE).detail(what)
                .hint("Fastly's answer changed shape; report it with the operation named here").cause(cause).build();
    }

    /** A validation that Fastly answered with {@code status: error}. */
    static CdnException invalidDraft(String operation, String errors) {
        return CdnException.builder(FastlyProvider.ID, operation, Kind.INVALID_REQUEST).httpStatus(200)
                .detail(errors).hint(hint(Kind.INVALID_REQUEST, operation, errors)).build();
    }

    /**
     * {@code e} again, with what happened to the draft said after Fastly's own detail: the caller must learn that the
     * active version still serves and which draft to look at.
     */
    static CdnException draftNotActivated(CdnException e, String draftSentence) {
        String original = e.detail().orElse("");
        return e.toBuilder().detail((original.isEmpty() ? "" : original + "; ") + draftSentence).cause(e).build();
    }
}
