package dev.linkproxy.cloudfront;

import dev.linkproxy.core.spi.DnsProvider;
import dev.linkproxy.core.spi.NameRecords;
import dev.linkproxy.core.spi.ProviderSettings;
import dev.linkproxy.core.tck.DnsProviderContract;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;

/** The {@code route53} provider passes core's DNS contract against the fake Route 53; every request fits the model. */
class Route53ContractTest extends DnsProviderContract {

    private final WireMockRoute53 route53 = new WireMockRoute53();

    @AfterEach
    void everyRequestFitsTheModel() {
        route53.checkAndStop();
    }

    @Override
    protected DnsProvider provider() {
        return route53.provider();
    }

    @Override
    protected ProviderSettings settings() {
        return route53.settings();
    }

    @Override
    protected ProviderSettings wrongCredentials() {
        return route53.settings(FakeRoute53.UNKNOWN_KEY);
    }

    @Override
    protected String zone() {
        return WireMockRoute53.ZONE;
    }

    @Override
    protected void putBehindTheBack(NameRecords records) {
        route53.fake.put(WireMockRoute53.ZONE_ID, records);
    }

    @Override
    protected OptionalInt writeCount() {
        return OptionalInt.of(route53.fake.applied());
    }

    @Override
    protected List<String> secretValues() {
        return List.of(WireMockRoute53.SECRET);
    }
}
