package dev.linkproxy.cloudfront;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.linkproxy.core.DnsException;
import dev.linkproxy.core.DnsProviders;
import dev.linkproxy.core.spi.DnsCapability;
import dev.linkproxy.core.spi.DnsChange;
import dev.linkproxy.core.spi.DnsClient;
import dev.linkproxy.core.spi.NameRecords;
import dev.linkproxy.core.spi.ProgressEvent;
import dev.linkproxy.core.spi.ProviderSettings;
import dev.linkproxy.core.spi.RecordSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The {@code route53} provider's own behaviour beyond the contract kit: zones, batches, waits, faults, permissions. */
class Route53Test {

    private static final String NAME = "ablink.news.example.com";
    private static final String CDN = "d111abcdef8.cloudfront.net";
    private static final NameRecords ORIGIN = NameRecords.of(RecordSet.cname(NAME, "sendgrid.net", Duration.ofHours(1)));
    private static final NameRecords AT_CDN = NameRecords.of(RecordSet.cname(NAME, CDN, Duration.ofMinutes(5)));

    private final WireMockRoute53 route53 = new WireMockRoute53();
    private final FakeRoute53 fake = route53.fake;

    @AfterEach
    void everyRequestFitsTheModel() {
        route53.checkAndStop();
    }

    private DnsClient client() {
        return route53.provider().connect(route53.settings());
    }

    @Test
    void describesItselfAndIsFoundUnderItsId() {
        assertEquals(Route53Provider.class, DnsProviders.get("route53").getClass());
        assertEquals(java.util.Set.of(DnsCapability.SERVER_SIDE_CAS, DnsCapability.ATOMIC_REPLACE,
                DnsCapability.CHANGE_STATUS), route53.provider().capabilities());
    }

    @Test
    void theCutoverIsOneBatchThatDeletesWhatWasReadAndCreatesTheCnameThenWaitsForInsync() {
        fake.put(WireMockRoute53.ZONE_ID, ORIGIN);
        fake.pendingPolls(2);
        List<ProgressEvent> events = new ArrayList<>();
        try (DnsClient c = client()) {
            DnsChange change = c.replace(c.read(NAME), AT_CDN);
            assertFalse(change.id().isEmpty());
            assertEquals(WireMockRoute53.ZONE_ID, change.resources().get("hostedZoneId"));
            c.awaitLive(change, Duration.ofMinutes(5), events::add);
            assertEquals(AT_CDN, c.read(NAME));
        }
        assertEquals(1, fake.applied());
        assertEquals(3, events.size(), events.toString());
        assertTrue(events.get(0).message().contains("PENDING"), events.toString());
        assertTrue(events.get(2).message().endsWith("is INSYNC"), events.toString());
        assertEquals(List.of(Duration.ofSeconds(5), Duration.ofSeconds(5)), route53.pollWaits);
        String batch = route53.server.getAllServeEvents().stream()
                .filter(e -> e.getRequest().getMethod().getName().equals("POST"))
                .map(e -> e.getRequest().getBodyAsString()).findFirst().orElseThrow();
        assertTrue(batch.indexOf("<Action>DELETE</Action>") < batch.indexOf("<Action>CREATE</Action>"), batch);
        assertTrue(batch.contains("<Value>sendgrid.net.</Value>") && batch.contains("<TTL>3600</TTL>"), batch);
    }

    @Test
    void addressRecordsBecomeACnameInTheSameBatch() {
        NameRecords addresses = new NameRecords(NAME, List.of(
                new RecordSet(NAME, "A", Duration.ofMinutes(1), List.of("192.0.2.10", "192.0.2.11")),
                new RecordSet(NAME, "AAAA", Duration.ofMinutes(1), List.of("2001:db8::10"))));
        fake.put(WireMockRoute53.ZONE_ID, addresses);
        try (DnsClient c = client()) {
            assertEquals(addresses, c.read(NAME));
            c.replace(addresses, AT_CDN);
            assertEquals(AT_CDN, c.read(NAME));
        }
        assertEquals(1, fake.applied());
    }

    @Test
    void theDeepestPublicZoneHoldsTheNameAndAPrivateZoneOfTheSameNameIsIgnored() {
        fake.zone("ZPRIVATENEWS", "news.example.com", true, "ns-private.example.com");
        fake.zone("ZPUBLICNEWS", "news.example.com", false, "ns-1.awsdns-01.org");
        fake.put("ZPUBLICNEWS", ORIGIN);
        try (DnsClient c = client()) {
            assertEquals("news.example.com", c.zoneOf(NAME));
            assertEquals(ORIGIN, c.read(NAME));
            assertEquals(List.of("ns-1.awsdns-01.org"), c.authoritativeServers("news.example.com"));
            c.replace(ORIGIN, AT_CDN);
        }
        assertEquals(List.of("ListHostedZonesByName", "ListHostedZonesByName", "ListResourceRecordSets",
                "GetHostedZone", "ListResourceRecordSets", "ChangeResourceRecordSets"), route53.operations());
    }

