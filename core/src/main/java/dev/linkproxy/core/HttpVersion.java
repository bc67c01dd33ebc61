package dev.linkproxy.core;

/** HTTP versions the CDN offers to mail clients. */
public enum HttpVersion implements WireName {
    HTTP_1_0("1.0"), HTTP_1_1("1.1"), HTTP_2("2"), HTTP_3("3");

    private final String wireName;

    HttpVersion(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }
}
