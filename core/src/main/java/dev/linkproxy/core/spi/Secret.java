package dev.linkproxy.core.spi;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** A credential. Its {@link #toString()} never shows the value; only {@link #reveal()} does, at the point of use. */
public final class Secret {

    private final String value;

    private Secret(String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    /** Wraps a credential. */
    public static Secret of(String value) {
        return new Secret(value);
    }

    /** The credential itself; call it only where it is sent, never to log or print. */
    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return "Secret[redacted]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret other && MessageDigest.isEqual(
                value.getBytes(StandardCharsets.UTF_8), other.value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public int hashCode() {
        return 0; // the hash would leak a little about the value; secrets are not map keys
    }
}
