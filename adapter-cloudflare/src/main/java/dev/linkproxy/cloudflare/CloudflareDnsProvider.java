package dev.linkproxy.cloudflare;

import dev.linkproxy.core.LinkProxyException;
import dev.linkproxy.core.spi.DnsClient;
import dev.linkproxy.core.spi.DnsProvider;
import dev.linkproxy.core.spi.ProviderSettings;
import dev.linkproxy.core.spi.Secret;
import dev.linkproxy.core.spi.SettingDescriptor;
import java.util.List;
import java.util.Optional;

/**
 * {@code cloudflare} as a DNS provider: a link domain's records in a zone whose DNS Cloudflare hosts, for a CloudFront
 * or Fastly CDN in front of it (DNS-only records), and for the Cloudflare CDN itself, where the proxied record is the
 * cutover and going back to the DNS-only record to the origin is the rollback.
 *
 * <p>Cloudflare has no conditional write, so the compare-and-set is the client's: the name's records are read, and
 * each record is read again by id just before it is overwritten (a short window, which {@link #capabilities()} owns
 * up to by claiming none). A single record (the usual CNAME to the origin) is overwritten in place by one {@code PUT},
 * so the name never holds nothing. The token needs Zone Read and DNS Edit on the zone.
 */
public final class CloudflareDnsProvider implements DnsProvider {

    /** The id. */
    public static final String ID = "cloudflare";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "Cloudflare DNS (API v4 dns_records; DNS-only or proxied)";
    }

    @Override
    public List<SettingDescriptor> settings() {
        return List.of(new SettingDescriptor(CloudflareProvider.API_TOKEN, "a Cloudflare API token with Zone Read and"
                + " DNS Edit on the link domain's zone", true, true, Optional.of(CloudflareProvider.API_TOKEN_ENV)));
    }

    /** A client; makes no call until used. */
    @Override
    public DnsClient connect(ProviderSettings settings) {
        Secret token = settings.secretOrEnv(CloudflareProvider.API_TOKEN, CloudflareProvider.API_TOKEN_ENV)
                .orElseThrow(() -> new LinkProxyException("cloudflare DNS needs an API token: set the "
                        + CloudflareProvider.API_TOKEN + " setting or " + CloudflareProvider.API_TOKEN_ENV
                        + " (Zone Read and DNS Edit on the zone)"));
        return new CloudflareDnsClient(new CloudflareApi(settings, token));
    }
}