    @Test
    void aPinnedZoneIdIsUsedAndMustHoldTheName() {
        fake.put(WireMockRoute53.ZONE_ID, ORIGIN);
        ProviderSettings pinned = route53.settings().toBuilder().value("hostedZoneId", "/hostedzone/"
                + WireMockRoute53.ZONE_ID).build();
        try (DnsClient c = route53.provider().connect(pinned)) {
            assertEquals(ORIGIN, c.read(NAME));
            DnsException e = assertThrows(DnsException.class, () -> c.read("ablink.other.test"));
            assertEquals(DnsException.Kind.NOT_FOUND, e.kind());
            assertTrue(e.getMessage().contains("is example.com, which does not hold ablink.other.test"), e.getMessage());
        }
        assertFalse(route53.operations().contains("ListHostedZonesByName"));
    }

    @Test
    void aliasAndWeightedRecordsAreRefusedWithWhatToDo() {
        fake.alias(WireMockRoute53.ZONE_ID, NAME, "A", "d111abcdef8.cloudfront.net.");
        String weighted = "ablink.weighted.example.com";
        fake.weighted(WireMockRoute53.ZONE_ID, weighted, "CNAME", "sendgrid.net.", "blue");
        try (DnsClient c = client()) {
            DnsException alias = assertThrows(DnsException.class, () -> c.read(NAME));
            assertEquals(DnsException.Kind.INVALID_REQUEST, alias.kind());
            assertTrue(alias.getMessage().contains("an alias record to d111abcdef8.cloudfront.net."), alias.getMessage());
            assertTrue(alias.getMessage().contains("yourself in Route 53"), alias.getMessage());
            DnsException weight = assertThrows(DnsException.class, () -> c.read(weighted));
            assertTrue(weight.getMessage().contains("a weighted record (set identifier blue)"), weight.getMessage());
            assertThrows(DnsException.class, () -> c.replace(NameRecords.none(NAME), AT_CDN));
        }
        assertEquals(0, fake.applied());
    }

    @Test
    void aLostAnswerIsRetriedAndTheRetryFindsTheChangeMade() {
        fake.put(WireMockRoute53.ZONE_ID, ORIGIN);
        fake.loseNextChangeAnswer();
        try (DnsClient c = client()) {
            DnsChange change = c.replace(ORIGIN, AT_CDN);
            assertEquals("", change.id(), "no id: the change was made by the attempt whose answer was lost");
            c.awaitLive(change, Duration.ofMinutes(1), e -> { });
            assertEquals(AT_CDN, c.read(NAME));
        }
        assertEquals(1, fake.applied(), "one change, not two");
        assertEquals(1, route53.retryWaits.size());
    }

    @Test
    void anEditBetweenTheReadAndTheBatchIsRefusedByRoute53AndReportedInItsWords() {
        fake.put(WireMockRoute53.ZONE_ID, ORIGIN);
        NameRecords theirs = NameRecords.of(RecordSet.cname(NAME, "links.elsewhere.example.net", Duration.ofMinutes(10)));
        fake.beforeNextChange(() -> fake.put(WireMockRoute53.ZONE_ID, theirs));
        try (DnsClient c = client()) {
            DnsException e = assertThrows(DnsException.class, () -> c.replace(ORIGIN, AT_CDN));
            assertEquals(DnsException.Kind.CONFLICT, e.kind());
            assertTrue(e.getMessage().contains("Tried to delete resource record set [name='" + NAME + ".', type='CNAME']"
                    + " but the values provided do not match the current values"), e.getMessage());
            assertEquals(theirs, c.read(NAME));
        }
        assertEquals(0, fake.applied());
    }

    @Test
    void throttlingIsRetriedWithinThePolicy() {
        fake.put(WireMockRoute53.ZONE_ID, ORIGIN);
        fake.throttle("ChangeResourceRecordSets", 2);
        try (DnsClient c = client()) {
            c.replace(ORIGIN, AT_CDN);
        }
        assertEquals(1, fake.applied());
        assertEquals(2, route53.retryWaits.size());
    }

    @Test
    void throttlingPastThePolicyIsUnavailableAndWritesNothing() {
        fake.put(WireMockRoute53.ZONE_ID, ORIGIN);
        fake.throttle("ChangeResourceRecordSets", 10);
        try (DnsClient c = client()) {
            DnsException e = assertThrows(DnsException.class, () -> c.replace(ORIGIN, AT_CDN));
            assertEquals(DnsException.Kind.UNAVAILABLE, e.kind());
            assertTrue(e.getMessage().contains("Throttling"), e.getMessage());
        }
        assertEquals(0, fake.applied());
    }

