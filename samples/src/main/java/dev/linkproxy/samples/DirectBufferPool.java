package dev.linkproxy.samples;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.conscrypt.AllocatedBuffer;
import org.conscrypt.BufferAllocator;

/**
 * Conscrypt's direct buffers, reused. Without an allocator each Conscrypt connection takes a direct buffer of about
 * 17 KB that only the garbage collector frees, so a bulk {@code verify}'s memory grew with the number of domains
 * (about 30 KB each); with this one a buffer Conscrypt releases (when its connection closes) serves the next
 * connection, and at most {@code maxIdle} are kept idle.
 */
final class DirectBufferPool extends BufferAllocator {

    private final Map<Integer, Queue<ByteBuffer>> idle = new ConcurrentHashMap<>();
    private final AtomicInteger idleCount = new AtomicInteger();
    private final int maxIdle;

    DirectBufferPool(int maxIdle) {
        this.maxIdle = maxIdle;
    }

    @Override
    public AllocatedBuffer allocateDirectBuffer(int capacity) {
        ByteBuffer buffer = queue(capacity).poll();
        if (buffer == null) {
            buffer = ByteBuffer.allocateDirect(capacity);
        } else {
            idleCount.decrementAndGet();
            buffer.clear();
        }
        return new Lent(buffer);
    }

    /** How many buffers are idle now (for tests). */
    int idle() {
        return idleCount.get();
    }

    private Queue<ByteBuffer> queue(int capacity) {
        return idle.computeIfAbsent(capacity, c -> new ConcurrentLinkedQueue<>());
    }

    /** A buffer lent to one user; released once, it goes back to the pool or, when the pool is full, to the GC. */
    private final class Lent extends AllocatedBuffer {
        private final ByteBuffer buffer;
        private final AtomicBoolean released = new AtomicBoolean();

        Lent(ByteBuffer buffer) {
            this.buffer = buffer;
        }

        @Override
        public ByteBuffer nioBuffer() {
            return buffer;
        }

        @Override
        public AllocatedBuffer release() {
            if (released.compareAndSet(false, true)) {
                if (idleCount.incrementAndGet() <= maxIdle) {
                    queue(buffer.capacity()).offer(buffer);
                } else {
                    idleCount.decrementAndGet();
                }
            }
            return this;
        }
    }
}
