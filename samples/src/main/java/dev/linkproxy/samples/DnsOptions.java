package dev.linkproxy.samples;

import dev.linkproxy.core.DnsProviders;
import dev.linkproxy.core.LinkProxyException;
import dev.linkproxy.core.spi.DnsProvider;
import dev.linkproxy.core.spi.ProviderSettings;
import dev.linkproxy.core.spi.Secret;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Which DNS provider changes the link domains' records, and its settings: values on the command line, secrets only
 * from the environment variables the provider names. Checked before any DNS or API call.
 */
final class DnsOptions {

    @Option(names = "--dns", paramLabel = "PROVIDER", required = true,
            description = "The DNS provider: rfc2136, route53, cloudflare or manual (memory in tests).")
    String id;

    @Option(names = "--dns-setting", paramLabel = "NAME=VALUE",
            description = "A DNS provider setting, e.g. server=ns1.example.com or keyName=linkproxy (secrets only from "
                    + "the environment: the provider's settings name their variables).")
    Map<String, String> settings = new LinkedHashMap<>();

    /** The installed provider named by {@code --dns}. */
    DnsProvider provider(String command) {
        return DnsProviders.all().stream().filter(p -> p.id().equals(id)).findFirst()
                .orElseThrow(() -> new LinkProxyException(command + ": no DNS provider \"" + id + "\"; installed: "
                        + DnsProviders.ids()));
    }

    /** The provider's settings from {@code --dns-setting} and the environment; a secret on the command line is refused. */
    ProviderSettings settings(DnsProvider provider, CliIo io, String command) {
        ProviderSettings.Builder b = ProviderSettings.builder().environment(io.environment()::apply);
        provider.settings().forEach(d -> {
            String v = settings.get(d.name());
            if (v != null && d.secret()) {
                throw new LinkProxyException(command + ": " + d.name() + " is a secret: set "
                        + d.envVar().orElse("its environment variable") + " instead of --dns-setting");
            }
            if (v != null) {
                b.value(d.name(), v);
            } else if (d.secret() && d.envVar().isPresent() && io.environment().apply(d.envVar().get()) != null) {
                b.secret(d.name(), Secret.of(io.environment().apply(d.envVar().get())));
            }
        });
        for (String name : settings.keySet()) {
            if (provider.settings().stream().noneMatch(d -> d.name().equals(name))) {
                throw new LinkProxyException(command + ": " + provider.id() + " has no setting " + name + "; it has "
                        + provider.settings().stream().map(d -> d.name()).toList());
            }
        }
        return b.build();
    }
}
