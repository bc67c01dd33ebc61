package dev.linkproxy.core.memory;

import dev.linkproxy.core.LinkProxySpec;
import dev.linkproxy.core.SpecFiles;
import dev.linkproxy.core.spi.CdnClient;
import dev.linkproxy.core.spi.CdnProvider;
import dev.linkproxy.core.spi.NativeConfig;
import dev.linkproxy.core.spi.ProviderSettings;
import dev.linkproxy.core.spi.SettingDescriptor;
import java.util.List;
import java.util.Optional;

/**
 * A CDN that lives in memory: the reference implementation of the SPI, passing the same contract as the real
 * adapters. Each provider instance owns one {@link MemoryCdn}; every client it connects shares it.
 */
public final class MemoryCdnProvider implements CdnProvider {

    /** The provider id. */
    public static final String ID = "memory";

    private final MemoryCdn cdn;

    /** A provider with an empty account (what {@link java.util.ServiceLoader} creates). */
    public MemoryCdnProvider() {
        this(new MemoryCdn());
    }

    public MemoryCdnProvider(MemoryCdn cdn) {
        this.cdn = cdn;
    }

    /** The account behind this provider, for tests to inspect and to inject faults. */
    public MemoryCdn cdn() {
        return cdn;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "In-memory CDN for tests of tools that embed linkproxy";
    }

    @Override
    public List<SettingDescriptor> settings() {
        return List.of(new SettingDescriptor("token", "any token, checked only when the account requires one",
                true, false, Optional.of("LINKPROXY_MEMORY_TOKEN")));
    }

    /** The memory CDN stores the spec's own fields: its "API objects" are the spec file's tree plus the origin host. */
    @Override
    public NativeConfig render(LinkProxySpec spec) {
        var config = SpecFiles.toTree(spec);
        config.put("originHost", spec.origin().host());
        return new NativeConfig(ID, config, List.of());
    }

    @Override
    public CdnClient connect(ProviderSettings settings) {
        return new MemoryCdnClient(this, settings);
    }
}
