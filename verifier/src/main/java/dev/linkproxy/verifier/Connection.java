package dev.linkproxy.verifier;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.ScheduledFuture;

/** An open socket and the watchdog that closes it when the domain's total time runs out. */
final class Connection implements Closeable {

    private final InetSocketAddress address;
    private final ScheduledFuture<?> watchdog;
    private Socket socket;

    Connection(InetSocketAddress address, Socket socket, ScheduledFuture<?> watchdog) {
        this.address = address;
        this.socket = socket;
        this.watchdog = watchdog;
    }

    InetSocketAddress address() {
        return address;
    }

    Socket socket() {
        return socket;
    }

    /** Replaces the plain socket by the TLS socket layered on it (closing either closes both). */
    void layer(Socket tls) {
        this.socket = tls;
    }

    @Override
    public void close() {
        watchdog.cancel(false);
        try {
            socket.close();
        } catch (IOException ignored) {
            // Nothing is left to release: the socket is unusable either way.
        }
    }
}
