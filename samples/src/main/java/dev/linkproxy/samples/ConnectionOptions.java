package dev.linkproxy.samples;

import dev.linkproxy.core.LinkProxyException;
import dev.linkproxy.core.spi.CdnProvider;
import dev.linkproxy.core.spi.ProviderSettings;
import dev.linkproxy.core.spi.Secret;
import dev.linkproxy.core.spi.SettingDescriptor;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * How a CLI reaches the CDN: the provider's settings from the environment variables it names (credentials never on
 * the command line), plain settings with {@code --setting}, and a hidden {@code --endpoint} for tests.
 */
public final class ConnectionOptions {

    @Option(names = "--setting", paramLabel = "NAME=VALUE",
            description = "A provider setting that is not a secret, e.g. profile=prod or pollIntervalSeconds=30.")
    Map<String, String> values = new LinkedHashMap<>();

    @Option(names = "--endpoint", hidden = true, description = "API endpoint to use instead of the provider's (tests).")
    URI endpoint;

    /** The settings for {@code provider}: its environment variables, then {@code --setting}s, then the endpoint. */
    public ProviderSettings settings(CdnProvider provider, CliIo io) {
        ProviderSettings.Builder b = ProviderSettings.builder().environment(io.environment());
        for (SettingDescriptor d : provider.settings()) {
            d.envVar().map(io.environment()).filter(v -> !v.isBlank()).ifPresent(v -> {
                if (d.secret()) {
                    b.secret(d.name(), Secret.of(v));
                } else {
                    b.value(d.name(), v);
                }
            });
        }
        values.forEach((name, value) -> {
            SettingDescriptor d = provider.settings().stream().filter(s -> s.name().equals(name)).findFirst()
                    .orElseThrow(() -> new LinkProxyException("--setting " + name + ": " + provider.id()
                            + " has no such setting; it has " + provider.settings().stream()
                            .map(SettingDescriptor::name).toList()));
            if (d.secret()) {
                throw new LinkProxyException("--setting " + name + ": a secret does not go on the command line; set "
                        + d.envVar().orElse("it in the environment"));
            }
            b.value(name, value);
        });
        if (endpoint != null) {
            b.endpoint(endpoint);
        }
        return b.build();
    }
}
