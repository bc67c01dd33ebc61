package dev.linkproxy.core.memory;

import dev.linkproxy.core.spi.DnsProvider;
import dev.linkproxy.core.spi.NameRecords;
import dev.linkproxy.core.spi.ProviderSettings;
import dev.linkproxy.core.spi.Secret;
import dev.linkproxy.core.tck.DnsProviderContract;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;

/** The memory DNS provider, the DNS SPI's reference implementation, passes the DNS contract kit. */
class MemoryDnsProviderContractTest extends DnsProviderContract {

    private final MemoryDnsProvider provider = new MemoryDnsProvider(account());

    /** The account every test starts from: one zone, a token, changes live after two looks. */
    static MemoryDns account() {
        return new MemoryDns()
                .addZone("example.com", "ns1.example.com", "ns2.example.net")
                .requireToken(Secret.of("memory-dns-token-42"))
                .pollsUntilLive(2);
    }

    @Override
    protected DnsProvider provider() {
        return provider;
    }

    /** The service behind {@link #provider()}. */
    protected MemoryDns dns() {
        return provider.dns();
    }

    @Override
    protected ProviderSettings settings() {
        return ProviderSettings.builder().secret("token", Secret.of("memory-dns-token-42")).build();
    }

    @Override
    protected ProviderSettings wrongCredentials() {
        return ProviderSettings.builder().secret("token", Secret.of("not-the-token-17")).build();
    }

    @Override
    protected List<String> secretValues() {
        return List.of("memory-dns-token-42", "not-the-token-17");
    }

    @Override
    protected String zone() {
        return "example.com";
    }

    @Override
    protected void putBehindTheBack(NameRecords records) {
        dns().put(records);
    }

    @Override
    protected OptionalInt writeCount() {
        return OptionalInt.of(dns().writes());
    }

    @Override
    protected Duration liveTimeout() {
        return Duration.ofSeconds(5);
    }
}
