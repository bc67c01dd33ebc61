package dev.linkproxy.verifier.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import javax.net.ssl.SSLContext;

/**
 * A loopback HTTP or HTTPS server that answers each request through a handler, records what it was asked, and listens on
 * 127.0.0.1 and, when asked, on ::1 with the same port.
 */
public final class TestServer implements AutoCloseable {

    /** A request as the server saw it; header names in lower case. */
    public record Request(String method, String target, Map<String, String> headers) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** An answer: a status and headers, with an empty body. */
    public record Response(int status, Map<String, String> headers) {
        public static Response redirect(int status, String location) {
            return new Response(status, Map.of("Location", location));
        }

        public static Response status(int status) {
            return new Response(status, Map.of());
        }
    }

    /**
     * Writes whatever bytes it likes as the answer to a request (for hostile answers); the request head has been read.
     * It may write forever: the write fails once the client has gone, which ends it.
     */
    @FunctionalInterface
    public interface RawAnswer {
        void write(Request request, OutputStream out) throws IOException, InterruptedException;
    }

    private enum Mode { HTTP, SILENT, TLS_ALERT, TRICKLE, RAW }

    /** What an HTTP server does with a connection after an answer. */
    public enum KeepAlive {
        /** Says {@code Connection: close} and closes it (the default). */
        NEVER,
        /** Keeps it open for the next request unless the client asked to close it. */
        ALWAYS,
        /** Says nothing about closing, then closes it: what a server does to a connection left idle too long. */
        DROPS_IDLE
    }

    private final List<ServerSocket> sockets;
    private final Mode mode;
    private final Function<Request, Response> handler;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final RawAnswer raw;
    private final AtomicInteger live = new AtomicInteger();
    private volatile KeepAlive keepAlive = KeepAlive.NEVER;

    private TestServer(List<ServerSocket> sockets, Mode mode, Function<Request, Response> handler) {
        this(sockets, mode, handler, null);
    }

    private TestServer(List<ServerSocket> sockets, Mode mode, Function<Request, Response> handler, RawAnswer raw) {
        this.sockets = sockets;
        this.mode = mode;
        this.handler = handler;
        this.raw = raw;
        for (ServerSocket s : sockets) {
            Thread t = new Thread(() -> accept(s), "test-server-" + s.getLocalPort());
            t.setDaemon(true);
            t.start();
        }
    }

    /** An HTTPS server presenting {@code tls}'s certificate, on 127.0.0.1 and ({@code ipv6}) ::1. */
    public static TestServer https(SSLContext tls, boolean ipv6, Function<Request, Response> handler) {
        return new TestServer(bind(ipv6, () -> tls.getServerSocketFactory().createServerSocket()), Mode.HTTP, handler);
    }

    /** A plain HTTP server on 127.0.0.1 and ({@code ipv6}) ::1. */
    public static TestServer http(boolean ipv6, Function<Request, Response> handler) {
        return new TestServer(bind(ipv6, ServerSocket::new), Mode.HTTP, handler);
    }

    /** An HTTPS server presenting {@code tls}'s certificate on each of {@code addresses} (loopback), one port for all. */
    /** A plain HTTP server on each of {@code addresses}, with the same port. */
    public static TestServer http(List<String> addresses, Function<Request, Response> handler) {
        return new TestServer(bind(addresses, ServerSocket::new), Mode.HTTP, handler);
    }

    public static TestServer https(SSLContext tls, List<String> addresses, Function<Request, Response> handler) {
        return new TestServer(bind(addresses, () -> tls.getServerSocketFactory().createServerSocket()), Mode.HTTP,
                handler);
    }

    /** An HTTPS server on 127.0.0.1 that reads a request and answers with whatever {@code answer} writes. */
    public static TestServer rawHttps(SSLContext tls, RawAnswer answer) {
        return new TestServer(bind(false, () -> tls.getServerSocketFactory().createServerSocket()), Mode.RAW, null,
                answer);
    }

    /** A plain HTTP server on 127.0.0.1 that reads a request and answers with whatever {@code answer} writes. */
    public static TestServer rawHttp(RawAnswer answer) {
        return new TestServer(bind(false, ServerSocket::new), Mode.RAW, null, answer);
    }

    /** Accepts TCP connections and never sends a byte. */
    public static TestServer silent(boolean ipv6) {
        return new TestServer(bind(ipv6, ServerSocket::new), Mode.SILENT, null);
    }

    /** A plain HTTP server that reads the request, then sends its answer one byte every 100 ms, forever. */
    public static TestServer trickling() {
        return new TestServer(bind(false, ServerSocket::new), Mode.TRICKLE, null);
    }

