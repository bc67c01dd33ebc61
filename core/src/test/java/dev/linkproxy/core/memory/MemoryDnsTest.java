package dev.linkproxy.core.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.linkproxy.core.DnsException;
import dev.linkproxy.core.spi.DnsCapability;
import dev.linkproxy.core.spi.DnsChange;
import dev.linkproxy.core.spi.DnsClient;
import dev.linkproxy.core.spi.NameRecords;
import dev.linkproxy.core.spi.Progress;
import dev.linkproxy.core.spi.ProgressEvent;
import dev.linkproxy.core.spi.ProviderSettings;
import dev.linkproxy.core.spi.RecordSet;
import dev.linkproxy.core.spi.Secret;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What a test of an embedding tool can set up, inject and inspect in the memory DNS service. */
class MemoryDnsTest {

    private static final String NAME = "ablink.example.com";
    private static final Duration TTL = Duration.ofSeconds(300);

    private final MemoryDns dns = new MemoryDns().addZone("Example.COM.", "NS1.example.com.", "ns2.example.net");
    private final MemoryDnsProvider provider = new MemoryDnsProvider(dns);

    private static NameRecords cname(String target) {
        return NameRecords.of(RecordSet.cname(NAME, target, TTL));
    }

    private DnsClient client() {
        return provider.connect(ProviderSettings.builder().environment(k -> null).build());
    }

    @Test
    void zonesAndServersAreKeptInCanonicalForm() {
        try (DnsClient client = client()) {
            assertEquals(List.of("ns1.example.com", "ns2.example.net"), client.authoritativeServers("example.com"));
            assertEquals("example.com", client.zoneOf("AbLink.Example.com."));
        }
    }

    @Test
    void theMostSpecificZoneHoldsAName() {
        dns.addZone("news.example.com", "ns1.news.example.com");
        try (DnsClient client = client()) {
            assertEquals("news.example.com", client.zoneOf("ablink.news.example.com"));
            assertEquals("example.com", client.zoneOf("ablink.example.com"));
        }
    }

    @Test
    void anUnknownZoneIsNotFoundWithTheWayOut() {
        try (DnsClient client = client()) {
            DnsException e = assertThrows(DnsException.class, () -> client.authoritativeServers("example.org"));
            assertEquals(DnsException.Kind.NOT_FOUND, e.kind());
            assertEquals("memory servers example.org failed: no zone example.org. add the zone to the memory DNS service",
                    e.getMessage());
        }
    }

    @Test
    void aZoneNeedsAServer() {
        assertEquals("a zone has at least one authoritative server: example.org",
                assertThrows(IllegalArgumentException.class, () -> new MemoryDns().addZone("example.org")).getMessage());
    }

    @Test
    void everyCallIsJournalledAndEveryWriteCounted() {
        dns.put(cname("sendgrid.net"));
        try (DnsClient client = client()) {
            NameRecords before = client.read(NAME);
            DnsChange first = client.replace(before, cname("d111.cloudfront.net"));
            DnsChange second = client.replace(cname("d111.cloudfront.net"), cname("d222.cloudfront.net"));
            assertEquals("mem-change-1", first.id());
            assertEquals("mem-change-2", second.id());
            assertEquals("example.com", first.zone());
            client.awaitLive(second, Duration.ofSeconds(1), Progress.NONE);
            client.authoritativeServers("example.com");
        }
        assertEquals(2, dns.writes());
        assertEquals(cname("d222.cloudfront.net"), dns.get(NAME));
        assertEquals(List.of("READ read ablink.example.com",
                "READ zoneOf ablink.example.com", "WRITE replace ablink.example.com",
                "READ zoneOf ablink.example.com", "WRITE replace ablink.example.com",
                "READ status mem-change-2",
                "READ servers example.com"), dns.journal());
    }

    @Test
    void aChangeThatFoundItsWorkDoneHasNothingToWaitFor() {
        dns.put(cname("d111.cloudfront.net"));
        try (DnsClient client = client()) {
            DnsChange change = client.replace(cname("sendgrid.net"), cname("d111.cloudfront.net"));
            assertEquals("", change.id());
            dns.pollsUntilLive(5);
            client.awaitLive(change, Duration.ZERO, Progress.NONE);
        }
        assertEquals(0, dns.writes());
    }

    @Test
    void aChangeIsLiveAfterTheGivenNumberOfLooks() {
        dns.pollsUntilLive(2).put(cname("sendgrid.net"));
        String id = dns.compareAndSet(cname("sendgrid.net"), cname("d111.cloudfront.net"));
        assertFalse(dns.live(id));
        assertFalse(dns.live(id));
        assertTrue(dns.live(id));
        assertTrue(dns.live("unknown-change"));
    }

