package dev.linkproxy.verifier;

import java.util.Locale;

/** The verdict of one check. */
public enum CheckStatus {
    /** The check found what the ESP needs. */
    PASS,
    /** It works, but something needs a person's attention (a certificate close to expiry, an answer not compared). */
    WARN,
    /** It does not work; the summary says why. */
    FAIL,
    /** The check did not run; the summary says why. */
    SKIPPED;

    /** The lower-case name used in reports: {@code pass}, {@code warn}, {@code fail}, {@code skipped}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
