package dev.linkproxy.cloudfront;

import dev.linkproxy.core.RetryPolicy;
import dev.linkproxy.core.spi.DnsCapability;
import dev.linkproxy.core.spi.DnsClient;
import dev.linkproxy.core.spi.DnsProvider;
import dev.linkproxy.core.spi.ProviderSettings;
import dev.linkproxy.core.spi.SettingDescriptor;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * {@code route53}: a link domain's records in an Amazon Route 53 public hosted zone, for a CloudFront (or any) CDN in
 * front of a zone hosted there. A replace is one {@code ChangeResourceRecordSets} batch that DELETEs the record sets
 * exactly as they were read and CREATEs the new ones: Route 53 applies the batch whole or refuses it whole, and refuses
 * a DELETE whose values no longer match, so the compare-and-set is the server's own. {@code GetChange} says when the
 * change is {@code INSYNC} on every Route 53 server.
 *
 * <p>IAM: {@code route53:ListHostedZonesByName} on {@code *}; {@code route53:GetHostedZone},
 * {@code route53:ListResourceRecordSets} and {@code route53:ChangeResourceRecordSets} on
 * {@code arn:aws:route53:::hostedzone/<ID>}; {@code route53:GetChange} on {@code arn:aws:route53:::change/*}.
 * Credentials as for the {@code cloudfront} CDN (explicit keys, a profile, or the default chain).
 */
public final class Route53Provider implements DnsProvider {

    /** The id. */
    public static final String ID = "route53";
    static final String ZONE_ID = "hostedZoneId";
    static final String POLL = "pollIntervalSeconds";
    /** Route 53 usually reports INSYNC within a minute; polling faster only spends API quota (5 requests/s). */
    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);

    private final RetryPolicy.Sleeper sleeper;
    private final LongSupplier nanoClock;

    /** The provider {@link java.util.ServiceLoader} finds: real sleeps, the JVM's monotonic clock. */
    public Route53Provider() {
        this(d -> Thread.sleep(d.toMillis()), System::nanoTime);
    }

    /**
     * A provider whose waits for {@code INSYNC} use this sleeper and monotonic clock (tests, simulations).
     *
     * @param sleeper   sleeps between {@code GetChange} polls
     * @param nanoClock measures the wait against its timeout
     */
    public Route53Provider(RetryPolicy.Sleeper sleeper, LongSupplier nanoClock) {
        this.sleeper = Objects.requireNonNull(sleeper);
        this.nanoClock = Objects.requireNonNull(nanoClock);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "Amazon Route 53 public hosted zone (ChangeResourceRecordSets batch, GetChange until INSYNC)";
    }

    @Override
    public List<SettingDescriptor> settings() {
        List<SettingDescriptor> settings = new java.util.ArrayList<>(AwsClients.CREDENTIAL_SETTINGS);
        settings.addAll(List.of(
                new SettingDescriptor(ZONE_ID, "the hosted zone id (Z…); default: the public zone whose name is the"
                        + " longest suffix of the link domain", false, false, Optional.of("LINKPROXY_ROUTE53_ZONE_ID")),
                new SettingDescriptor(POLL, "seconds between GetChange polls (default 5)", false, false,
                        Optional.empty())));
        return List.copyOf(settings);
    }

    @Override
    public Set<DnsCapability> capabilities() {
        return Set.of(DnsCapability.SERVER_SIDE_CAS, DnsCapability.ATOMIC_REPLACE, DnsCapability.CHANGE_STATUS);
    }

    /** A client; makes no call until used. */
    @Override
    public DnsClient connect(ProviderSettings settings) {
        Duration interval = settings.seconds(POLL, ID).orElse(DEFAULT_INTERVAL);
        Optional<String> zoneId = settings.valueOrEnv(ZONE_ID, "LINKPROXY_ROUTE53_ZONE_ID")
                .map(String::trim).filter(v -> !v.isEmpty()).map(Route53DnsClient::bareId);
        return new Route53DnsClient(AwsClients.route53(settings), settings.retryPolicy(), zoneId, interval, sleeper,
                nanoClock);
    }
}
