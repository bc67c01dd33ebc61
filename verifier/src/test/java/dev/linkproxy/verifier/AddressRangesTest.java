package dev.linkproxy.verifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Address ranges as a user writes them (expected targets, {@code --allow-addresses}) and the private-address rule built
 * on them: where a range starts and ends, and what the refusal tells the person who has to allow it.
 */
class AddressRangesTest {

    private static final AddressPolicy DEFAULT = new AddressPolicy(List.of());

    private static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    /** An IPv6 address from its 16 bytes; getByName would turn a mapped form into its IPv4 address. */
    private static InetAddress v6(int... bytes) throws Exception {
        byte[] b = new byte[16];
        for (int i = 0; i < 16; i++) {
            b[i] = (byte) bytes[i];
        }
        return Inet6Address.getByAddress(null, b, -1);
    }

    @ParameterizedTest(name = "{0} holds {1}: {2}")
    @CsvSource({
            "104.16.0.0/13, 104.16.0.0, true", "104.16.0.0/13, 104.23.255.255, true", "104.16.0.0/13, 104.24.0.0, false",
            "104.16.0.0/13, 104.15.255.255, false",
            "172.16.0.0/12, 172.31.255.255, true", "172.16.0.0/12, 172.32.0.0, false",
            "10.0.0.0/9, 10.127.255.255, true", "10.0.0.0/9, 10.128.0.0, false",
            "10.0.0.0/15, 10.1.255.255, true", "10.0.0.0/15, 10.2.0.0, false",
            "192.168.0.0/16, 192.168.255.255, true", "192.168.0.0/16, 192.169.0.0, false",
            "192.0.2.0/24, 192.0.2.255, true", "192.0.2.0/24, 192.0.3.0, false",
            "192.0.2.128/25, 192.0.2.128, true", "192.0.2.128/25, 192.0.2.127, false",
            "192.0.2.7/31, 192.0.2.6, true", "192.0.2.7/31, 192.0.2.8, false",
            "192.0.2.7/32, 192.0.2.7, true", "192.0.2.7/32, 192.0.2.6, false",
            "0.0.0.0/0, 255.255.255.255, true", "0.0.0.0/0, 2606:4700::1, false",
            "2606:4700::/32, 2606:4700:ffff::1, true", "2606:4700::/32, 2606:4701::, false",
            "fe80::/10, febf::1, true", "fe80::/10, fec0::1, false",
            "2606:4700::/32, 104.16.0.1, false", "::/0, 2001:db8::1, true"})
    void aRangeHoldsExactlyTheAddressesItsPrefixCovers(String range, String address, boolean inside) throws Exception {
        assertEquals(inside, Cidr.parse(range).contains(ip(address)), range + " and " + address);
    }

    @Test
    void aBareAddressIsARangeOfOneAndSurroundingBlanksDoNotCount() throws Exception {
        Cidr one = Cidr.parse("  192.0.2.7 ");
        assertEquals(32, one.prefix());
        assertEquals("192.0.2.7/32", one.toString());
        assertTrue(one.contains(ip("192.0.2.7")));
        assertFalse(one.contains(ip("192.0.2.8")));
        assertEquals(128, Cidr.parse("2001:db8::7").prefix());
        assertEquals("2606:4700:0:0:0:0:0:0/32", Cidr.parse(" 2606:4700::/32").toString());
    }

    @Test
    void theWidestAndNarrowestPrefixesOfEachFamilyAreAccepted() {
        assertEquals(0, Cidr.parse("0.0.0.0/0").prefix());
        assertEquals(32, Cidr.parse("10.0.0.1/32").prefix());
        assertEquals(0, Cidr.parse("::/0").prefix());
        assertEquals(128, Cidr.parse("::1/128").prefix());
    }

