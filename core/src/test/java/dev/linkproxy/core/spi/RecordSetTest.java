package dev.linkproxy.core.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Record sets compare as DNS data: names and host targets normalised, values sorted. */
class RecordSetTest {

    private static final Duration MINUTE = Duration.ofSeconds(60);

    @Test
    void aCnameIsNormalisedToLowerCaseWithoutTrailingDots() {
        RecordSet s = RecordSet.cname(" AbLink.Example.com. ", "D111.CloudFront.NET.", MINUTE);
        assertEquals("ablink.example.com", s.name());
        assertEquals("CNAME", s.type());
        assertEquals(List.of("d111.cloudfront.net"), s.values());
        assertEquals("ablink.example.com 60 CNAME d111.cloudfront.net", s.toString());
    }

    @Test
    void nsAndPtrTargetsAreHostNamesToo() {
        assertEquals(List.of("ns1.example.net", "ns2.example.net"),
                new RecordSet("example.com", "ns", MINUTE, List.of("NS2.example.net.", "ns1.Example.net")).values());
        assertEquals(List.of("host.example.com"),
                new RecordSet("1.2.0.192.in-addr.arpa", "PTR", MINUTE, List.of("Host.Example.com.")).values());
    }

    @Test
    void otherDataIsKeptAsGivenButSorted() {
        RecordSet txt = new RecordSet("example.com", "TXT", MINUTE, List.of("\"b Value.\"", "\"A value.\""));
        assertEquals(List.of("\"A value.\"", "\"b Value.\""), txt.values());
        assertEquals("example.com 60 TXT \"A value.\" \"b Value.\"", txt.toString());
    }

    @Test
    void sameDataIgnoresOnlyTheTtl() {
        RecordSet a = new RecordSet("a.example.com", "A", MINUTE, List.of("192.0.2.1", "192.0.2.2"));
        RecordSet longer = a.withTtl(Duration.ofHours(1));
        assertEquals(Duration.ofHours(1), longer.ttl());
        assertEquals(a.values(), longer.values());
        assertTrue(a.sameData(longer));
        assertFalse(a.equals(longer));
        assertFalse(a.sameData(new RecordSet("b.example.com", "A", MINUTE, List.of("192.0.2.1", "192.0.2.2"))));
        assertFalse(a.sameData(new RecordSet("a.example.com", "TXT", MINUTE, List.of("192.0.2.1", "192.0.2.2"))));
        assertFalse(a.sameData(new RecordSet("a.example.com", "A", MINUTE, List.of("192.0.2.1"))));
    }

    @Test
    void impossibleSetsAreRefusedSayingWhy() {
        assertEquals("ttl must not be negative: PT-1S", assertThrows(IllegalArgumentException.class,
                () -> new RecordSet("a.example.com", "A", Duration.ofSeconds(-1), List.of("192.0.2.1"))).getMessage());
        assertEquals("a record set holds at least one value: a.example.com A", assertThrows(IllegalArgumentException.class,
                () -> new RecordSet("a.example.com", "A", MINUTE, List.of())).getMessage());
        assertEquals("a CNAME set holds exactly one value: a.example.com [x.example.net, y.example.net]",
                assertThrows(IllegalArgumentException.class, () -> new RecordSet("a.example.com", "CNAME", MINUTE,
                        List.of("x.example.net", "y.example.net"))).getMessage());
    }
}
