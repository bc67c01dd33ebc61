package dev.linkproxy.core;

import java.util.Objects;
import java.util.Optional;

/**
 * A DNS provider call failed, or a compare-and-set found the name changed. Names the provider, the operation and
 * what a person can do. Never holds a credential.
 */
public final class DnsException extends LinkProxyException {

    private static final long serialVersionUID = 1L;

    /** What went wrong, in terms a caller can branch on. */
    public enum Kind {
        /** The credentials (token, TSIG key) were refused. */
        AUTHENTICATION,
        /** The credentials work but may not change this name (IAM, token permission, update policy). */
        PERMISSION,
        /** The name no longer holds what was read: someone else changed it. Nothing was written. */
        CONFLICT,
        /** No zone at this provider holds the name, or the zone has no such record. */
        NOT_FOUND,
        /** The provider refused the request as invalid. */
        INVALID_REQUEST,
        /** The provider failed or could not be reached; the same call may succeed later. */
        UNAVAILABLE,
        /** A wait ran past its deadline. */
        TIMEOUT,
        /** The provider's answer could not be understood. */
        UNEXPECTED_RESPONSE
    }

    /**
     * The DNS kind of a failure a vendor's HTTP layer reported as a {@link CdnException} (a DNS provider that shares
     * its CDN adapter's client): throttling, server errors and transport failures are UNAVAILABLE.
     */
    public static Kind kindOf(CdnException.Kind kind) {
        return switch (kind) {
            case AUTHENTICATION -> Kind.AUTHENTICATION;
            case PERMISSION -> Kind.PERMISSION;
            case NOT_FOUND -> Kind.NOT_FOUND;
            case CONFLICT -> Kind.CONFLICT;
            case INVALID_REQUEST -> Kind.INVALID_REQUEST;
            case RATE_LIMITED, SERVER, TRANSPORT -> Kind.UNAVAILABLE;
            case TIMEOUT -> Kind.TIMEOUT;
            default -> Kind.UNEXPECTED_RESPONSE;
        };
    }

    private final String provider;
    private final String operation;
    private final Kind kind;
    private final String hint;

    /**
     * @param provider  the DNS provider id
     * @param operation the call that failed ({@code ChangeResourceRecordSets}, {@code UPDATE})
     * @param kind      what went wrong
     * @param detail    the provider's own words, or the observed state; no secret
     * @param hint      what a person can do, or null
     * @param cause     the underlying error, or null
     */
    public DnsException(String provider, String operation, Kind kind, String detail, String hint, Throwable cause) {
        super(provider + " " + operation + " failed: " + detail + (hint == null ? "" : ". " + hint), cause);
        this.provider = Objects.requireNonNull(provider, "provider");
        this.operation = Objects.requireNonNull(operation, "operation");
        this.kind = Objects.requireNonNull(kind, "kind");
        this.hint = hint;
    }

    public String provider() {
        return provider;
    }

    public String operation() {
        return operation;
    }

    public Kind kind() {
        return kind;
    }

    /** What a person can do about it. */
    public Optional<String> hint() {
        return Optional.ofNullable(hint);
    }
}
