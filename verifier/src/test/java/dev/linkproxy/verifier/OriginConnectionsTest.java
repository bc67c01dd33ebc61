package dev.linkproxy.verifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The kept connections of a bulk run: bounded in number and in idle time, each answering to one domain's time. */
class OriginConnectionsTest {

    private final ScheduledThreadPoolExecutor watchdog = watchdog();
    private final Duration second = Duration.ofSeconds(1);
    private final Dialer dialer = new Dialer(new TimeLimits(second, second, second, second, second.multipliedBy(5)),
            watchdog, new AddressPolicy(List.of(Cidr.parse("127.0.0.0/8"))));
    private ServerSocket server;
    private OriginConnections.Key key;
    private final List<Connection> opened = new ArrayList<>();

    private static ScheduledThreadPoolExecutor watchdog() {
        ScheduledThreadPoolExecutor e = new ScheduledThreadPoolExecutor(1);
        e.setRemoveOnCancelPolicy(true);
        return e;
    }

    @BeforeEach
    void listen() throws IOException {
        server = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        key = new OriginConnections.Key(new InetSocketAddress("127.0.0.1", server.getLocalPort()), null);
    }

    @AfterEach
    void stop() throws IOException {
        opened.forEach(Connection::close);
        server.close();
        watchdog.shutdownNow();
    }

    @Test
    void aKeptConnectionIsTakenOverByTheNextDomainAndAnswersToItsTimeAlone() throws IOException {
        Deadline first = new Deadline(Duration.ofSeconds(5));
        Connection c = open(first);
        try (OriginConnections origins = new OriginConnections(2, Duration.ofSeconds(5), dialer)) {
            origins.keep(key, c);
            assertEquals(1, origins.idle());
            // The first domain ends: cancelling it must not touch a connection it no longer holds.
            first.cancel();
            Deadline second = new Deadline(Duration.ofSeconds(5));
            assertSame(c, origins.take(key, second).orElseThrow());
            assertEquals(0, origins.idle());
            assertFalse(c.socket().isClosed());
            // The domain that took it over is the one whose end closes it.
            second.cancel();
            assertTrue(c.socket().isClosed());
        }
    }

    @Test
    void aConnectionIdleTooLongIsClosedInsteadOfTaken() throws IOException, InterruptedException {
        Connection c = open(new Deadline(Duration.ofSeconds(5)));
        try (OriginConnections origins = new OriginConnections(2, Duration.ofMillis(20), dialer)) {
            origins.keep(key, c);
            Thread.sleep(60);
            assertTrue(origins.take(key, new Deadline(Duration.ofSeconds(5))).isEmpty());
            assertTrue(c.socket().isClosed());
            assertEquals(0, origins.idle());
        }
    }

    @Test
    void beyondTheLimitAndAfterTheRunConnectionsAreClosedNotKept() throws IOException {
        Connection a = open(new Deadline(Duration.ofSeconds(5)));
        Connection b = open(new Deadline(Duration.ofSeconds(5)));
        Connection late = open(new Deadline(Duration.ofSeconds(5)));
        OriginConnections origins = new OriginConnections(1, Duration.ofSeconds(5), dialer);
        assertTrue(origins.keeps());
        origins.keep(key, a);
        origins.keep(key, b);
        assertTrue(b.socket().isClosed(), "one idle connection at most");
        assertFalse(a.socket().isClosed());
        origins.close();
        assertTrue(a.socket().isClosed(), "closing the run closes what waits");
        assertFalse(origins.keeps());
        origins.keep(key, late);
        assertTrue(late.socket().isClosed(), "given back after the run: closed at once");
        assertEquals(0, origins.idle());
        assertEquals(0, watchdog.getQueue().size(), "a connection kept or closed is no longer watched");
    }

    @Test
    void aPoolOfNoneKeepsNothing() {
        try (OriginConnections none = new OriginConnections(0, Duration.ZERO, dialer)) {
            assertFalse(none.keeps());
        }
    }

    private Connection open(Deadline deadline) throws IOException {
        Connection c = dialer.connect(new InetSocketAddress("127.0.0.1", server.getLocalPort()), deadline);
        opened.add(c);
        return c;
    }
}
