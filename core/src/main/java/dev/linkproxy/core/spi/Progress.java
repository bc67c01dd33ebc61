package dev.linkproxy.core.spi;

/** Receives progress of applies and waits, e.g. to print on stderr. Called on the caller's thread. */
@FunctionalInterface
public interface Progress {

    /** Ignores every event. */
    Progress NONE = event -> { };

    void report(ProgressEvent event);
}
