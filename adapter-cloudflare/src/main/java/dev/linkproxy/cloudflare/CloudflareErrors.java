package dev.linkproxy.cloudflare;

import com.fasterxml.jackson.databind.JsonNode;
import dev.linkproxy.core.CdnException;
import dev.linkproxy.core.CdnException.Kind;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/**
 * Turns Cloudflare's answers into {@link CdnException}s naming the operation, the HTTP status, Cloudflare's error
 * code and a hint a person can act on. Messages carry Cloudflare's own error text, which never echoes the token.
 */
final class CloudflareErrors {

    /** The permissions a token needs, for hints. */
    static final String TOKEN_PERMISSIONS = "a user or account API token with, for the zone: Zone Read, DNS Write, "
            + "SSL and Certificates Write, Config Settings Write, Cache Settings Write, Zone Settings Read";

    /** Codes Cloudflare gives for a refused or malformed credential (often with HTTP 400 or 403, not 401). */
    private static final Set<Integer> AUTH_CODES = Set.of(1000, 6003, 6111, 9103, 9106, 9109, 10000, 10001);

    /**
     * "Authentication error" with 403: the token is valid but lacks the permission group the call needs
     * (terraform-provider-cloudflare#2999), not a bad token.
     */
    static final int MISSING_PERMISSION = 10000;

    /** "An A, AAAA, or CNAME record with that host already exists" and "Record already exists" (DESIGN §9). */
    private static final Set<Integer> DUPLICATE_RECORD_CODES = Set.of(81053, 81057, 81058);

    private CloudflareErrors() {
    }

    /**
     * The error for a failed call.
     *
     * @param operation  {@code METHOD /path/{template}}, never the concrete path with ids
     * @param status     the HTTP status
     * @param body       the parsed answer, or {@code null} when it was not JSON
     * @param retryAfter the {@code retry-after} header, or {@code null}
     */
    static CdnException fromResponse(String operation, int status, JsonNode body, String retryAfter) {
        int code = firstCode(body);
        String message = firstMessage(body);
        // 403 with 10000 from the token check is a refused token; from any later call, a missing permission.
        boolean missingPermission = status == 403 && code == MISSING_PERMISSION && !operation.contains("/tokens/verify");
        Kind kind = missingPermission ? Kind.PERMISSION : kind(status, code, message);
        CdnException.Builder b = CdnException.builder(CloudflareProvider.ID, operation, kind)
                .httpStatus(status).detail(message);
        if (code > 0) {
            b.errorCode(Integer.toString(code));
        }
        Duration wait = parseRetryAfter(retryAfter);
        if (wait != null) {
            b.retryAfter(wait);
        }
        String hint = missingPermission ? permissionHint(operation) : hint(status, code, message, wait);
        if (hint != null) {
            b.hint(hint);
        }
        return b.build();
    }

