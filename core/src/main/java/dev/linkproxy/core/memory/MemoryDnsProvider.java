package dev.linkproxy.core.memory;

import dev.linkproxy.core.spi.DnsCapability;
import dev.linkproxy.core.spi.DnsClient;
import dev.linkproxy.core.spi.DnsProvider;
import dev.linkproxy.core.spi.ProviderSettings;
import dev.linkproxy.core.spi.SettingDescriptor;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A DNS service that lives in memory: the reference implementation of the DNS SPI, passing the same contract kit
 * as the real providers. Each provider instance owns one {@link MemoryDns}; every client it connects shares it.
 */
public final class MemoryDnsProvider implements DnsProvider {

    /** The provider id. */
    public static final String ID = "memory";

    private final MemoryDns dns;

    /** A provider with no zones (what {@link java.util.ServiceLoader} creates). */
    public MemoryDnsProvider() {
        this(new MemoryDns());
    }

    public MemoryDnsProvider(MemoryDns dns) {
        this.dns = dns;
    }

    /** The service behind this provider, for tests to set up, inspect and inject faults. */
    public MemoryDns dns() {
        return dns;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "In-memory DNS for tests of tools that embed linkproxy";
    }

    @Override
    public List<SettingDescriptor> settings() {
        return List.of(new SettingDescriptor("token", "any token, checked only when the service requires one",
                true, false, Optional.of("LINKPROXY_MEMORY_DNS_TOKEN")));
    }

    @Override
    public Set<DnsCapability> capabilities() {
        return Set.of(DnsCapability.SERVER_SIDE_CAS, DnsCapability.ATOMIC_REPLACE, DnsCapability.CHANGE_STATUS);
    }

    @Override
    public DnsClient connect(ProviderSettings settings) {
        return new MemoryDnsClient(dns, settings.secretOrEnv("token", "LINKPROXY_MEMORY_DNS_TOKEN"));
    }
}
