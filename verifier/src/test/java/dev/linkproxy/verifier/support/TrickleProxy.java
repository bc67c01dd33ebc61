package dev.linkproxy.verifier.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy on 127.0.0.1 in front of a real server: what the client sends passes at once, what the server answers
 * reaches the client one byte per {@code interval}. In front of a TLS server it trickles the ServerHello, so a
 * handshake is real and never finishes in time.
 */
public final class TrickleProxy implements AutoCloseable {

    private final ServerSocket server;
    private final int targetPort;
    private final long intervalMillis;
    private final List<Socket> open = new CopyOnWriteArrayList<>();

    private TrickleProxy(ServerSocket server, int targetPort, Duration interval) {
        this.server = server;
        this.targetPort = targetPort;
        this.intervalMillis = interval.toMillis();
        daemon(this::accept, "trickle-proxy-" + server.getLocalPort());
    }

    /** Trickles what 127.0.0.1:{@code targetPort} answers, one byte per {@code interval}. */
    public static TrickleProxy to(int targetPort, Duration interval) {
        try {
            ServerSocket s = new ServerSocket();
            s.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            return new TrickleProxy(s, targetPort, interval);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return server.getLocalPort();
    }

    @Override
    public void close() {
        closeQuietly(server);
        open.forEach(TrickleProxy::closeQuietly);
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(InetAddress.getByName("127.0.0.1"), targetPort);
                open.add(client);
                open.add(upstream);
                daemon(() -> pump(client, upstream, 0), "trickle-proxy-up");
                daemon(() -> pump(upstream, client, intervalMillis), "trickle-proxy-down");
            } catch (IOException e) {
                // Closed: the loop ends.
            }
        }
    }

    private static void pump(Socket from, Socket to, long pauseMillis) {
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            byte[] buf = new byte[pauseMillis > 0 ? 1 : 8192];
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                out.write(buf, 0, n);
                out.flush();
                if (pauseMillis > 0) {
                    Thread.sleep(pauseMillis);
                }
            }
        } catch (IOException e) {
            // One side went away.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // Nothing to do.
        }
    }

    private static void daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
    }
}
