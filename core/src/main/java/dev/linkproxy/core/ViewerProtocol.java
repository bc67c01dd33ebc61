package dev.linkproxy.core;

/** What the CDN accepts from mail clients. */
public enum ViewerProtocol implements WireName {
    /** HTTP and HTTPS, both answered (the runbook's choice: old mail carries http:// links). */
    HTTP_AND_HTTPS("http-and-https"),
    /** HTTP answered with a redirect to HTTPS. */
    REDIRECT_TO_HTTPS("redirect-to-https");

    private final String wireName;

    ViewerProtocol(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }
}
