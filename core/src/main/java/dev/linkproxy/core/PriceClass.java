package dev.linkproxy.core;

/** Which edge locations serve the link domain; only CloudFront has this setting. */
public enum PriceClass implements WireName {
    /** Every edge location (the runbook's choice). */
    ALL("all"),
    /** North America, Europe, Asia, Middle East and Africa. */
    CLASS_200("200"),
    /** North America and Europe. */
    CLASS_100("100");

    private final String wireName;

    PriceClass(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }
}