    /** The connection failed before an answer arrived. */
    static CdnException transport(String operation, java.io.IOException e) {
        return CdnException.builder(CloudflareProvider.ID, operation, Kind.TRANSPORT)
                .detail(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()))
                .hint("check the network path to the Cloudflare API (proxy, firewall, DNS); the call is retried")
                .cause(e).build();
    }

    /** An answer that is not the envelope Cloudflare documents. */
    static CdnException unexpected(String operation, int status, String what) {
        return CdnException.builder(CloudflareProvider.ID, operation, Kind.UNEXPECTED_RESPONSE)
                .httpStatus(status).detail(what)
                .hint("the endpoint may not be the Cloudflare API v4; check the endpoint setting").build();
    }

    static Kind kind(int status, int code, String message) {
        if (status == 429) {
            return Kind.RATE_LIMITED;
        }
        if (status >= 500) {
            return Kind.SERVER;
        }
        if (status == 401 || AUTH_CODES.contains(code)) {
            return Kind.AUTHENTICATION;
        }
        if (DUPLICATE_RECORD_CODES.contains(code)) {
            return Kind.CONFLICT;
        }
        if (status == 403) {
            return Kind.PERMISSION;
        }
        if (status == 404) {
            return Kind.NOT_FOUND;
        }
        if (status == 409) {
            return Kind.CONFLICT;
        }
        return Kind.INVALID_REQUEST;
    }

    private static String hint(int status, int code, String message, Duration wait) {
        String m = message == null ? "" : message.toLowerCase(Locale.ROOT);
        if (status == 429) {
            return "Cloudflare allows 1200 API calls per 5 minutes per user; "
                    + (wait == null ? "wait 5 minutes" : "it asked to wait " + wait.toSeconds() + " s")
                    + " and run again";
        }
        if (status >= 500) {
            return "Cloudflare failed; the call was retried; try again later (https://www.cloudflarestatus.com)";
        }
        if (status == 401 || AUTH_CODES.contains(code)) {
            return "the API token was refused: set apiToken or CLOUDFLARE_API_TOKEN to an active token ("
                    + TOKEN_PERMISSIONS + ")";
        }
        if (DUPLICATE_RECORD_CODES.contains(code)) {
            return "a DNS record with this name already exists; linkproxy looks before it creates, so it appeared "
                    + "since the plan or is of another type: run plan again (cloudflare/terraform-provider-cloudflare#1247)";
        }
        if (m.contains("plan") || m.contains("entitle") || m.contains("upgrade") || m.contains("not available")
                || m.contains("subscription")) {
            return "the zone's Cloudflare plan lacks this feature: a link host deeper than one label under the zone "
                    + "needs Advanced Certificate Manager (certificate: managed) or a Business/Enterprise plan "
                    + "(certificate: pem:…)";
        }
        if (status == 403) {
            return "the token may not do this: give it " + TOKEN_PERMISSIONS;
        }
        if (status == 404) {
            return "check that the zone is in this Cloudflare account and the token covers it";
        }
        return null;
    }

    /** The permission group (as the token editor names it) that {@code operation} needs. */
    static String permissionFor(String operation) {
        boolean read = operation.startsWith("GET ");
        String access = read ? "Read" : "Write";
        if (operation.contains("/dns_records")) {
            return "DNS " + access;
        }
        if (operation.contains("/rulesets/")) {
            return "Config Settings " + access + " (configuration rules) and Cache Settings " + access + " (cache rules)";
        }
        if (operation.contains("/ssl/") || operation.contains("/custom_certificates")
                || operation.contains("/hostnames/settings")) {
            return "SSL and Certificates " + access;
        }
        if (operation.contains("/settings/")) {
            return "Zone Settings " + access;
        }
        return "Zone " + access;
    }

    private static String permissionHint(String operation) {
        return "the token is valid but may not do this: " + operation + " needs the zone permission "
                + permissionFor(operation) + "; edit the token (My Profile or Manage Account → API Tokens) and add it";
    }

    private static int firstCode(JsonNode body) {
        JsonNode errors = body == null ? null : body.path("errors");
        if (errors != null && errors.isArray() && errors.size() > 0) {
            return errors.get(0).path("code").asInt(0);
        }
        return 0;
    }

    private static String firstMessage(JsonNode body) {
        JsonNode errors = body == null ? null : body.path("errors");
        if (errors != null && errors.isArray() && errors.size() > 0) {
            StringBuilder out = new StringBuilder();
            for (JsonNode e : errors) {
                if (out.length() > 0) {
                    out.append("; ");
                }
                out.append(e.path("message").asText(""));
            }
            return out.toString();
        }
        return null;
    }

    /** Cloudflare sends seconds; an HTTP date is also legal in {@code retry-after}, and is read as such. */
    static Duration parseRetryAfter(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        try {
            long seconds = Long.parseLong(header.trim());
            return seconds < 0 ? null : Duration.ofSeconds(seconds);
        } catch (NumberFormatException notSeconds) {
            try {
                var when = java.time.ZonedDateTime.parse(header.trim(),
                        java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(java.time.Instant.now(), when.toInstant());
                return d.isNegative() ? Duration.ZERO : d;
            } catch (java.time.format.DateTimeParseException ignored) {
                return null;
            }
        }
    }
}
