package dev.linkproxy.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.linkproxy.core.DnsException;
import dev.linkproxy.core.spi.DnsClient;
import dev.linkproxy.core.spi.DnsProvider;
import dev.linkproxy.core.spi.NameRecords;
import dev.linkproxy.core.spi.ProviderSettings;
import dev.linkproxy.core.spi.RecordSet;
import dev.linkproxy.core.spi.Secret;
import dev.linkproxy.core.tck.DnsProviderContract;
import dev.linkproxy.dns.testing.KnotWithTsig;
import dev.linkproxy.verifier.support.RealServers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.TSIG;

/**
 * The {@code rfc2136} provider passes the DNS contract kit against a real Knot DNS server on loopback, with a TSIG key
 * and an ACL that lets only that key update the zone.
 */
class Rfc2136ProviderIT extends DnsProviderContract {

    private static final String ZONE = "example.test";
    private static final String KEY = "linkproxy-update";
    private static final String SECRET = randomSecret();
    private static final String WRONG = randomSecret();

    @TempDir
    static Path dir;
    private static RealServers servers;
    private static int port;

    @BeforeAll
    static void startKnot() {
        servers = new RealServers(dir);
        port = KnotWithTsig.start(servers, ZONE, "@ NS ns1\n@ NS ns2.example.net.\nns1 A 127.0.0.1\n", KEY, SECRET);
    }

    @AfterAll
    static void stopKnot() {
        servers.close();
    }

    private static String randomSecret() {
        return KnotWithTsig.secret();
    }

    @Override
    protected DnsProvider provider() {
        return new Rfc2136Provider();
    }

    @Override
    protected ProviderSettings settings() {
        return settingsWith(SECRET);
    }

    @Override
    protected ProviderSettings wrongCredentials() {
        return settingsWith(WRONG);
    }

    private static ProviderSettings settingsWith(String secret) {
        return ProviderSettings.builder().value(Rfc2136Provider.SERVER, "127.0.0.1:" + port)
                .value(Rfc2136Provider.KEY_NAME, KEY).secret(Rfc2136Provider.SECRET, Secret.of(secret))
                .environment(n -> null).build();
    }

    @Override
    protected List<String> secretValues() {
        return List.of(SECRET, WRONG);
    }

    @Override
    protected String zone() {
        return ZONE;
    }

    /** An unconditional, signed UPDATE: what another tool or a person would send. */
    @Override
    protected void putBehindTheBack(NameRecords records) {
        KnotWithTsig.put(port, ZONE, KEY, SECRET, records);
    }

    @Override
    protected Duration liveTimeout() {
        return Duration.ofSeconds(10);
    }

    @Test
    void aKeyTheServerDoesNotKnowIsRefusedNamingTheKeyAndNotTheSecret() {
        ProviderSettings unknown = ProviderSettings.builder().value(Rfc2136Provider.SERVER, "127.0.0.1:" + port)
                .value(Rfc2136Provider.KEY_NAME, "someone-else").secret(Rfc2136Provider.SECRET, Secret.of(SECRET))
                .environment(n -> null).build();
        String name = "unknown-key." + ZONE;
        try (DnsClient c = provider().connect(unknown)) {
            DnsException e = assertThrows(DnsException.class, () -> c.replace(NameRecords.none(name),
                    NameRecords.of(RecordSet.cname(name, "d111abcdef8.cloudfront.net", Duration.ofSeconds(300)))));
            assertEquals(DnsException.Kind.AUTHENTICATION, e.kind(), e.getMessage());
            assertTrue(e.getMessage().contains("someone-else"), e.getMessage());
            assertTrue(!e.getMessage().contains(SECRET), e.getMessage());
            assertEquals(NameRecords.none(name), c.read(name), "nothing written");
        }
    }
}