    @Test
    void aMissingPermissionNamesTheIamActionAndResource() {
        fake.put(WireMockRoute53.ZONE_ID, ORIGIN);
        fake.deny("ChangeResourceRecordSets");
        try (DnsClient c = client()) {
            DnsException e = assertThrows(DnsException.class, () -> c.replace(ORIGIN, AT_CDN));
            assertEquals(DnsException.Kind.PERMISSION, e.kind());
            assertEquals("ChangeResourceRecordSets", e.operation());
            assertEquals("allow route53:ChangeResourceRecordSets on arn:aws:route53:::hostedzone/<the zone's id>",
                    e.hint().orElseThrow());
            assertEquals(ORIGIN, c.read(NAME));
        }
        fake.deny("ListHostedZonesByName");
        try (DnsClient c = client()) {
            DnsException e = assertThrows(DnsException.class, () -> c.zoneOf(NAME));
            assertEquals("allow route53:ListHostedZonesByName on *", e.hint().orElseThrow());
        }
    }

    @Test
    void aChangeStillPendingAtTheDeadlineTimesOutNamingTheChange() {
        fake.put(WireMockRoute53.ZONE_ID, ORIGIN);
        fake.pendingPolls(1000);
        long[] now = {0};
        Route53Provider slowClock = new Route53Provider(d -> now[0] += d.toNanos(), () -> now[0]);
        try (DnsClient c = slowClock.connect(route53.settings())) {
            DnsChange change = c.replace(ORIGIN, AT_CDN);
            DnsException e = assertThrows(DnsException.class,
                    () -> c.awaitLive(change, Duration.ofSeconds(30), ev -> { }));
            assertEquals(DnsException.Kind.TIMEOUT, e.kind());
            assertTrue(e.getMessage().contains("change " + change.id() + " still PENDING"), e.getMessage());
            assertTrue(e.hint().orElseThrow().contains("get-change --id " + change.id()));
        }
    }

    @Test
    void aNameOutsideEveryZoneOfTheAccountIsNotFoundAfterAskingEachParent() {
        try (DnsClient c = client()) {
            DnsException e = assertThrows(DnsException.class, () -> c.zoneOf("ablink.news.example.org"));
            assertEquals(DnsException.Kind.NOT_FOUND, e.kind());
        }
        assertEquals(3, route53.operations().size(), "ablink.news.example.org, news.example.org, example.org");
    }

    @Test
    void theModelCheckFailsOnRequestsRoute53WouldRefuse() {
        Route53Contract contract = new Route53Contract();
        String ok = "<ChangeResourceRecordSetsRequest xmlns=\"https://route53.amazonaws.com/doc/2013-04-01/\">"
                + "<ChangeBatch><Changes><Change><Action>CREATE</Action><ResourceRecordSet><Name>a.example.com.</Name>"
                + "<Type>CNAME</Type><TTL>300</TTL><ResourceRecords><ResourceRecord><Value>x.example.net.</Value>"
                + "</ResourceRecord></ResourceRecords></ResourceRecordSet></Change></Changes></ChangeBatch>"
                + "</ChangeResourceRecordSetsRequest>";
        String url = "/2013-04-01/hostedzone/Z1/rrset/";
        assertEquals(List.of(), contract.check("POST", url, ok));
        assertFalse(contract.check("POST", url, ok.replace("CREATE", "REPLACE")).isEmpty(), "enum");
        assertFalse(contract.check("POST", url, ok.replace("<TTL>300</TTL>", "<TTL>-1</TTL>")).isEmpty(), "range");
        assertFalse(contract.check("POST", url, ok.replace("<Action>CREATE</Action>", "")).isEmpty(), "required");
        assertFalse(contract.check("POST", url, ok.replace("2013-04-01/\"", "2012-02-29/\"")).isEmpty(), "namespace");
        assertFalse(contract.check("POST", url, null).isEmpty(), "no body");
        assertFalse(contract.check("POST", "/2013-04-01/hostedzone/Z1/rrsets/", ok).isEmpty(), "path");
        assertEquals(List.of(), contract.check("GET", url.replace("rrset/", "rrset") + "?name=a.example.com.&maxitems=100", null));
        assertFalse(contract.check("GET", "/2013-04-01/hostedzone/Z1/rrset?type=CNAMES", null).isEmpty(), "type enum");
        assertFalse(contract.check("GET", "/2013-04-01/hostedzone/Z1/rrset?recordname=a", null).isEmpty(), "param");
        assertFalse(contract.check("GET", "/2013-04-01/change/C1", "<x/>").isEmpty(), "a GET with a body");
    }
}
