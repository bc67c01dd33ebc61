package dev.linkproxy.core.memory;

import dev.linkproxy.core.CdnException;
import dev.linkproxy.core.spi.CdnProvider;
import dev.linkproxy.core.spi.ProviderSettings;
import dev.linkproxy.core.spi.Secret;
import dev.linkproxy.core.tck.ApiFault;
import dev.linkproxy.core.tck.CdnProviderContract;
import java.util.List;

/** The memory provider, the SPI's reference implementation, passes the adapter contract. */
class MemoryCdnProviderContractTest extends CdnProviderContract {

    private final MemoryCdnProvider provider = new MemoryCdnProvider();

    @Override
    protected CdnProvider provider() {
        return provider;
    }

    @Override
    protected ProviderSettings settings() {
        return ProviderSettings.builder().secret("token", Secret.of("memory-token-123")).build();
    }

    @Override
    protected List<String> secretValues() {
        return List.of("memory-token-123");
    }

    /** The account behind {@link #provider()}. */
    protected MemoryCdn cdn() {
        return provider.cdn();
    }

    @Override
    protected int writeCount() {
        return cdn().writes();
    }

    @Override
    protected void simulate(ApiFault fault) {
        switch (fault) {
            case BAD_CREDENTIALS -> cdn().requireToken(Secret.of("another-token"));
            case RATE_LIMITED -> cdn().failEveryCall(CdnException.Kind.RATE_LIMITED, 429);
            case SERVER_ERROR -> cdn().failEveryCall(CdnException.Kind.SERVER, 503);
        }
    }
}
