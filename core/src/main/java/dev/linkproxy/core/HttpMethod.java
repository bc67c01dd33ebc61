package dev.linkproxy.core;

/** HTTP methods the CDN passes to the origin. */
public enum HttpMethod implements WireName {
    GET, HEAD, OPTIONS, PUT, PATCH, POST, DELETE;

    @Override
    public String wireName() {
        return name();
    }
}
