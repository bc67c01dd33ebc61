package dev.linkproxy.core;

/** How the CDN talks to the ESP's tracking origin. */
public enum OriginProtocol implements WireName {
    /** HTTPS only (the runbook's choice; minimum TLS 1.2 to the origin). */
    HTTPS_ONLY("https-only"),
    /** Plain HTTP; only for origins that do not speak HTTPS (Mailgun). */
    HTTP_ONLY("http-only");

    private final String wireName;

    OriginProtocol(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }
}
