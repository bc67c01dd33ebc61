package dev.linkproxy.verifier;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.ScheduledFuture;

/**
 * An open socket, the watchdog that closes it when the domain's total time runs out, and its place in the domain's
 * {@link Deadline} (so that cancelling the domain closes it). Nothing is left registered once it is closed.
 *
 * <p>A connection kept alive for the next domain of a bulk run ({@link OriginConnections}) is {@link #detach()
 * detached} from the domain that opened it and {@link #attach attached} to the one that takes it over: it always
 * answers to exactly one domain's time, or, while idle, to none. One thread uses it at a time.
 */
final class Connection implements Closeable {

    private final InetSocketAddress address;
    private final Socket plain;
    private volatile Socket socket;
    private ScheduledFuture<?> watchdog;
    private Deadline deadline;

    /** A connection on {@code plain}, answering to no domain's time until it is {@link #attach attached}. */
    Connection(InetSocketAddress address, Socket plain) {
        this.address = address;
        this.plain = plain;
        this.socket = plain;
    }

    /** Puts the connection under {@code deadline}, with {@code watchdog} closing it when that time runs out. */
    void attach(Deadline deadline, ScheduledFuture<?> watchdog) {
        this.deadline = deadline;
        this.watchdog = watchdog;
        deadline.opened(this);
    }

    /** Takes the connection out of its domain's time, open, so that another domain can take it over. */
    void detach() {
        if (watchdog != null) {
            watchdog.cancel(false);
            deadline.closed(this);
        }
        watchdog = null;
        deadline = null;
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
        detach();
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
