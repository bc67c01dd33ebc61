package dev.linkproxy.verifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.linkproxy.core.spi.CutoverTarget;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ValueTypesTest {

    @Test
    void connectToFollowsCurlsSyntax() {
        ConnectTo rule = ConnectTo.parse("ablink.example.com:443:[::1]:8443");
        assertEquals(Optional.of("::1"), rule.targetHost());
        assertEquals(8443, rule.targetPort());
        assertTrue(rule.matches("ablink.example.com", 443));
        assertFalse(rule.matches("ablink.example.com", 80));
        ConnectTo portOnly = ConnectTo.parse("ablink.example.com:443::8443");
        assertEquals(Optional.empty(), portOnly.targetHost());
        ConnectTo any = ConnectTo.parse("::d111.cdn.example:");
        assertTrue(any.matches("whatever.example", 80));
        assertEquals(0, any.targetPort());
        assertThrows(IllegalArgumentException.class, () -> ConnectTo.parse("a:443:b"));
        assertThrows(IllegalArgumentException.class, () -> ConnectTo.parse("a:x:b:1"));
    }

    @Test
    void cidrRangesContainTheirAddresses() throws Exception {
        Cidr v4 = Cidr.parse("104.16.0.0/13");
        assertTrue(v4.contains(InetAddress.getByName("104.23.255.1")));
        assertFalse(v4.contains(InetAddress.getByName("104.24.0.1")));
        assertFalse(v4.contains(InetAddress.getByName("2606:4700::1")));
        assertTrue(Cidr.parse("2606:4700::/32").contains(InetAddress.getByName("2606:4700:10::1")));
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("example.com/8"));
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("10.0.0.0/33"));
    }

    @Test
    void aProxiedCutoverTargetIsJudgedByItsRanges() {
        ExpectedTarget t = ExpectedTarget.of(new CutoverTarget("ablink.example.com", List.of("104.16.0.0/13"), true));
        assertEquals(Optional.empty(), t.hostSuffix());
        assertEquals(1, t.ranges().size());
        assertTrue(ExpectedTarget.of(CutoverTarget.cname("D111.cloudfront.net."))
                .matchesChain(List.of("a.example.com", "d111.cloudfront.net")));
    }
}
