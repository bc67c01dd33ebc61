package dev.linkproxy.verifier;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.ScheduledFuture;

/**
 * An open socket, the watchdog that closes it when the domain's total time runs out, and its place in the domain's
 * {@link Deadline} (so that cancelling the domain closes it). Nothing is left registered once it is closed.
 */
final class Connection implements Closeable {

    private final InetSocketAddress address;
    private final Socket plain;
    private final ScheduledFuture<?> watchdog;
    private final Deadline deadline;
    private volatile Socket socket;

    Connection(InetSocketAddress address, Socket plain, ScheduledFuture<?> watchdog, Deadline deadline) {
        this.address = address;
        this.plain = plain;
        this.socket = plain;
        this.watchdog = watchdog;
        this.deadline = deadline;
        deadline.opened(this);
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

    /**
     * Closes the plain socket from another thread, which unblocks whatever reads or handshakes on it. The TLS layer is
     * not closed here: closing a TLS socket sends an alert, which can wait on the thread that is blocked.
     */
    void abort() {
        closeQuietly(plain);
    }

    @Override
    public void close() {
        watchdog.cancel(false);
        deadline.closed(this);
        closeQuietly(socket);
    }

    static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // Nothing is left to release: the socket is unusable either way.
        }
    }
}
