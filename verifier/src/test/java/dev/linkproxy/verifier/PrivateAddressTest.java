package dev.linkproxy.verifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.linkproxy.core.spi.CutoverTarget;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The verifier runs on link domains customers type in: by default it connects to no address inside the network it
 * runs in (issue 13 §4), checked on the address it actually dials.
 */
class PrivateAddressTest extends VerifierTestBase {

    private static final AddressPolicy DEFAULT = new AddressPolicy(List.of());

    @ParameterizedTest(name = "{0} is refused")
    @ValueSource(strings = {"0.0.0.0", "10.0.0.5", "100.64.1.2", "127.0.0.1", "169.254.169.254", "172.16.3.4",
            "192.0.2.7", "192.168.1.1", "198.51.100.9", "203.0.113.200", "224.0.0.251", "255.255.255.255",
            "::", "::1", "fd12:3456::1", "fe80::1", "ff02::1", "2001:db8::5", "198.18.0.1", "198.19.255.255",
            "240.0.0.1", "255.255.255.254", "64:ff9b:1::a00:5", "100::1", "3fff::1", "3fff:fff::1"})
    void everyRangeIsRefused(String address) throws Exception {
        String why = DEFAULT.refusal(InetAddress.getByName(address)).orElseThrow();
        assertTrue(why.startsWith("refused to connect to a private address: " + InetAddress.getByName(address).getHostAddress()),
                why);
    }

    @Test
    void anIpv4MappedIpv6FormIsRefusedAsTheAddressItCarries() throws Exception {
        // Built from raw bytes: InetAddress.getByName("::ffff:…") would already hand back the IPv4 address.
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        mapped[12] = (byte) 169;
        mapped[13] = (byte) 254;
        mapped[14] = (byte) 169;
        mapped[15] = (byte) 254;
        InetAddress v6 = java.net.Inet6Address.getByAddress(null, mapped, -1);
        assertTrue(DEFAULT.refusal(v6).orElseThrow().contains("link-local"));
    }

    @ParameterizedTest(name = "{0} is refused as the IPv4 address it reaches")
    @CsvSource({"::10.0.0.5, private", "64:ff9b::a9fe:a9fe, link-local", "64:ff9b::7f00:1, loopback",
            "::c0a8:101, private"})
    void ipv4CompatibleAndNat64FormsAreRefusedAsTheAddressTheyReach(String address, String kind) throws Exception {
        assertTrue(DEFAULT.refusal(InetAddress.getByName(address)).orElseThrow().contains(" is " + kind), address);
    }

    @Test
    void aNat64FormOfAPublicAddressIsReached() throws Exception {
        assertEquals(java.util.Optional.empty(), DEFAULT.refusal(InetAddress.getByName("64:ff9b::6810:1")));
    }

    @Test
    void allowingEveryIpv6AddressDoesNotOpenTheIpv4AddressesIpv6FormsCarry() throws Exception {
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        mapped[12] = 10;
        mapped[15] = 5;
        InetAddress v6 = java.net.Inet6Address.getByAddress(null, mapped, -1);
        AddressPolicy everyIpv6 = new AddressPolicy(List.of(Cidr.parse("::/0")));
        assertTrue(everyIpv6.refusal(v6).orElseThrow().contains("private"));
        assertTrue(everyIpv6.refusal(InetAddress.getByName("64:ff9b::a00:5")).orElseThrow().contains("private"));
        assertTrue(everyIpv6.refusal(InetAddress.getByName("fd12::1")).isEmpty(), "an IPv6 range it allows");
        AddressPolicy tenSlashEight = new AddressPolicy(List.of(Cidr.parse("10.0.0.0/8")));
        assertTrue(tenSlashEight.refusal(v6).isEmpty(), "the IPv4 range allowed reaches its mapped form too");
    }

    @ParameterizedTest(name = "{0} may be reached")
    @ValueSource(strings = {"104.16.0.1", "151.101.2.1", "13.32.0.1", "2606:4700::1", "8.8.8.8"})
    void publicAddressesAreReached(String address) throws Exception {
        assertEquals(java.util.Optional.empty(), DEFAULT.refusal(InetAddress.getByName(address)));
    }

    @Test
    void anAllowedRangeIsReached() throws Exception {
        AddressPolicy loopback = new AddressPolicy(List.of(Cidr.parse("127.0.0.0/8"), Cidr.parse("::1/128")));
        assertTrue(loopback.refusal(InetAddress.getByName("127.0.0.1")).isEmpty());
        assertTrue(loopback.refusal(InetAddress.getByName("::1")).isEmpty());
        assertTrue(loopback.refusal(InetAddress.getByName("10.0.0.5")).isPresent(), "only what was allowed");
    }

    // ---- through the verifier, against names that resolve inward ----

    @Test
    void aLinkDomainResolvingToAPrivateAddressIsNeverDialled() {
        scenario.origin();
        scenario.dns.cname(Scenario.DOMAIN, Scenario.CDN).a(Scenario.CDN, "10.0.0.5");
        VerificationReport report = scenario.verifierBuilder().build().verify(scenario.request()
                .expectedTarget(CutoverTarget.cname(Scenario.CDN)).build());
        assertCheck(report, CheckResult.TLS, CheckStatus.FAIL, "refused to connect to a private address: 10.0.0.5");
        assertFalse(report.ready());
    }

    @Test
    void loopbackIsRefusedUnlessAllowedAndNothingIsDialled() {
        scenario.cutOver().origin();
        var edge = scenario.cdnHttps(scenario.proxy());
        scenario.allowLoopback = false;
        VerificationReport report = scenario.verify();
        assertCheck(report, CheckResult.TLS, CheckStatus.FAIL, "refused to connect to a private address");
        assertEquals(0, edge.requests().size(), "the edge on loopback was never reached");
    }

    @Test
    void aConnectToTargetGoesThroughTheSameRule() {
        scenario.dns.cname(Scenario.DOMAIN, Scenario.CDN).a(Scenario.CDN, "104.16.0.1");
        scenario.route(Scenario.DOMAIN, 443, "169.254.169.254:443");
        scenario.allowLoopback = false;
        VerificationReport report = scenario.verify();
        assertCheck(report, CheckResult.TLS, CheckStatus.FAIL, "refused to connect to a private address: 169.254.169.254");
    }
}
