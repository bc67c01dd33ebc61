package dev.linkproxy.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.linkproxy.core.DnsProviders;
import dev.linkproxy.core.LinkProxyException;
import dev.linkproxy.core.spi.ProviderSettings;
import dev.linkproxy.core.spi.Secret;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Bad input is refused before any packet is sent, naming the setting and its variable, never the secret. */
class Rfc2136ProviderTest {

    private static final String SECRET = "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LTAxMjM0NTY3";

    @Test
    void eachMissingSettingIsNamedWithItsVariable() {
        Map<String, String> env = Map.of("LINKPROXY_RFC2136_SERVER", "127.0.0.1:5353", "LINKPROXY_TSIG_KEY_NAME", "k");
        LinkProxyException noSecret = assertThrows(LinkProxyException.class, () -> new Rfc2136Provider()
                .connect(ProviderSettings.builder().environment(env::get).build()));
        assertTrue(noSecret.getMessage().contains("secret") && noSecret.getMessage().contains("LINKPROXY_TSIG_SECRET"),
                noSecret.getMessage());
        LinkProxyException noServer = assertThrows(LinkProxyException.class, () -> new Rfc2136Provider()
                .connect(ProviderSettings.builder().environment(n -> null).build()));
        assertTrue(noServer.getMessage().contains("LINKPROXY_RFC2136_SERVER"), noServer.getMessage());
    }

    @Test
    void aWeakOrUnknownAlgorithmIsRefused() {
        ProviderSettings md5 = ProviderSettings.builder().value(Rfc2136Provider.SERVER, "127.0.0.1")
                .value(Rfc2136Provider.KEY_NAME, "k").value(Rfc2136Provider.ALGORITHM, "hmac-md5")
                .secret(Rfc2136Provider.SECRET, Secret.of(SECRET)).environment(n -> null).build();
        LinkProxyException e = assertThrows(LinkProxyException.class, () -> new Rfc2136Provider().connect(md5));
        assertTrue(e.getMessage().contains("hmac-sha256"), e.getMessage());
        assertFalse(e.getMessage().contains(SECRET));
    }

    @Test
    void theKeyNeverPrintsItsSecret() {
        Tsig key = new Tsig("linkproxy", "HMAC-SHA256", Secret.of(SECRET));
        assertEquals("hmac-sha256", key.algorithm());
        assertFalse(key.toString().contains(SECRET), key.toString());
    }

    @Test
    void theProviderIsFoundUnderItsIdAndClaimsWhatRfc2136Gives() {
        var p = DnsProviders.get("rfc2136");
        assertEquals(Rfc2136Provider.ID, p.id());
        assertEquals(3, p.capabilities().size());
    }

    @Test
    void serversParseWithAndWithoutPorts() {
        assertEquals(new ZoneReader.Server("ns1.example.com", 53), ZoneReader.Server.parse("ns1.example.com"));
        assertEquals(new ZoneReader.Server("127.0.0.1", 5353), ZoneReader.Server.parse("127.0.0.1:5353"));
        assertEquals(new ZoneReader.Server("::1", 5353), ZoneReader.Server.parse("[::1]:5353"));
    }
}
