package dev.linkproxy.verifier;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Connections to the ESP's origin kept open between the domains of one bulk run. Every domain asks the origin the
 * same kind of question on the same host: a kept-alive connection spares a TCP and TLS handshake per domain (on both
 * ends: the origin is someone else's server), while every link domain's own edge still gets a full handshake of its
 * own. The origin's certificate was judged in full when the connection was opened; it is not what is being verified.
 *
 * <p>At most {@code maxIdle} connections wait per origin address, none longer than {@code maxIdleTime} (a server
 * closes idle connections when it likes; one that did is replaced, see {@link HttpProbe.NoAnswer}). Closing this
 * closes every idle connection, and connections given back afterwards are closed at once: nothing outlives the run.
 */
final class OriginConnections implements AutoCloseable {

    /** Shorter than any common server's keep-alive timeout, so that few kept connections are found closed. */
    static final Duration MAX_IDLE = Duration.ofSeconds(4);

    /** Where a connection goes and what it was judged for: the address, and the TLS server name (null for HTTP). */
    record Key(InetSocketAddress address, String serverName) {
    }

    private record Idle(Connection connection, long since) {
    }

    private final int maxIdle;
    private final long maxIdleNanos;
    private final Dialer dialer;
    private final Map<Key, Deque<Idle>> idle = new ConcurrentHashMap<>();
    private final AtomicInteger idleCount = new AtomicInteger();
    private volatile boolean closed;

    OriginConnections(int maxIdle, Duration maxIdleTime, Dialer dialer) {
        this.maxIdle = maxIdle;
        this.maxIdleNanos = maxIdleTime.toNanos();
        this.dialer = dialer;
    }

    /** A kept connection for {@code key}, now answering to {@code deadline}; empty when none is idle. */
    Optional<Connection> take(Key key, Deadline deadline) {
        Deque<Idle> queue = idle.get(key);
        for (Idle i; queue != null && (i = queue.pollFirst()) != null; ) {
            idleCount.decrementAndGet();
            if (System.nanoTime() - i.since() > maxIdleNanos) {
                i.connection().close();
                continue;
            }
            dialer.attach(i.connection(), deadline);
            return Optional.of(i.connection());
        }
        return Optional.empty();
    }

    /** Keeps {@code c}, whose last answer was read to its end, for the next domain (or closes it when full or closed). */
    void keep(Key key, Connection c) {
        c.detach();
        if (closed) {
            c.close();
            return;
        }
        if (idleCount.incrementAndGet() > maxIdle) {
            idleCount.decrementAndGet();
            c.close();
            return;
        }
        idle.computeIfAbsent(key, k -> new ConcurrentLinkedDeque<>()).addFirst(new Idle(c, System.nanoTime()));
        if (closed) {
            closeIdle();
        }
    }

    /** Whether connections are kept at all (a single verification keeps none). */
    boolean keeps() {
        return maxIdle > 0 && !closed;
    }

    /** Idle connections now (for tests). */
    int idle() {
        return idleCount.get();
    }

    @Override
    public void close() {
        closed = true;
        closeIdle();
    }

    private void closeIdle() {
        idle.values().forEach(queue -> {
            for (Idle i; (i = queue.pollFirst()) != null; ) {
                idleCount.decrementAndGet();
                i.connection().close();
            }
        });
    }
}
