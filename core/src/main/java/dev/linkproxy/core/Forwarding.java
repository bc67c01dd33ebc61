package dev.linkproxy.core;

/**
 * How "forward everything, cache nothing" is expressed on CDNs that offer two ways to say it. Both modes forward
 * every header (including {@code Host}), every cookie and every query string; adapters with one way ignore this.
 */
public enum Forwarding implements WireName {
    /** Managed policies (CloudFront CachingDisabled + AllViewer): the vendor's recommended form. */
    MANAGED_POLICIES("managed-policies"),
    /** The runbook's legacy settings, word for word (CloudFront ForwardedValues with TTLs 0 / 86400 / 31536000). */
    RUNBOOK("runbook");

    private final String wireName;

    Forwarding(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }
}
