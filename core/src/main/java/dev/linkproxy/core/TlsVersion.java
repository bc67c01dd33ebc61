package dev.linkproxy.core;

/** A minimum TLS protocol version. */
public enum TlsVersion implements WireName {
    TLS_1_2("1.2"), TLS_1_3("1.3");

    private final String wireName;

    TlsVersion(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }
}
