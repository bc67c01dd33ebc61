package dev.linkproxy.core.spi;

import java.util.List;
import java.util.Set;

/**
 * A DNS service linkproxy can change a link domain's records in, found with {@link java.util.ServiceLoader}: list
 * the implementation in {@code META-INF/services/dev.linkproxy.core.spi.DnsProvider}. Describes itself, as a
 * {@link CdnProvider} does, so a tool can tell a person which settings and secrets it needs.
 */
public interface DnsProvider {

    /** A short stable id: {@code rfc2136}, {@code route53}, {@code cloudflare}, {@code manual}, {@code memory}. */
    String id();

    /** One line for a person, e.g. "RFC 2136 dynamic update with TSIG (BIND, Knot, PowerDNS)". */
    String description();

    /** The settings {@link #connect} reads, with the environment variables that stand in for them. */
    List<SettingDescriptor> settings();

    /** What this provider guarantees beyond the client contract; the contract kit checks each one claimed. */
    default Set<DnsCapability> capabilities() {
        return Set.of();
    }

    /**
     * A client for one account or server. Connecting checks the settings are complete and makes no call.
     *
     * @throws dev.linkproxy.core.LinkProxyException when a required setting is missing, naming it and its variable
     */
    DnsClient connect(ProviderSettings settings);
}
