package dev.linkproxy.verifier;

/** When in the runbook a verification runs. */
public enum VerificationMode {
    /**
     * Runbook step 5: the link domain's DNS has moved to the CDN. Every check follows the link domain's own DNS, and the
     * DNS check judges the cutover.
     */
    POST_CUTOVER("post-cutover"),
    /**
     * Runbook step 3: the CDN is deployed but DNS still points at the ESP. TLS and link checks go to the CDN endpoint
     * with SNI and {@code Host} of the link domain; the DNS check only reports where the name points now.
     */
    PRE_CUTOVER("pre-cutover");

    private final String wireName;

    VerificationMode(String wireName) {
        this.wireName = wireName;
    }

    /** The name used in reports. */
    public String wireName() {
        return wireName;
    }
}