    @Test
    void aWaitThatRunsOutSaysWhichChangeIsPending() {
        dns.pollsUntilLive(3).put(cname("sendgrid.net"));
        try (DnsClient client = client()) {
            DnsChange change = client.replace(cname("sendgrid.net"), cname("d111.cloudfront.net"));
            DnsException e = assertThrows(DnsException.class, () -> client.awaitLive(change, Duration.ZERO, Progress.NONE));
            assertEquals(DnsException.Kind.TIMEOUT, e.kind());
            assertEquals("memory awaitLive mem-change-1 failed: change mem-change-1 still pending after 0 s",
                    e.getMessage());
        }
    }

    @Test
    void anEditBetweenReadAndWriteIsRefusedAndNothingIsWritten() {
        dns.put(cname("sendgrid.net"));
        try (DnsClient client = client()) {
            NameRecords read = client.read(NAME);
            dns.beforeNextWrite(() -> dns.put(cname("links.elsewhere.example.net")));
            DnsException e = assertThrows(DnsException.class, () -> client.replace(read, cname("d111.cloudfront.net")));
            assertEquals(DnsException.Kind.CONFLICT, e.kind());
            assertEquals(Optional.of("someone else changed the record; read it again and decide"), e.hint());
        }
        assertEquals(cname("links.elsewhere.example.net"), dns.get(NAME));
        assertEquals(0, dns.writes());
    }

    @Test
    void aRequiredTokenIsCheckedOnEveryCall() {
        dns.requireToken(Secret.of("right"));
        try (DnsClient wrong = provider.connect(ProviderSettings.builder().secret("token", Secret.of("wrong")).build())) {
            DnsException e = assertThrows(DnsException.class, () -> wrong.read(NAME));
            assertEquals(DnsException.Kind.AUTHENTICATION, e.kind());
        }
        try (DnsClient none = client()) {
            assertThrows(DnsException.class, () -> none.zoneOf(NAME));
        }
        try (DnsClient right = provider.connect(ProviderSettings.builder().secret("token", Secret.of("right")).build())) {
            assertTrue(right.read(NAME).isEmpty());
        }
    }

    @Test
    void anInjectedFaultAnswersEveryCallUntilCleared() {
        dns.failEveryCall(DnsException.Kind.UNAVAILABLE);
        try (DnsClient client = client()) {
            DnsException e = assertThrows(DnsException.class, () -> client.zoneOf(NAME));
            assertEquals("memory zoneOf ablink.example.com failed: injected fault", e.getMessage());
            dns.failEveryCall(null);
            assertEquals("example.com", client.zoneOf(NAME));
        }
    }

    @Test
    void aClientShowsWhetherItHasATokenButNeverTheToken() {
        try (DnsClient none = client();
             DnsClient withToken = provider.connect(ProviderSettings.builder().secret("token", Secret.of("t0k3n")).build())) {
            assertEquals("MemoryDnsClient[token=none]", none.toString());
            assertEquals("MemoryDnsClient[token=[redacted]]", withToken.toString());
        }
    }

    @Test
    void theServiceGuaranteesCompareAndSetAtomicSwapsAndChangeStatus() {
        assertEquals(Set.of(DnsCapability.SERVER_SIDE_CAS, DnsCapability.ATOMIC_REPLACE, DnsCapability.CHANGE_STATUS),
                provider.capabilities());
    }

    @Test
    void anInterruptedWaitReportsTheLookThenStopsAndKeepsTheInterrupt() {
        dns.pollsUntilLive(1).put(cname("sendgrid.net"));
        List<ProgressEvent> events = new ArrayList<>();
        try (DnsClient client = client()) {
            DnsChange change = client.replace(cname("sendgrid.net"), cname("d111.cloudfront.net"));
            // Interrupted before the rest between looks, so the test itself never waits.
            Thread.currentThread().interrupt();
            DnsException e = assertThrows(DnsException.class,
                    () -> client.awaitLive(change, Duration.ofMinutes(1), events::add));
            assertTrue(Thread.interrupted());
            assertEquals(DnsException.Kind.TIMEOUT, e.kind());
            assertEquals("memory awaitLive mem-change-1 failed: interrupted", e.getMessage());
        } finally {
            Thread.interrupted();
        }
        assertEquals(List.of("change mem-change-1 to ablink.example.com pending"),
                events.stream().map(ProgressEvent::message).toList());
        assertEquals("await", events.get(0).stage());
    }
}
