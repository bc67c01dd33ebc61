package dev.linkproxy.samples;

import dev.linkproxy.core.spi.CdnProvider;
import java.time.Duration;
import java.util.Objects;

/**
 * What makes one CDN's CLI: its command name, its provider, how long {@code apply --wait} waits by default, and what
 * {@code verify} expects the link domains to point at. The commands themselves are shared by every CDN.
 *
 * @param command        the command name, e.g. {@code linkproxy-cloudfront}
 * @param provider       the CDN provider
 * @param waitTimeout    the default deadline of {@code apply --wait}
 * @param expectedTarget {@code verify}'s expected target when {@code --expect-target} is not given
 * @param io             streams, terminal and environment
 */
public record CliContext(String command, CdnProvider provider, Duration waitTimeout,
                         ExpectedTargetDefault expectedTarget, CliIo io) {

    public CliContext {
        Objects.requireNonNull(command);
        Objects.requireNonNull(provider);
        Objects.requireNonNull(waitTimeout);
        Objects.requireNonNull(expectedTarget);
        Objects.requireNonNull(io);
    }
}
