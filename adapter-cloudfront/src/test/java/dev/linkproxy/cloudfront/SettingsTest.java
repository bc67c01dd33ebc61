package dev.linkproxy.cloudfront;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.linkproxy.core.CdnProviders;
import dev.linkproxy.core.LinkProxyException;
import dev.linkproxy.core.spi.ProviderSettings;
import dev.linkproxy.core.spi.Secret;
import dev.linkproxy.core.spi.SettingDescriptor;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** Credentials come from explicit settings or the AWS default chain; a half-given key pair is a clear error. */
class SettingsTest {

    @Test
    void explicitKeysWithASessionTokenAreUsedAsGiven() {
        var provider = AwsClients.credentials(ProviderSettings.builder().value("accessKeyId", "AKID1")
                .secret("secretAccessKey", Secret.of("s3cr3t")).secret("sessionToken", Secret.of("t0k3n")).build());
        assertInstanceOf(StaticCredentialsProvider.class, provider);
        var creds = assertInstanceOf(AwsSessionCredentials.class, provider.resolveCredentials());
        assertEquals("AKID1", creds.accessKeyId());
        assertEquals("t0k3n", creds.sessionToken());
        assertFalse(creds.toString().contains("s3cr3t"));
    }

    @Test
    void withoutKeysTheDefaultChainIsUsed() {
        assertInstanceOf(DefaultCredentialsProvider.class, AwsClients.credentials(ProviderSettings.defaults()));
    }

    @Test
    void aKeyWithoutItsSecretIsAClearErrorWithoutTheKeyInIt() {
        LinkProxyException e = assertThrows(LinkProxyException.class, () -> new CloudFrontProvider()
                .connect(ProviderSettings.builder().value("accessKeyId", "AKIDHALF").build()));
        assertTrue(e.getMessage().contains("secretAccessKey is missing"), e.getMessage());
    }

    @Test
    void theProviderDescribesItsSettingsAndIsFoundByItsId() {
        var provider = CdnProviders.get("cloudfront");
        assertInstanceOf(CloudFrontProvider.class, provider);
        assertEquals(java.util.List.of("accessKeyId", "secretAccessKey", "sessionToken", "profile", "pollIntervalSeconds"),
                provider.settings().stream().map(SettingDescriptor::name).toList());
        assertTrue(provider.settings().get(1).secret());
    }
}
