package dev.linkproxy.verifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.linkproxy.verifier.support.TestServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * When a connection to the origin may carry the next domain's question: only after an HTTP/1.1 answer that keeps it and
 * whose body of known, modest length was read to its end. Anything else is closed, never guessed at.
 */
class HttpProbeKeepAliveTest {

    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor();
    private static final Duration SECOND = Duration.ofSeconds(1);
    private static final Dialer DIALER = new Dialer(new TimeLimits(SECOND, SECOND, SECOND, SECOND, SECOND.multipliedBy(5)),
            WATCHDOG, new AddressPolicy(List.of(Cidr.parse("127.0.0.0/8"))));

    @AfterAll
    static void stopWatchdog() {
        WATCHDOG.shutdownNow();
    }

    @Test
    void aKeptAnswerWithABodyOfKnownLengthIsReusable() throws IOException {
        String body = "<html>302 Found</html>";
        HttpProbe.Exchange e = exchange("HTTP/1.1 302 Found\r\nLocation: https://dest.test/\r\nContent-Length: "
                + body.length() + "\r\n\r\n" + body, true);
        assertEquals(302, e.answer().status());
        assertEquals("https://dest.test/", e.answer().location().orElseThrow());
        assertTrue(e.reusable());
    }

    @Test
    void aReusableConnectionCarriesTheNextRequest() throws IOException {
        try (TestServer server = TestServer.http(false, r -> TestServer.Response.redirect(302, "https://dest.test/"
                + r.header("host"))).keepAlive(TestServer.KeepAlive.ALWAYS)) {
            Deadline deadline = new Deadline(Duration.ofSeconds(5));
            try (Connection c = DIALER.connect(new InetSocketAddress("127.0.0.1", server.port()), deadline)) {
                for (String host : List.of("a.test", "b.test")) {
                    HttpProbe.Exchange e = HttpProbe.exchange(c, "/wf/click?upn=1", Map.of("Host", host), deadline,
                            SECOND, true);
                    assertEquals("https://dest.test/" + host, e.answer().location().orElseThrow());
                    assertTrue(e.reusable());
                }
            }
            assertEquals(1, server.connections());
            assertEquals(2, server.requests().size());
            assertEquals(null, server.requests().get(0).header("connection"));
        }
    }

    @Test
    void anAnswerThatDoesNotFrameItsBodyOrClosesIsNotKept() throws IOException {
        for (String head : List.of(
                "HTTP/1.1 302 Found\r\nLocation: /x\r\nConnection: close\r\nContent-Length: 0\r\n\r\n",
                "HTTP/1.1 302 Found\r\nLocation: /x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
                "HTTP/1.1 302 Found\r\nLocation: /x\r\n\r\n",
                "HTTP/1.1 302 Found\r\nLocation: /x\r\nContent-Length: many\r\n\r\n",
                "HTTP/1.1 302 Found\r\nLocation: /x\r\nContent-Length: " + (HttpProbe.MAX_KEPT_BODY + 1) + "\r\n\r\n",
                "HTTP/1.0 302 Found\r\nLocation: /x\r\nContent-Length: 0\r\n\r\n")) {
            assertFalse(exchange(head, true).reusable(), head);
        }
        assertFalse(exchange("HTTP/1.1 302 Found\r\nLocation: /x\r\nContent-Length: 0\r\n\r\n", false).reusable(),
                "a connection asked to close is never kept");
    }

    @Test
    void aConnectionClosedBeforeAnyAnswerIsNoAnswerButOneClosedMidAnswerIsAFailure() throws IOException {
        try (TestServer server = TestServer.rawHttp((request, out) -> out.close())) {
            assertThrows(HttpProbe.NoAnswer.class, () -> exchangeWith(server, true));
        }
        try (TestServer server = TestServer.rawHttp((request, out) -> {
            out.write("HTTP/1.1 302 Fo".getBytes(StandardCharsets.ISO_8859_1));
            out.close();
        })) {
            StepException e = assertThrows(StepException.class, () -> exchangeWith(server, true));
            assertFalse(e instanceof HttpProbe.NoAnswer, e.getMessage());
        }
        try (TestServer server = TestServer.rawHttp((request, out) -> {
            out.write("HTTP/1.1 302 Found\r\nLocation: /x\r\nContent-Length: 10\r\n\r\nabc".getBytes(StandardCharsets.ISO_8859_1));
            out.close();
        })) {
            StepException e = assertThrows(StepException.class, () -> exchangeWith(server, true));
            assertTrue(e.getMessage().contains("in the middle of the HTTP body"), e.getMessage());
        }
    }

    private static HttpProbe.Exchange exchange(String answer, boolean keepAlive) throws IOException {
        try (TestServer server = TestServer.rawHttp((request, out) -> {
            out.write(answer.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        })) {
            return exchangeWith(server, keepAlive);
        }
    }

    private static HttpProbe.Exchange exchangeWith(TestServer server, boolean keepAlive) throws IOException {
        Deadline deadline = new Deadline(Duration.ofSeconds(5));
        try (Connection c = DIALER.connect(new InetSocketAddress("127.0.0.1", server.port()), deadline)) {
            return HttpProbe.exchange(c, "/wf/click?upn=1", Map.of("Host", "a.test"), deadline, SECOND, keepAlive);
        }
    }
}