    /** Answers every TLS ClientHello with the alert a server that speaks only TLS 1.0/1.1 sends: protocol_version. */
    public static TestServer tlsAlert() {
        return new TestServer(bind(false, ServerSocket::new), Mode.TLS_ALERT, null);
    }

    public int port() {
        return sockets.get(0).getLocalPort();
    }

    public List<Request> requests() {
        return requests;
    }

    /** Sets what the server does with a connection after each answer. */
    public TestServer keepAlive(KeepAlive keepAlive) {
        this.keepAlive = keepAlive;
        return this;
    }

    /** How many accepted connections neither side has closed yet. */
    public int openConnections() {
        return live.get();
    }

    /** How many TCP connections were accepted so far, on all addresses. */
    public int connections() {
        return connections.get();
    }

    @Override
    public void close() {
        for (ServerSocket s : sockets) {
            try {
                s.close();
            } catch (IOException ignored) {
                // The test is over.
            }
        }
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException ignored) {
                // The test is over.
            }
        }
    }

    private interface SocketMaker {
        ServerSocket make() throws IOException;
    }

    private static List<ServerSocket> bind(boolean ipv6, SocketMaker maker) {
        return bind(ipv6 ? List.of("127.0.0.1", "::1") : List.of("127.0.0.1"), maker);
    }

    /** Binds one socket per address, all on the port the first one got. */
    private static List<ServerSocket> bind(List<String> addresses, SocketMaker maker) {
        for (int attempt = 0; attempt < 20; attempt++) {
            List<ServerSocket> bound = new ArrayList<>();
            try {
                for (String address : addresses) {
                    InetAddress a = InetAddress.getByName(address);
                    if (!a.isLoopbackAddress()) {
                        throw new IllegalArgumentException(address + " is not a loopback address");
                    }
                    ServerSocket s = maker.make();
                    bound.add(s);
                    s.bind(new InetSocketAddress(a, bound.size() == 1 ? 0 : bound.get(0).getLocalPort()));
                }
                return bound;
            } catch (IOException e) {
                for (ServerSocket s : bound) {
                    try {
                        s.close();
                    } catch (IOException ignored) {
                        // Retrying on another port.
                    }
                }
            }
        }
        throw new UncheckedIOException(new IOException("no free loopback port"));
    }

    private void accept(ServerSocket server) {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                connections.incrementAndGet();
                live.incrementAndGet();
                open.add(s);
                Thread t = new Thread(() -> serve(s), "test-server-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                // Closed: the loop ends.
            }
        }
    }

    private void serve(Socket s) {
        if (mode == Mode.SILENT) {
            return;
        }
        try (s) {
            serveOn(s);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // A client that refused our certificate, or went away: nothing to answer.
        } finally {
            live.decrementAndGet();
        }
    }

    private void serveOn(Socket s) throws IOException, InterruptedException {
        if (mode == Mode.TLS_ALERT) {
            s.getInputStream().read(new byte[512]);
            s.getOutputStream().write(new byte[] {0x15, 0x03, 0x01, 0x00, 0x02, 0x02, 0x46});
            s.getOutputStream().flush();
            return;
        }
        if (mode == Mode.TRICKLE) {
            s.getInputStream().read(new byte[512]);
            for (int i = 0; !s.isClosed(); i++) {
                s.getOutputStream().write("HTTP/1.1 302 ".charAt(i % 13));
                s.getOutputStream().flush();
                Thread.sleep(100);
            }
            return;
        }
        BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (!answer(s, in, line)) {
                return;
            }
        }
    }

    /** Reads the rest of one request and answers it; true when the connection stays open for another. */
    private boolean answer(Socket s, BufferedReader in, String line) throws IOException, InterruptedException {
        String[] parts = line.split(" ");
        Map<String, String> headers = new LinkedHashMap<>();
        for (String h = in.readLine(); h != null && !h.isEmpty(); h = in.readLine()) {
            int colon = h.indexOf(':');
            headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
        }
        Request request = new Request(parts[0], parts[1], headers);
        requests.add(request);
        if (mode == Mode.RAW) {
            raw.write(request, s.getOutputStream());
            return false;
        }
        Response response = handler.apply(request);
        KeepAlive k = "close".equalsIgnoreCase(request.header("connection")) ? KeepAlive.NEVER : keepAlive;
        StringBuilder out = new StringBuilder("HTTP/1.1 ").append(response.status()).append(" Test\r\n");
        response.headers().forEach((name, v) -> out.append(name).append(": ").append(v).append("\r\n"));
        out.append("Content-Length: 0\r\n").append(k == KeepAlive.NEVER ? "Connection: close\r\n" : "")
                .append("\r\n");
        OutputStream o = s.getOutputStream();
        o.write(out.toString().getBytes(StandardCharsets.ISO_8859_1));
        o.flush();
        return k == KeepAlive.ALWAYS;
    }
}
