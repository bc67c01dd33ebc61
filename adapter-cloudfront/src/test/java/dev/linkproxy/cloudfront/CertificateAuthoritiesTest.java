package dev.linkproxy.cloudfront;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.linkproxy.core.LinkProxySpec;
import dev.linkproxy.core.spi.CdnClient;
import dev.linkproxy.core.spi.ProviderSettings;
import dev.linkproxy.core.spi.Secret;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ACM's four CAA issuer domains for a certificate ACM will issue; none for an existing ACM certificate. Offline. */
class CertificateAuthoritiesTest {

    @Test
    void amazonsIssuerDomainsForAManagedCertificateOnly() {
        ProviderSettings settings = ProviderSettings.builder().value("accessKeyId", "AKIDCAA")
                .secret("secretAccessKey", Secret.of("s")).build();
        try (CdnClient c = new CloudFrontProvider().connect(settings)) {
            assertEquals(List.of("amazon.com", "amazontrust.com", "awstrust.com", "amazonaws.com"),
                    c.certificateAuthorities(LinkProxySpec.builder().linkDomains("ablink.news.example.com")
                            .certificate("managed").build()));
            assertEquals(List.of(), c.certificateAuthorities(LinkProxySpec.builder()
                    .linkDomains("ablink.news.example.com").certificate("acm:" + WireMockCloudFront.ARN).build()));
        }
    }
}
