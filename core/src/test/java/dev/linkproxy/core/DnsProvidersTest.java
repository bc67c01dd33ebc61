package dev.linkproxy.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.linkproxy.core.memory.MemoryDnsProvider;
import org.junit.jupiter.api.Test;

class DnsProvidersTest {

    @Test
    void theMemoryProviderIsFoundByServiceLoader() {
        assertTrue(DnsProviders.ids().contains("memory"), DnsProviders.ids().toString());
        assertTrue(DnsProviders.get("memory") instanceof MemoryDnsProvider);
    }

    @Test
    void anUnknownIdListsTheKnownOnes() {
        LinkProxyException e = assertThrows(LinkProxyException.class, () -> DnsProviders.get("bind"));
        assertEquals("no DNS provider \"bind\"; known: " + String.join(", ", DnsProviders.ids())
                + ". Add the jar that provides it to the class path", e.getMessage());
    }
}
