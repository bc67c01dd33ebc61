package dev.linkproxy.core.tck;

/** A failure the stubbed CDN API answers every call with, from the moment the contract asks for it. */
public enum ApiFault {
    /** Credentials refused: 401 (or the provider's equivalent, e.g. 403 with its auth error code). */
    BAD_CREDENTIALS,
    /** 429, with the provider's retry-after header where it has one. */
    RATE_LIMITED,
    /** 503 (or 500). */
    SERVER_ERROR
}
