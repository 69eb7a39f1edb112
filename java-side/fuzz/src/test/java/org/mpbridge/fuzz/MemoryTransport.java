package org.mpbridge.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import org.mpbridge.transport.ByteTransport;

/** A transport that reads a fixed input (in reads of at most {@code chunk} bytes), then end of file; records writes. */
final class MemoryTransport implements ByteTransport {
    private final byte[] input;
    private final int chunk;
    private int position;
    private final ByteArrayOutputStream written = new ByteArrayOutputStream();

    MemoryTransport(byte[] input, int chunk) {
        this.input = input;
        this.chunk = Math.max(1, chunk);
    }

    @Override
    public int read(byte[] dst, int off, int len, long deadlineNanos) {
        if (position == input.length) return -1;
        int n = Math.min(Math.min(len, chunk), input.length - position);
        System.arraycopy(input, position, dst, off, n);
        position += n;
        return n;
    }

    @Override
    public void write(ByteBuffer... srcs) {
        for (ByteBuffer b : srcs) {
            while (b.hasRemaining()) written.write(b.get());
        }
    }

    @Override
    public boolean awaitReadable(long timeoutNanos) {
        return true;
    }

    @Override
    public void close() {}

    @Override
    public String describe() {
        return "memory";
    }

    byte[] written() {
        return written.toByteArray();
    }
}
