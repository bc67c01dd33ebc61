package dev.linkproxy.core;

import java.util.Objects;
import java.util.Optional;

/**
 * The tracking origin the CDN forwards to: an ESP preset, or a plain host name.
 *
 * @param host   the origin host name, normalised
 * @param preset the ESP preset it came from, or {@code null} for a plain host name
 */
public record Origin(String host, EspPreset preset) {

    public Origin {
        Objects.requireNonNull(host, "host");
    }

    /** The preset, when the origin was given as one. */
    public Optional<EspPreset> espPreset() {
        return Optional.ofNullable(preset);
    }

    /** The spelling in spec files: the preset name, or the host name. */
    @Override
    public String toString() {
        return preset == null ? host : preset.name();
    }
}
