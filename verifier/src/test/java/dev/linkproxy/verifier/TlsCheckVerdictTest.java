package dev.linkproxy.verifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static dev.linkproxy.verifier.support.TestDns.inet;

import dev.linkproxy.verifier.support.TestCa;
import dev.linkproxy.verifier.support.TestServer;
import dev.linkproxy.verifier.support.TestServer.Response;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The TLS check's verdict over several addresses, read at a fixed instant so that the days left before expiry, and the
 * warning fourteen days out, are exact.
 */
class TlsCheckVerdictTest extends VerifierTestBase {

    private static final String DOMAIN = Scenario.DOMAIN;

    private final List<TestServer> servers = new ArrayList<>();
    private ScheduledThreadPoolExecutor watchdog;
    private TlsConnector connector;
    private final Map<InetSocketAddress, Connection> verified = new HashMap<>();

    @BeforeEach
    void connector() {
        watchdog = new ScheduledThreadPoolExecutor(1);
        // A closed connection takes its watchdog out of the queue: what is left queued is what is still open.
        watchdog.setRemoveOnCancelPolicy(true);
        Duration two = Duration.ofSeconds(2);
        Dialer dialer = new Dialer(new TimeLimits(two, two, two, two, Duration.ofSeconds(10)), watchdog,
                new AddressPolicy(List.of(Cidr.parse("127.0.0.0/8"), Cidr.parse("::1/128"))));
        connector = new TlsConnector(dialer, TrustMaterial.fromPem(List.of(trustPem)), TestTls.provider());
    }

    @AfterEach
    void stop() {
        verified.values().forEach(Connection::close);
        servers.forEach(TestServer::close);
        watchdog.shutdownNow();
    }

    private InetSocketAddress edge(TestCa.Leaf leaf) {
        return edge(leaf, "127.0.0.1");
    }

    private InetSocketAddress edge(TestCa.Leaf leaf, String address) {
        TestServer s = TestServer.https(leaf.serverContext(), List.of(address), r -> Response.status(404));
        servers.add(s);
        return new InetSocketAddress(address, s.port());
    }

    private static String at(InetSocketAddress a) {
        return Addresses.text(a);
    }

    private CheckResult run(Instant now, List<InetSocketAddress> targets) {
        TlsCheck check = new TlsCheck(connector, Clock.fixed(now, ZoneOffset.UTC));
        return check.run(DOMAIN, targets, new Deadline(Duration.ofSeconds(10)), verified);
    }

    private static TestCa.Leaf validUntil(Instant notAfter) {
        return ca.leaf(notAfter.minus(Duration.ofDays(100)), notAfter, DOMAIN);
    }

