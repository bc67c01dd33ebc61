package dev.linkproxy.cloudfront;

import dev.linkproxy.core.LinkProxySpec;
import dev.linkproxy.core.RetryPolicy;
import dev.linkproxy.core.spi.CdnClient;
import dev.linkproxy.core.spi.CdnProvider;
import dev.linkproxy.core.spi.NativeConfig;
import dev.linkproxy.core.spi.ProviderSettings;
import dev.linkproxy.core.spi.SettingDescriptor;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Amazon CloudFront: one distribution serving the link domains with an ACM certificate, forwarding everything to the
 * ESP's origin over HTTPS. Found by {@link java.util.ServiceLoader} under the id {@code cloudfront}.
 *
 * <p>Settings (all optional): {@code accessKeyId} + {@code secretAccessKey} (+ {@code sessionToken}) for explicit
 * credentials, else {@code profile}, else the AWS default credential chain (environment, profile files, SSO, container
 * and instance roles); {@code pollIntervalSeconds} for {@link CdnClient#await} (default 60). CloudFront is global, so
 * there is no region: requests are signed for us-east-1, where ACM certificates for CloudFront live too.
 */
public final class CloudFrontProvider implements CdnProvider {

    /** The provider id. */
    public static final String ID = "cloudfront";

    private final RetryPolicy.Sleeper waitSleeper;
    private final LongSupplier nanoClock;

    /** The provider as {@link java.util.ServiceLoader} makes it: real time. */
    public CloudFrontProvider() {
        this(d -> Thread.sleep(d.toMillis()), System::nanoTime);
    }

    /**
     * A provider whose deployment waits use this sleeper and monotonic clock (tests, simulations).
     *
     * @param waitSleeper sleeps between polls of {@link CdnClient#await}
     * @param nanoClock   a monotonic clock in nanoseconds, for deadlines and elapsed times
     */
    public CloudFrontProvider(RetryPolicy.Sleeper waitSleeper, LongSupplier nanoClock) {
        this.waitSleeper = Objects.requireNonNull(waitSleeper);
        this.nanoClock = Objects.requireNonNull(nanoClock);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "Amazon CloudFront (distribution + ACM certificate in us-east-1)";
    }

    @Override
    public List<SettingDescriptor> settings() {
        List<SettingDescriptor> settings = new java.util.ArrayList<>(AwsClients.CREDENTIAL_SETTINGS);
        settings.addAll(List.of(
                new SettingDescriptor("pollIntervalSeconds", "seconds between deployment status polls (default 60)",
                        false, false, Optional.empty())));
        return List.copyOf(settings);
    }

    /** The spec as CloudFront's {@code DistributionConfig}, in the API's member names. Offline. */
    @Override
    public NativeConfig render(LinkProxySpec spec) {
        DistributionConfigRenderer.Rendered r = DistributionConfigRenderer.render(spec);
        return new NativeConfig(ID, r.json(), r.notes());
    }

    /** A client; makes no call until used. */
    @Override
    public CdnClient connect(ProviderSettings settings) {
        Duration interval = settings.seconds("pollIntervalSeconds", ID).orElse(DeploymentWaiter.DEFAULT_INTERVAL);
        return new CloudFrontCdnClient(AwsClients.create(settings), settings.retryPolicy(), interval, waitSleeper,
                nanoClock);
    }
}
