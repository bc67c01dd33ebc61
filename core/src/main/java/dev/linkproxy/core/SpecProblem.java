package dev.linkproxy.core;

import java.util.Objects;

/**
 * One thing wrong with a spec: where it is and what to do about it.
 *
 * @param path    the field path, e.g. {@code linkDomains[1]}
 * @param message a sentence a person can act on
 */
public record SpecProblem(String path, String message) {

    public SpecProblem {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }

    /** {@code path: message}, as printed to people. */
    @Override
    public String toString() {
        return path + ": " + message;
    }
}
