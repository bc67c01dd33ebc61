package dev.linkproxy.core;

/** The root of every error linkproxy throws on purpose. Messages never hold a secret. */
public class LinkProxyException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public LinkProxyException(String message) {
        super(message);
    }

    public LinkProxyException(String message, Throwable cause) {
        super(message, cause);
    }
}
