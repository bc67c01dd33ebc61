package dev.linkproxy.core.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What a cutover reads and writes at one name, and the shapes DNS does not allow. */
class NameRecordsTest {

    private static final Duration TTL = Duration.ofSeconds(300);
    private static final String NAME = "ablink.example.com";

    private static RecordSet a(String... values) {
        return new RecordSet(NAME, "A", TTL, List.of(values));
    }

    private static RecordSet aaaa(String... values) {
        return new RecordSet(NAME, "AAAA", TTL, List.of(values));
    }

    private static String refusal(Runnable construction) {
        return assertThrows(IllegalArgumentException.class, construction::run).getMessage();
    }

    @Test
    void theNameIsNormalisedAndTheSetsOrderedByType() {
        NameRecords r = new NameRecords(" AbLink.Example.com. ", List.of(aaaa("2001:db8::1"), a("192.0.2.1")));
        assertEquals(NAME, r.name());
        assertEquals(List.of("A", "AAAA"), r.sets().stream().map(RecordSet::type).toList());
        assertFalse(r.proxied());
        assertEquals(r, NameRecords.of(a("192.0.2.1"), aaaa("2001:db8::1")));
        assertEquals(r.hashCode(), NameRecords.of(a("192.0.2.1"), aaaa("2001:db8::1")).hashCode());
    }

    @Test
    void theTtlTakesPartInEquality() {
        assertNotEquals(NameRecords.of(a("192.0.2.1")), NameRecords.of(a("192.0.2.1").withTtl(Duration.ofSeconds(60))));
    }

    @Test
    void aCnameNameGivesItsTarget() {
        NameRecords r = NameRecords.of(RecordSet.cname(NAME, "d111.cloudfront.net", TTL));
        assertEquals(Optional.of("d111.cloudfront.net"), r.cnameTarget());
        assertEquals(Optional.empty(), NameRecords.of(a("192.0.2.1")).cnameTarget());
    }

    @Test
    void aSetIsFoundByTypeInAnyCase() {
        NameRecords r = NameRecords.of(a("192.0.2.1"), aaaa("2001:db8::1"));
        assertEquals(Optional.of(aaaa("2001:db8::1")), r.set("aaaa"));
        assertEquals(Optional.of(a("192.0.2.1")), r.set("A"));
        assertEquals(Optional.empty(), r.set("CNAME"));
    }

    @Test
    void nothingAtANameIsEmptyAndSaysSo() {
        NameRecords none = NameRecords.none("AbLink.Example.com.");
        assertTrue(none.isEmpty());
        assertEquals("ablink.example.com (no A, AAAA or CNAME records)", none.toString());
        assertFalse(NameRecords.of(a("192.0.2.1")).isEmpty());
    }

    @Test
    void recordsPrintAsZoneLinesAndSayWhenProxied() {
        NameRecords r = NameRecords.of(a("192.0.2.1"), aaaa("2001:db8::1"));
        assertEquals("ablink.example.com 300 A 192.0.2.1; ablink.example.com 300 AAAA 2001:db8::1", r.toString());
        NameRecords proxied = r.withProxied(true);
        assertTrue(proxied.proxied());
        assertEquals(r.sets(), proxied.sets());
        assertEquals("ablink.example.com 300 A 192.0.2.1; ablink.example.com 300 AAAA 2001:db8::1 (proxied)",
                proxied.toString());
        assertFalse(proxied.withProxied(false).proxied());
    }

    @Test
    void shapesACutoverCannotWriteAreRefused() {
        assertEquals("record set other.example.com 300 A 192.0.2.1 is not at ablink.example.com", refusal(() ->
                new NameRecords(NAME, List.of(new RecordSet("other.example.com", "A", TTL, List.of("192.0.2.1"))))));
        assertEquals("a cutover changes only [A, AAAA, CNAME], not TXT", refusal(() ->
                new NameRecords(NAME, List.of(new RecordSet(NAME, "TXT", TTL, List.of("\"v\""))))));
        assertEquals("one set per type at ablink.example.com: [ablink.example.com 300 A 192.0.2.1,"
                + " ablink.example.com 300 A 192.0.2.2]", refusal(() ->
                new NameRecords(NAME, List.of(a("192.0.2.1"), a("192.0.2.2")))));
        assertEquals("a CNAME cannot stand beside other records at ablink.example.com", refusal(() ->
                new NameRecords(NAME, List.of(a("192.0.2.1"), RecordSet.cname(NAME, "d111.cloudfront.net", TTL)))));
        assertEquals("only a name with records can be proxied: ablink.example.com", refusal(() ->
                new NameRecords(NAME, List.of(), true)));
        assertEquals("give at least one set, or use none(name)", refusal(NameRecords::of));
    }
}
