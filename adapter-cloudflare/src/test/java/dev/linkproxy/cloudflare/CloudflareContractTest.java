package dev.linkproxy.cloudflare;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;

import dev.linkproxy.core.LinkProxySpec;
import dev.linkproxy.core.spi.CdnProvider;
import dev.linkproxy.core.spi.ProviderSettings;
import dev.linkproxy.core.tck.ApiFault;
import dev.linkproxy.core.tck.CdnProviderContract;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The Cloudflare adapter passes the adapter contract against a fake account on WireMock. */
class CloudflareContractTest extends CdnProviderContract {

    private Fixture fixture;

    @BeforeEach
    void startFakeAccount() {
        fixture = new Fixture().start();
        fixture.fake.zone("example.com").zone("example.org");
    }

    @AfterEach
    void everyRequestKeptToCloudflaresApiDescription() {
        fixture.stop();
    }

    /**
     * Two first-level link domains, which Universal SSL serves at once, so an apply is complete without await. A
     * deeper link domain's record waits for its advanced pack to be active (written by await), so a plan between
     * apply and await rightly still shows it: CloudflareFlowTest covers that path.
     */
    @Override
    protected LinkProxySpec spec() {
        return LinkProxySpec.builder().linkDomains("links.example.com", "go.example.com").certificate("managed").build();
    }

    @Override
    protected CdnProvider provider() {
        return fixture.provider();
    }

    @Override
    protected ProviderSettings settings() {
        return fixture.settings();
    }

    @Override
    protected List<String> secretValues() {
        return List.of(Fixture.TOKEN);
    }

    @Override
    protected int writeCount() {
        return fixture.writeCount();
    }

    @Override
    protected void simulate(ApiFault fault) {
        switch (fault) {
            // Cloudflare refuses a bad token with 403 and code 10000 (or 9109), not 401.
            case BAD_CREDENTIALS -> fixture.override(any(anyUrl()).willReturn(
                    Fixture.cloudflareError(403, 10000, "Authentication error")));
            case RATE_LIMITED -> fixture.override(any(anyUrl()).willReturn(
                    Fixture.cloudflareError(429, 971, "Please wait and consider throttling your request speed")
                            .withHeader("retry-after", "2")));
            case SERVER_ERROR -> fixture.override(any(anyUrl()).willReturn(
                    Fixture.cloudflareError(503, 10013, "Service unavailable")));
        }
    }
}
