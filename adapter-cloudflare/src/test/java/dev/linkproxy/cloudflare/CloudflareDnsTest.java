package dev.linkproxy.cloudflare;

import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.linkproxy.core.DnsException;
import dev.linkproxy.core.DnsProviders;
import dev.linkproxy.core.spi.DnsChange;
import dev.linkproxy.core.spi.DnsClient;
import dev.linkproxy.core.spi.NameRecords;
import dev.linkproxy.core.spi.RecordSet;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@code cloudflare} DNS provider's write order, proxied cutover and undo, beyond the contract kit. */
class CloudflareDnsTest {

    private static final String NAME = "ablink.news.example.com";
    private static final NameRecords ORIGIN = NameRecords.of(RecordSet.cname(NAME, "sendgrid.net", Duration.ofHours(1)));

    private Fixture fixture;

    @BeforeEach
    void start() {
        fixture = new Fixture().start();
        fixture.fake.zone("example.com");
    }

    @AfterEach
    void everyRequestKeptToCloudflaresApiDescription() {
        fixture.stop();
    }

    private DnsClient client() {
        return new CloudflareDnsProvider().connect(fixture.settings());
    }

    private List<String> operations() {
        return fixture.journal().calls().stream().map(Journal.Call::operation).toList();
    }

    @Test
    void isFoundUnderItsIdBesideTheCdnOfTheSameName() {
        assertEquals(CloudflareDnsProvider.class, DnsProviders.get("cloudflare").getClass());
    }

    @Test
    void aCnameIsOverwrittenInPlaceSoTheNameNeverHoldsNothing() {
        fixture.fake.record("CNAME", NAME, "sendgrid.net", false, 3600, null);
        NameRecords cdn = NameRecords.of(RecordSet.cname(NAME, "d111abcdef8.cloudfront.net", Duration.ofMinutes(5)));
        try (DnsClient c = client()) {
            c.replace(c.read(NAME), cdn);
            assertEquals(cdn, c.read(NAME));
            assertEquals(List.of("ada.ns.cloudflare.com", "bob.ns.cloudflare.com"), c.authoritativeServers("example.com"));
        }
        assertEquals(List.of("GET /zones", "GET /zones", "GET /zones", "GET /zones/{zone}/dns_records",
                "GET /zones/{zone}/dns_records", "GET /zones/{zone}/dns_records/{id}",
                "PUT /zones/{zone}/dns_records/{id}", "GET /zones/{zone}/dns_records"), operations());
    }

    @Test
    void theCloudflareCdnsCutoverIsTheProxiedRecordAndItsRollbackTheDnsOnlyOne() {
        fixture.fake.record("CNAME", NAME, "sendgrid.net", false, 3600, null);
        NameRecords proxied = ORIGIN.withProxied(true);
        try (DnsClient c = client()) {
            DnsChange forward = c.replace(ORIGIN, proxied);
            c.awaitLive(forward, Duration.ofSeconds(30), e -> { });
            NameRecords now = c.read(NAME);
            assertTrue(now.proxied());
            assertEquals(Duration.ofSeconds(300), now.sets().get(0).ttl(), "automatic TTL reads as 300 s");
            assertEquals(1, fixture.fake.recordsNamed(NAME).get(0).path("ttl").asInt(), "written as automatic");
            DnsChange back = c.replace(now, ORIGIN);
            c.awaitLive(back, Duration.ofSeconds(30), e -> { });
            assertEquals(ORIGIN, c.read(NAME));
        }
    }

    @Test
    void addressRecordsGiveWayBeforeTheCnameTakesTheFirstOnesPlace() {
        fixture.fake.record("A", NAME, "192.0.2.10", false, 300, null);
        fixture.fake.record("A", NAME, "192.0.2.11", false, 300, null);
        fixture.fake.record("AAAA", NAME, "2001:db8::10", false, 300, null);
        NameRecords cdn = NameRecords.of(RecordSet.cname(NAME, "d111abcdef8.cloudfront.net", Duration.ofMinutes(5)));
        try (DnsClient c = client()) {
            NameRecords before = c.read(NAME);
            assertEquals(List.of("192.0.2.10", "192.0.2.11"), before.set("A").orElseThrow().values());
            c.replace(before, cdn);
            assertEquals(cdn, c.read(NAME));
            c.replace(cdn, before);
            assertEquals(before, c.read(NAME));
        }
        List<String> writes = fixture.journal().writes().stream().map(Journal.Call::operation).toList();
        assertEquals(List.of("DELETE /zones/{zone}/dns_records/{id}", "DELETE /zones/{zone}/dns_records/{id}",
                "PUT /zones/{zone}/dns_records/{id}", "PUT /zones/{zone}/dns_records/{id}",
                "POST /zones/{zone}/dns_records", "POST /zones/{zone}/dns_records"), writes);
    }

    @Test
    void aFailurePartWayIsUndoneAndTheNameIsAsItWas() {
        fixture.fake.record("A", NAME, "192.0.2.10", false, 300, null);
        fixture.fake.record("AAAA", NAME, "2001:db8::10", false, 300, null);
        fixture.override(put(urlPathMatching("/client/v4/zones/.*/dns_records/.*"))
                .willReturn(Fixture.cloudflareError(403, 10000, "Authentication error")));
        try (DnsClient c = client()) {
            NameRecords before = c.read(NAME);
            DnsException e = assertThrows(DnsException.class, () -> c.replace(before,
                    NameRecords.of(RecordSet.cname(NAME, "d111abcdef8.cloudfront.net", Duration.ofMinutes(5)))));
            assertTrue(e.getMessage().contains("the steps already made were undone, " + NAME + " is as it was"),
                    e.getMessage());
            assertEquals(before, c.read(NAME));
        }
    }

    @Test
    void aRecordEditedBetweenTheReadAndTheWriteIsNotOverwritten() {
        var record = fixture.fake.record("CNAME", NAME, "sendgrid.net", false, 3600, null);
        try (DnsClient c = client()) {
            NameRecords read = c.read(NAME);
            record.put("content", "links.elsewhere.example.net"); // a person in the dashboard, after the read
            DnsException e = assertThrows(DnsException.class, () -> c.replace(read,
                    NameRecords.of(RecordSet.cname(NAME, "d111abcdef8.cloudfront.net", Duration.ofMinutes(5)))));
            assertEquals(DnsException.Kind.CONFLICT, e.kind());
        }
        assertEquals(0, fixture.writeCount());
        assertEquals("links.elsewhere.example.net", fixture.fake.recordsNamed(NAME).get(0).path("content").asText());
    }
}
