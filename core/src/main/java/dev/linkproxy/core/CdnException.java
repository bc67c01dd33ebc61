package dev.linkproxy.core;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A CDN API call failed. Names the provider, the operation, the HTTP status and the provider's own error code, and
 * carries a hint a person can act on. Never holds a credential.
 */
public final class CdnException extends LinkProxyException {

    private static final long serialVersionUID = 1L;

    /** What went wrong, in terms a caller can branch on. */
    public enum Kind {
        /** The credentials were refused (401, or the provider's equivalent). Not retried. */
        AUTHENTICATION(false),
        /** The credentials work but may not do this (403). Not retried. */
        PERMISSION(false),
        /** Too many requests (429); retried within the {@link RetryPolicy}'s bounds. */
        RATE_LIMITED(true),
        /** The resource is held by something else (alias on another distribution, record already present). */
        CONFLICT(false),
        /** The provider rejected the request as invalid; the hint says which input to change. */
        INVALID_REQUEST(false),
        /** A resource linkproxy needs is missing. */
        NOT_FOUND(false),
        /** The provider failed (5xx); retried. */
        SERVER(true),
        /** The connection failed or timed out before an answer; retried. */
        TRANSPORT(true),
        /** A wait for deployment ran past its deadline. */
        TIMEOUT(false),
        /** The provider's answer could not be understood. */
        UNEXPECTED_RESPONSE(false);

        private final boolean retryable;

        Kind(boolean retryable) {
            this.retryable = retryable;
        }

        /** Whether a retry of the same call may succeed. */
        public boolean retryable() {
            return retryable;
        }
    }

    private final String provider;
    private final String operation;
    private final Kind kind;
    private final int httpStatus;
    private final String errorCode;
    private final String detail;
    private final String hint;
    private final Duration retryAfter;

    private CdnException(Builder b) {
        super(message(b), b.cause);
        this.provider = b.provider;
        this.operation = b.operation;
        this.kind = b.kind;
        this.httpStatus = b.httpStatus;
        this.errorCode = b.errorCode;
        this.detail = b.detail;
        this.hint = b.hint;
        this.retryAfter = b.retryAfter;
    }

    /** A builder holding every field of this error but its cause, to restate it with more said. */
    public Builder toBuilder() {
        Builder b = new Builder(provider, operation, kind);
        b.httpStatus = httpStatus;
        b.errorCode = errorCode;
        b.detail = detail;
        b.hint = hint;
        b.retryAfter = retryAfter;
        return b;
    }

    /** Starts an error for {@code provider}'s {@code operation} (e.g. {@code "cloudfront"}, {@code "CreateDistribution"}). */
    public static Builder builder(String provider, String operation, Kind kind) {
        return new Builder(provider, operation, kind);
    }

    public String provider() {
        return provider;
    }

    /** The API operation that failed, e.g. {@code UpdateDistribution} or {@code PATCH /zones/{id}/dns_records/{id}}. */
    public String operation() {
        return operation;
    }

    public Kind kind() {
        return kind;
    }

    /** The HTTP status, or 0 when no answer arrived. */
    public int httpStatus() {
        return httpStatus;
    }

    /** The provider's error code ({@code CNAMEAlreadyExists}, {@code 81053}), when it gave one. */
    public Optional<String> errorCode() {
        return Optional.ofNullable(errorCode);
    }

    /** The provider's own words about the failure, when it gave any. */
    public Optional<String> detail() {
        return Optional.ofNullable(detail);
    }

    /** What a person can do about it. */
    public Optional<String> hint() {
        return Optional.ofNullable(hint);
    }

    /** The delay the provider asked for before a retry, when it gave one. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** Whether a retry of the same call may succeed. */
    public boolean retryable() {
        return kind.retryable();
    }

    private static String message(Builder b) {
        StringBuilder m = new StringBuilder(b.provider).append(' ').append(b.operation).append(" failed");
        if (b.httpStatus > 0) {
            m.append(" (HTTP ").append(b.httpStatus);
            if (b.errorCode != null) {
                m.append(", ").append(b.errorCode);
            }
            m.append(')');
        } else if (b.errorCode != null) {
            m.append(" (").append(b.errorCode).append(')');
        }
        if (b.detail != null && !b.detail.isBlank()) {
            m.append(": ").append(b.detail);
        }
        if (b.hint != null) {
            m.append(m.charAt(m.length() - 1) == '.' ? " " : ". ").append(b.hint);
        }
        return m.toString();
    }

    /** Builds a {@link CdnException}. */
    public static final class Builder {
        private final String provider;
        private final String operation;
        private final Kind kind;
        private int httpStatus;
        private String errorCode;
        private String detail;
        private String hint;
        private Duration retryAfter;
        private Throwable cause;

        private Builder(String provider, String operation, Kind kind) {
            this.provider = Objects.requireNonNull(provider, "provider");
            this.operation = Objects.requireNonNull(operation, "operation");
            this.kind = Objects.requireNonNull(kind, "kind");
        }

        public Builder httpStatus(int status) {
            this.httpStatus = status;
            return this;
        }

        public Builder errorCode(String code) {
            this.errorCode = code;
            return this;
        }

        /** The provider's own message; must not contain a secret. */
        public Builder detail(String detail) {
            this.detail = detail;
            return this;
        }

        public Builder hint(String hint) {
            this.hint = hint;
            return this;
        }

        public Builder retryAfter(Duration delay) {
            this.retryAfter = delay;
            return this;
        }

        public Builder cause(Throwable cause) {
            this.cause = cause;
            return this;
        }

        public CdnException build() {
            return new CdnException(this);
        }
    }
}
