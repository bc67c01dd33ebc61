package dev.linkproxy.cloudflare;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.linkproxy.core.LinkProxySpec;
import dev.linkproxy.core.spi.CdnClient;
import dev.linkproxy.core.spi.ProviderSettings;
import dev.linkproxy.core.spi.Secret;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Let's Encrypt's CAA issuer domain for a certificate Cloudflare obtains. Offline. */
class CertificateAuthoritiesTest {

    @Test
    void letsEncryptForAManagedCertificate() {
        ProviderSettings settings = ProviderSettings.builder().secret(CloudflareProvider.API_TOKEN, Secret.of("t"))
                .environment(n -> null).build();
        try (CdnClient c = new CloudflareProvider().connect(settings)) {
            assertEquals(List.of("letsencrypt.org"), c.certificateAuthorities(LinkProxySpec.builder()
                    .linkDomains("ablink.news.example.com").certificate("managed").build()));
        }
    }
}
