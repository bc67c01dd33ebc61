package dev.linkproxy.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import org.conscrypt.AllocatedBuffer;
import org.junit.jupiter.api.Test;

class DirectBufferPoolTest {

    @Test
    void aReleasedBufferServesTheNextRequestOfItsSizeClearedAndOnlyOnce() {
        DirectBufferPool pool = new DirectBufferPool(8);
        AllocatedBuffer first = pool.allocateDirectBuffer(16_709);
        ByteBuffer buffer = first.nioBuffer();
        assertTrue(buffer.isDirect());
        assertEquals(16_709, buffer.capacity());
        buffer.put((byte) 1).flip();
        first.release();
        first.release(); // a second release changes nothing: the buffer is pooled once
        assertEquals(1, pool.idle());

        AllocatedBuffer again = pool.allocateDirectBuffer(16_709);
        assertSame(buffer, again.nioBuffer());
        assertEquals(0, again.nioBuffer().position());
        assertEquals(16_709, again.nioBuffer().limit());
        assertEquals(0, pool.idle());
        assertNotSame(buffer, pool.allocateDirectBuffer(16_709).nioBuffer(), "one buffer is lent to one user at a time");
        assertEquals(1_024, pool.allocateDirectBuffer(1_024).nioBuffer().capacity(), "another size, another buffer");
    }

    @Test
    void noMoreThanTheBoundStayIdle() {
        DirectBufferPool pool = new DirectBufferPool(2);
        AllocatedBuffer a = pool.allocateDirectBuffer(100);
        AllocatedBuffer b = pool.allocateDirectBuffer(100);
        AllocatedBuffer c = pool.allocateDirectBuffer(100);
        a.release();
        b.release();
        c.release(); // left to the garbage collector
        assertEquals(2, pool.idle());
        pool.allocateDirectBuffer(100);
        pool.allocateDirectBuffer(100);
        assertEquals(0, pool.idle());
    }
}
