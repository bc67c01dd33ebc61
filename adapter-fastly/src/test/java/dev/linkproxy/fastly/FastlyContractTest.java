package dev.linkproxy.fastly;

import dev.linkproxy.core.spi.CdnProvider;
import dev.linkproxy.core.spi.ProviderSettings;
import dev.linkproxy.core.tck.ApiFault;
import dev.linkproxy.core.tck.CdnProviderContract;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;

/** The Fastly adapter passes the adapter contract against the fake Fastly; every request is checked against the API description. */
class FastlyContractTest extends CdnProviderContract {

    private final FakeFastlyServer server = new FakeFastlyServer();

    @AfterEach
    void stop() {
        server.close();
    }

    @Override
    protected CdnProvider provider() {
        return server.provider();
    }

    @Override
    protected ProviderSettings settings() {
        return server.settings();
    }

    @Override
    protected List<String> secretValues() {
        return List.of(FakeFastly.TOKEN);
    }

    @Override
    protected int writeCount() {
        return (int) server.journal().writes();
    }

    @Override
    protected void simulate(ApiFault fault) {
        switch (fault) {
            case BAD_CREDENTIALS -> server.fastly.requireToken("another-token");
            case RATE_LIMITED -> server.fastly.failEverything(429,
                    Map.of("Fastly-RateLimit-Remaining", "0",
                            "Fastly-RateLimit-Reset", Long.toString(server.time.epochSeconds() + 5)));
            case SERVER_ERROR -> server.fastly.failEverything(503, Map.of());
        }
    }
}
