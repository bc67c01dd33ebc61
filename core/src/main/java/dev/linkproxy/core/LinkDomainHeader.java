package dev.linkproxy.core;

/** The request header by which the ESP's origin learns which link domain was clicked. */
public enum LinkDomainHeader implements WireName {
    /** The viewer's {@code Host} header reaches the origin unchanged (SendGrid routes by it). */
    HOST("host"),
    /** The CDN adds {@code X-Forwarded-Host: <link domain>} on the way to the origin (SparkPost, SES). */
    X_FORWARDED_HOST("x-forwarded-host");

    private final String wireName;

    LinkDomainHeader(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }
}