    @Test
    void fourteenDaysLeftPassesAndThirteenWarnsToRenew() {
        Instant notAfter = Instant.now().plus(Duration.ofDays(20)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        InetSocketAddress edge = edge(validUntil(notAfter));

        CheckResult fourteen = run(notAfter.minus(Duration.ofDays(14)), List.of(edge));
        assertEquals(CheckStatus.PASS, fourteen.status(), fourteen.summary());
        String protocol = (String) handshakes(fourteen).get(0).get("protocol");
        assertEquals(protocol + " with a valid certificate for " + DOMAIN + " on 1 address(es); 14 days left",
                fourteen.summary());

        CheckResult thirteen = run(notAfter.minus(Duration.ofDays(14)).plusSeconds(1), List.of(edge));
        assertEquals(CheckStatus.WARN, thirteen.status(), thirteen.summary());
        assertEquals(protocol + " with a valid certificate for " + DOMAIN + " on 1 address(es); 13 days left: the "
                + "certificate expires within 14 days, renew it", thirteen.summary());
        assertEquals(13L, handshakes(thirteen).get(0).get("daysLeft"));
    }

    @Test
    void theDaysLeftAreThoseOfTheCertificateThatExpiresFirstWhicheverAddressServesIt() {
        Instant now = Instant.now();
        InetSocketAddress later = edge(validUntil(now.plus(Duration.ofDays(60)).plusSeconds(60)));
        InetSocketAddress sooner = edge(validUntil(now.plus(Duration.ofDays(20)).plusSeconds(60)));
        for (List<InetSocketAddress> order : List.of(List.of(later, sooner), List.of(sooner, later))) {
            CheckResult r = run(now, order);
            assertEquals(CheckStatus.PASS, r.status(), r.summary());
            assertTrue(r.summary().endsWith(" on 2 address(es); 20 days left"), r.summary());
        }
    }

    @Test
    void theEvidenceNamesTheServerNameTheTrustAndEachHandshake() {
        Instant now = Instant.now();
        InetSocketAddress edge = edge(ca.leaf(DOMAIN));
        CheckResult r = run(now, List.of(edge));
        assertEquals(CheckResult.TLS, r.name());
        assertEquals(List.of("serverName", "trust", "handshakes"), List.copyOf(r.evidence().keySet()));
        assertEquals(DOMAIN, r.evidence().get("serverName"));
        assertEquals("CA certificates from [" + trustPem + "]", r.evidence().get("trust"));
        Map<String, Object> h = handshakes(r).get(0);
        assertEquals(List.of("address", "protocol", "cipherSuite", "subject", "issuer", "sans", "notBefore", "notAfter",
                "daysLeft", "chainLength"), List.copyOf(h.keySet()));
        assertEquals(at(edge), h.get("address"));
        assertEquals(2, h.get("chainLength"));
    }

    @Test
    void oneBadAddressOfTwoFailsTheCheckNamingItAndKeepsOnlyTheGoodConnection() {
        InetSocketAddress good = edge(ca.leaf(DOMAIN));
        InetSocketAddress wrong = edge(ca.leaf("other.customer.test"));
        CheckResult r = run(Instant.now(), List.of(good, wrong));
        assertEquals(CheckStatus.FAIL, r.status());
        assertEquals("TLS fails on " + at(wrong) + ": the certificate does not cover " + DOMAIN
                + " (it names other.customer.test) (1 of 2 addresses)", r.summary());
        assertFalse(handshakes(r).get(0).containsKey("problem"));
        assertTrue(((String) handshakes(r).get(1).get("problem")).startsWith("the certificate does not cover"));
        assertEquals(Set.of(good), verified.keySet(), "only the verified address's connection is kept for the link check");
        assertEquals(1, watchdog.getQueue().size(), "the refused connection was closed, the kept one is still open");
    }

    @Test
    void theFirstProblemInAddressOrderIsTheOneNamedAndEveryFailureIsCounted() {
        InetSocketAddress wrong = edge(ca.leaf("other.customer.test"));
        InetSocketAddress good = edge(ca.leaf(DOMAIN));
        InetSocketAddress missing = edge(ca.leaf(DOMAIN).withoutIntermediate());
        CheckResult r = run(Instant.now(), List.of(wrong, good, missing));
        assertEquals(CheckStatus.FAIL, r.status());
        assertTrue(r.summary().startsWith("TLS fails on " + at(wrong) + ": the certificate does not cover"), r.summary());
        assertTrue(r.summary().endsWith(" (2 of 3 addresses)"), r.summary());
        assertEquals(Set.of(good), verified.keySet());
    }

    @Test
    void nothingIsKeptOpenWhenNoAddressPasses() {
        InetSocketAddress wrong = edge(ca.leaf("other.customer.test"));
        CheckResult r = run(Instant.now(), List.of(wrong));
        assertEquals(CheckStatus.FAIL, r.status());
        assertTrue(verified.isEmpty());
        assertEquals(0, watchdog.getQueue().size(), "a connection whose certificate failed was left open");
    }

    @Test
    void atMostEightAddressesOfAFamilyAreTriedAndTheSummarySaysHowManyWereGiven() {
        // Nothing listens there: each refused connection costs no handshake, and the count shows what was dialled.
        TestServer closed = TestServer.http(false, r -> Response.status(404));
        int port = closed.port();
        closed.close();
        List<InetSocketAddress> given = new ArrayList<>();
        for (int i = 1; i <= 9; i++) {
            given.add(new InetSocketAddress("127.0.0." + i, port));
        }
        CheckResult r = run(Instant.now(), given);
        assertEquals(CheckStatus.FAIL, r.status());
        assertTrue(r.summary().startsWith("TLS fails on 127.0.0.1:" + port + ": connection to 127.0.0.1:" + port
                + " refused"), r.summary());
        assertTrue(r.summary().endsWith(" (8 of 8 addresses) (tried 8 of 9 addresses: at most 8 IPv4 and 8 IPv6)"),
                r.summary());
        assertEquals(9, r.evidence().get("addressesGiven"));
        assertEquals(given.subList(0, 8).stream().map(Addresses::text).toList(),
                handshakes(r).stream().map(h -> h.get("address")).toList());
    }

    // Documentation addresses, never dialled: only the capping is asked about them.
    @Test
    void eachFamilyHasItsOwnCapAndTheOrderGivenIsKept() {
        List<InetSocketAddress> given = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            given.add(new InetSocketAddress(inet("2001:db8::" + i), 443));
        }
        for (int i = 1; i <= 10; i++) {
            given.add(new InetSocketAddress(inet("198.51.100." + i), 443));
        }
        List<InetSocketAddress> capped = TlsCheck.capped(given);
        assertEquals(16, capped.size());
        assertEquals(given.subList(0, 8), capped.subList(0, 8));
        assertEquals(given.subList(10, 18), capped.subList(8, 16));
    }

    @Test
    void theSameAddressGivenTwiceIsTriedOnce() {
        InetSocketAddress a = new InetSocketAddress(inet("198.51.100.1"), 443);
        InetSocketAddress b = new InetSocketAddress(inet("198.51.100.2"), 443);
        assertEquals(List.of(a, b), TlsCheck.capped(List.of(a, b, a, b)));
    }
}
