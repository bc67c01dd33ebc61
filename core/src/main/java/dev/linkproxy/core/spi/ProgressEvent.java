package dev.linkproxy.core.spi;

import java.time.Duration;

/**
 * One step of a long operation.
 *
 * @param provider the provider id
 * @param stage    a short stable name ({@code create}, {@code update}, {@code await}, {@code certificate})
 * @param message  a sentence for a person
 * @param elapsed  time since the operation began
 */
public record ProgressEvent(String provider, String stage, String message, Duration elapsed) {

    @Override
    public String toString() {
        return "[" + provider + " " + stage + " +" + elapsed.toSeconds() + "s] " + message;
    }
}
