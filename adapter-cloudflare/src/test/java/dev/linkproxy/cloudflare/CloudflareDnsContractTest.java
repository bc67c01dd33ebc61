package dev.linkproxy.cloudflare;

import dev.linkproxy.core.spi.DnsProvider;
import dev.linkproxy.core.spi.NameRecords;
import dev.linkproxy.core.spi.ProviderSettings;
import dev.linkproxy.core.spi.RecordSet;
import dev.linkproxy.core.spi.Secret;
import dev.linkproxy.core.tck.DnsProviderContract;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The {@code cloudflare} DNS provider passes core's DNS contract against the fake account; every request and every
 * answer keeps to Cloudflare's API description.
 */
class CloudflareDnsContractTest extends DnsProviderContract {

    static final String WRONG_TOKEN = "cf-wrong-token-9876543210";

    private Fixture fixture;

    @BeforeEach
    void startFakeAccount() {
        fixture = new Fixture().start();
        fixture.fake.zone("example.com").zone("example.org");
        fixture.fake.rejectedToken = WRONG_TOKEN;
    }

    @AfterEach
    void everyRequestKeptToCloudflaresApiDescription() {
        fixture.stop();
    }

    @Override
    protected DnsProvider provider() {
        return new CloudflareDnsProvider();
    }

    @Override
    protected ProviderSettings settings() {
        return fixture.settings();
    }

    @Override
    protected ProviderSettings wrongCredentials() {
        return fixture.settings().toBuilder().secret(CloudflareProvider.API_TOKEN, Secret.of(WRONG_TOKEN)).build();
    }

    @Override
    protected String zone() {
        return "example.com";
    }

    @Override
    protected void putBehindTheBack(NameRecords records) {
        synchronized (fixture.fake) {
            fixture.fake.records.values().removeIf(r -> r.path("name").asText().equals(records.name())
                    && NameRecords.CUTOVER_TYPES.contains(r.path("type").asText()));
            for (RecordSet s : records.sets()) {
                for (String v : s.values()) {
                    fixture.fake.record(s.type(), records.name(), v, records.proxied(), s.ttl().toSeconds(), null);
                }
            }
        }
    }

    @Override
    protected OptionalInt writeCount() {
        return OptionalInt.of(fixture.writeCount());
    }

    @Override
    protected List<String> secretValues() {
        return List.of(Fixture.TOKEN, WRONG_TOKEN);
    }

    @Override
    protected Duration storedTtl(Duration ttl) {
        return ttl;
    }
}
