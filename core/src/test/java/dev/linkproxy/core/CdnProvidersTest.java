package dev.linkproxy.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.linkproxy.core.memory.MemoryCdnProvider;
import dev.linkproxy.core.spi.ProviderSettings;
import dev.linkproxy.core.spi.Secret;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CdnProvidersTest {

    @Test
    void theMemoryProviderIsFoundByServiceLoader() {
        assertTrue(CdnProviders.ids().contains("memory"), CdnProviders.ids().toString());
        assertTrue(CdnProviders.get("memory") instanceof MemoryCdnProvider);
    }

    @Test
    void anUnknownIdListsTheKnownOnes() {
        LinkProxyException e = assertThrows(LinkProxyException.class, () -> CdnProviders.get("akamai"));
        assertEquals("no CDN provider \"akamai\"; known: " + String.join(", ", CdnProviders.ids())
                + ". Add the adapter's jar (dev.linkproxy:linkproxy-adapter-<id>) to the class path", e.getMessage());
    }

    @Test
    void providersDescribeTheSettingsTheyRead() {
        var settings = CdnProviders.get("memory").settings();
        assertEquals("token", settings.get(0).name());
        assertTrue(settings.get(0).secret());
        assertEquals("LINKPROXY_MEMORY_TOKEN", settings.get(0).envVar().orElseThrow());
    }

    @Test
    void secretsAreRedactedEverywhereTheyCouldBePrinted() {
        Secret token = Secret.of("tok-3f9a77");
        assertEquals("Secret[redacted]", token.toString());
        ProviderSettings settings = ProviderSettings.builder().value("account", "acme").secret("token", token).build();
        assertEquals("ProviderSettings{account=acme, token=[redacted]}", settings.toString());
        assertFalse(settings.toBuilder().build().toString().contains("tok-3f9a77"));
        assertEquals("tok-3f9a77", settings.secret("token").orElseThrow().reveal());
    }

    @Test
    void settingsFallBackToTheEnvironment() {
        Map<String, String> env = Map.of("CDN_TOKEN", "from-env", "CDN_ACCOUNT", "acme");
        ProviderSettings fromEnv = ProviderSettings.builder().environment(env::get).build();
        assertEquals("from-env", fromEnv.secretOrEnv("token", "CDN_TOKEN").orElseThrow().reveal());
        assertEquals("acme", fromEnv.valueOrEnv("account", "CDN_ACCOUNT").orElseThrow());
        ProviderSettings given = fromEnv.toBuilder().secret("token", Secret.of("given")).build();
        assertEquals("given", given.secretOrEnv("token", "CDN_TOKEN").orElseThrow().reveal());
        assertEquals(List.of(), ProviderSettings.builder().environment(k -> null).build()
                .secretOrEnv("token", "CDN_TOKEN").stream().toList());
    }

    @Test
    void errorsNameProviderOperationStatusCodeAndHint() {
        CdnException e = CdnException.builder("cloudfront", "CreateDistribution", CdnException.Kind.CONFLICT)
                .httpStatus(409).errorCode("CNAMEAlreadyExists").detail("One or more of the CNAMEs you provided are already associated with a different resource.")
                .hint("the alias belongs to another distribution").build();
        assertEquals("cloudfront CreateDistribution failed (HTTP 409, CNAMEAlreadyExists): One or more of the CNAMEs you "
                + "provided are already associated with a different resource. the alias belongs to another distribution",
                e.getMessage());
        assertFalse(e.retryable());
    }
}
