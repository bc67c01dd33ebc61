package dev.linkproxy.dns;

import dev.linkproxy.core.LinkProxyException;
import dev.linkproxy.core.spi.DnsCapability;
import dev.linkproxy.core.spi.DnsClient;
import dev.linkproxy.core.spi.DnsProvider;
import dev.linkproxy.core.spi.ProviderSettings;
import dev.linkproxy.core.spi.Secret;
import dev.linkproxy.core.spi.SettingDescriptor;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code rfc2136}: a name's records changed with a DNS UPDATE signed by a TSIG key, the compare-and-set being the
 * UPDATE's prerequisite section (RFC 2136 §2.4), so the server itself refuses a write when the name no longer holds
 * what was read, and applies the deletes and adds of one UPDATE as one transaction.
 */
public final class Rfc2136Provider implements DnsProvider {

    /** The id. */
    public static final String ID = "rfc2136";
    static final String SERVER = "server";
    static final String KEY_NAME = "keyName";
    static final String ALGORITHM = "algorithm";
    static final String SECRET = "secret";
    static final String ZONE = "zone";
    static final String TIMEOUT = "timeoutSeconds";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "RFC 2136 dynamic update with TSIG (BIND, Knot, PowerDNS)";
    }

    @Override
    public List<SettingDescriptor> settings() {
        return List.of(
                new SettingDescriptor(SERVER, "the primary server that takes updates, host[:port] (port 53)", false, true,
                        Optional.of("LINKPROXY_RFC2136_SERVER")),
                new SettingDescriptor(KEY_NAME, "the TSIG key's name, as the server's update policy names it", false,
                        true, Optional.of("LINKPROXY_TSIG_KEY_NAME")),
                new SettingDescriptor(SECRET, "the TSIG key's secret, base64", true, true,
                        Optional.of("LINKPROXY_TSIG_SECRET")),
                new SettingDescriptor(ALGORITHM, "hmac-sha256 (default), hmac-sha384 or hmac-sha512", false, false,
                        Optional.of("LINKPROXY_TSIG_ALGORITHM")),
                new SettingDescriptor(ZONE, "the zone to update; default: found by asking the server for the SOA", false,
                        false, Optional.of("LINKPROXY_RFC2136_ZONE")),
                new SettingDescriptor(TIMEOUT, "seconds one query or update may take (default 10)", false, false,
                        Optional.empty()));
    }

    @Override
    public Set<DnsCapability> capabilities() {
        return Set.of(DnsCapability.SERVER_SIDE_CAS, DnsCapability.ATOMIC_REPLACE, DnsCapability.CHANGE_STATUS);
    }

    @Override
    public DnsClient connect(ProviderSettings settings) {
        String server = required(settings.valueOrEnv(SERVER, "LINKPROXY_RFC2136_SERVER"), SERVER, "LINKPROXY_RFC2136_SERVER");
        String keyName = required(settings.valueOrEnv(KEY_NAME, "LINKPROXY_TSIG_KEY_NAME"), KEY_NAME,
                "LINKPROXY_TSIG_KEY_NAME");
        Secret secret = settings.secretOrEnv(SECRET, "LINKPROXY_TSIG_SECRET").orElseThrow(() ->
                missing(SECRET, "LINKPROXY_TSIG_SECRET"));
        String algorithm = settings.valueOrEnv(ALGORITHM, "LINKPROXY_TSIG_ALGORITHM").orElse("hmac-sha256");
        Optional<String> zone = settings.valueOrEnv(ZONE, "LINKPROXY_RFC2136_ZONE");
        Duration timeout = Duration.ofSeconds(settings.value(TIMEOUT).map(Long::parseLong).orElse(10L));
        return new Rfc2136Client(ZoneReader.Server.parse(server), new Tsig(keyName, algorithm, secret), zone, timeout);
    }

    private static String required(Optional<String> value, String setting, String env) {
        return value.filter(v -> !v.isBlank()).orElseThrow(() -> missing(setting, env));
    }

    private static LinkProxyException missing(String setting, String env) {
        return new LinkProxyException("rfc2136: the setting " + setting + " is missing: give --setting " + setting
                + "=… or set " + env);
    }
}
