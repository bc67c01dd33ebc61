package dev.linkproxy.fastly;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.linkproxy.core.LinkProxySpec;
import dev.linkproxy.core.spi.CdnClient;
import dev.linkproxy.core.spi.ProviderSettings;
import dev.linkproxy.core.spi.Secret;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The CAA issuer domain a managed certificate needs follows the TLS subscription's CA; none for an upload. Offline. */
class CertificateAuthoritiesTest {

    private static List<String> authorities(String ca, String certificate) {
        ProviderSettings.Builder b = ProviderSettings.builder().secret("apiToken", Secret.of("t")).environment(n -> null);
        if (ca != null) {
            b.value("certificateAuthority", ca);
        }
        try (CdnClient c = new FastlyProvider().connect(b.build())) {
            return c.certificateAuthorities(LinkProxySpec.builder().linkDomains("ablink.news.example.com")
                    .certificate(certificate).build());
        }
    }

    @Test
    void eachSubscriptionCaHasItsCaaIssuerDomain() {
        assertEquals(List.of("certainly.com"), authorities(null, "managed"));
        assertEquals(List.of("letsencrypt.org"), authorities("lets-encrypt", "managed"));
        assertEquals(List.of("globalsign.com"), authorities("globalsign", "managed"));
    }
}