    @ParameterizedTest(name = "\"{0}\" is refused")
    @ValueSource(strings = {"10.0.0.0/33", "2001:db8::/129", "10.0.0.0/-1", "10.0.0.0/x", "10.0.0.0/", "example.com",
            "example.com/8", "10.0.0/8", "1.2.3.4.5/8"})
    void whatIsNotALiteralRangeIsRefusedSayingWhatOneLooksLike(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Cidr.parse(text));
        assertTrue(e.getMessage().contains("\"" + text + "\" is not an address range, e.g. \"104.16.0.0/13\"")
                || e.getMessage().startsWith("prefix /"), e.getMessage());
    }

    @Test
    void aPrefixOutOfRangeNamesThePrefixAndTheAddress() throws Exception {
        IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class, () -> Cidr.parse("10.0.0.0/33"));
        assertEquals("prefix /33 is out of range for 10.0.0.0", tooLong.getMessage());
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                () -> new Cidr(ip("10.0.0.0"), -1));
        assertEquals("prefix /-1 is out of range for 10.0.0.0", negative.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Cidr(ip("::"), 129));
        assertThrows(NullPointerException.class, () -> new Cidr(null, 8));
    }

    // ---- the private-address rule ----

    @Test
    void aRefusalNamesTheAddressItsKindItsRangeAndHowToAllowIt() throws Exception {
        assertEquals(Optional.of("refused to connect to a private address: 10.0.0.5 is private (10.0.0.0/8); allow it "
                + "explicitly (allowAddresses, --allow-addresses) if it is meant to be reached"),
                DEFAULT.refusal(ip("10.0.0.5")));
        assertTrue(DEFAULT.refusal(ip("169.254.169.254")).orElseThrow()
                .contains("169.254.169.254 is link-local (169.254.0.0/16)"));
        assertTrue(DEFAULT.refusal(ip("100.127.255.255")).orElseThrow()
                .contains("is carrier-grade NAT (100.64.0.0/10)"));
        assertTrue(DEFAULT.refusal(ip("fe80::1")).orElseThrow()
                .contains("fe80:0:0:0:0:0:0:1 is link-local (fe80:0:0:0:0:0:0:0/10)"));
        assertTrue(DEFAULT.refusal(ip("::1")).orElseThrow().contains("is loopback (0:0:0:0:0:0:0:1/128)"));
        assertTrue(DEFAULT.refusal(ip("255.255.255.255")).orElseThrow().contains("is broadcast"));
        assertTrue(DEFAULT.refusal(ip("64:ff9b:1::a00:5")).orElseThrow().contains("is local-use NAT64"));
    }

    @ParameterizedTest(name = "{0}, next to a refused range, may be reached")
    @ValueSource(strings = {"11.0.0.0", "9.255.255.255", "100.128.0.0", "100.63.255.255", "172.32.0.0", "172.15.255.255",
            "169.255.0.0", "192.0.3.0", "192.169.0.0", "198.51.101.0", "203.0.114.0", "223.255.255.255",
            "198.17.255.255", "198.20.0.0", "fec0::1", "fbff::1", "fe00::1", "2001:db9::1", "::2", "64:ff9b:2::1",
            "64:ff9a:ffff::1", "100:0:0:1::1", "3fff:1000::1", "3ffe:ffff::1"})
    void theAddressesJustOutsideEachRefusedRangeMayBeReached(String address) throws Exception {
        assertEquals(Optional.empty(), DEFAULT.refusal(ip(address)));
    }

    @Test
    void theMappedFormOfAnAllowedAddressIsAllowedToo() throws Exception {
        AddressPolicy loopback = new AddressPolicy(List.of(Cidr.parse("127.0.0.0/8")));
        InetAddress mapped = v6(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 127, 0, 0, 1);
        assertEquals(Optional.empty(), loopback.refusal(mapped));
        String refused = DEFAULT.refusal(mapped).orElseThrow();
        assertTrue(refused.contains("is loopback (127.0.0.0/8)"), refused);
    }

    @Test
    void anAllowedIpv6RangeDoesNotOpenTheIpv4AddressAMappedFormReaches() throws Exception {
        // The mapped form reaches 10.0.0.5: allowing every IPv6 address is not allowing a private IPv4 one.
        AddressPolicy allIpv6 = new AddressPolicy(List.of(Cidr.parse("::/0")));
        InetAddress mapped = v6(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 10, 0, 0, 5);
        assertTrue(allIpv6.refusal(mapped).orElseThrow().contains("is private (10.0.0.0/8)"));
        assertTrue(allIpv6.refusal(ip("10.0.0.5")).isPresent(), "the IPv4 address itself is not in an IPv6 range");
        assertEquals(Optional.empty(), allIpv6.refusal(ip("fd00::5")), "an IPv6 address in it is allowed");
    }

    @Test
    void onlyTheIpv4MappedFormIsReadAsTheIpv4AddressItCarries() throws Exception {
        InetAddress mapped = v6(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 10, 0, 0, 5);
        assertEquals(ip("10.0.0.5"), AddressPolicy.unmapped(mapped));
        InetAddress v4 = ip("10.0.0.5");
        assertSame(v4, AddressPolicy.unmapped(v4));
        // One byte off the ::ffff:0:0/96 prefix and it is an IPv6 address of its own, judged as such.
        for (int i = 0; i < 10; i++) {
            int[] b = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 10, 0, 0, 5};
            b[i] = 1;
            InetAddress notMapped = v6(b);
            assertSame(notMapped, AddressPolicy.unmapped(notMapped), "byte " + i);
        }
        InetAddress tenOff = v6(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xfe, 0xff, 10, 0, 0, 5);
        assertSame(tenOff, AddressPolicy.unmapped(tenOff));
        InetAddress elevenOff = v6(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0x00, 10, 0, 0, 5);
        assertSame(elevenOff, AddressPolicy.unmapped(elevenOff));
        assertEquals(Optional.empty(), DEFAULT.refusal(elevenOff), "not 10.0.0.5 in disguise");
    }

    // ---- expected targets ----

    @Test
    void anExpectedHostSuffixIsComparedWithoutCaseBlanksOrTheRootDot() {
        ExpectedTarget t = ExpectedTarget.hostSuffix("  D111.CloudFront.NET. ");
        assertEquals(Optional.of("d111.cloudfront.net"), t.hostSuffix());
        assertEquals("a name under d111.cloudfront.net", t.toString());
        assertEquals(Optional.of("cloudfront.net"), ExpectedTarget.hostSuffix("cloudfront.net").hostSuffix());
    }

    @Test
    void anExpectedTargetNeedsASuffixOrRanges() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ExpectedTarget(Optional.empty(), List.of()));
        assertEquals("an expected target needs a host-name suffix or address ranges", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ExpectedTarget.ranges(List.of()));
    }

    @Test
    void aChainMatchesWhenOneOfItsNamesIsTheSuffixOrUnderIt() {
        ExpectedTarget t = ExpectedTarget.hostSuffix("cdn.test");
        assertTrue(t.matchesChain(List.of("a.customer.test", "cdn.test")));
        assertTrue(t.matchesChain(List.of("a.customer.test", "d1.cdn.test", "edge.other.test")));
        assertFalse(t.matchesChain(List.of("a.customer.test", "xcdn.test")));
        assertFalse(t.matchesChain(List.of("a.customer.test")));
        assertFalse(ExpectedTarget.ranges(List.of("104.16.0.0/13")).matchesChain(List.of("cdn.test")),
                "a target of ranges only is never matched by names");
    }

    @Test
    void addressesMatchOnlyWhenEveryOneIsInARange() throws Exception {
        ExpectedTarget t = ExpectedTarget.ranges(List.of("104.16.0.0/13", "2606:4700::/32"));
        assertTrue(t.matchesAddresses(List.of(ip("104.16.1.2"), ip("2606:4700::1"))));
        assertFalse(t.matchesAddresses(List.of(ip("104.16.1.2"), ip("198.51.100.7"))), "one outside is enough to fail");
        assertFalse(t.matchesAddresses(List.of()), "no address at all is no match");
        assertFalse(ExpectedTarget.hostSuffix("cdn.test").matchesAddresses(List.of(ip("104.16.1.2"))),
                "a suffix-only target is never matched by addresses");
        assertEquals("addresses in [104.16.0.0/13, 2606:4700:0:0:0:0:0:0/32]", t.toString());
    }

    @Test
    void aTargetOfBothSaysEither() {
        ExpectedTarget t = ExpectedTarget.of(new dev.linkproxy.core.spi.CutoverTarget("d111.cdn.test",
                List.of("104.16.0.0/13"), false));
        assertEquals(Optional.of("d111.cdn.test"), t.hostSuffix());
        assertEquals(List.of(Cidr.parse("104.16.0.0/13")), t.ranges());
        assertEquals("a name under d111.cdn.test or addresses in [104.16.0.0/13]", t.toString());
    }
}
