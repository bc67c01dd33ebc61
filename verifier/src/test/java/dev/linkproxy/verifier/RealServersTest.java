package dev.linkproxy.verifier;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.linkproxy.verifier.support.RealServers;
import org.junit.jupiter.api.Test;

/** The e2e profile must fail, not skip, when its servers are not installed. */
class RealServersTest {

    @Test
    void aMissingBinaryIsAnErrorNamingTheDebianPackages() {
        AssertionError e = assertThrows(AssertionError.class, () -> RealServers.binary("linkproxy-no-such-server"));
        assertTrue(e.getMessage().contains("apt-get install -y nginx knot"), e.getMessage());
    }
}
