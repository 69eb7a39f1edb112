package org.mpbridge.transport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;

/**
 * A deliberately hostile decorator (okio's OneByteAtATimeSource): every read returns at most
 * {@code maxChunk} bytes and every write leaves in pieces of 1..maxChunk bytes, one system call each.
 * Framing and handshake code must not care.
 */
public final class FragmentingTransport implements ByteTransport {
    private final ByteTransport delegate;
    private final int maxChunk;
    private final SplittableRandom random;

    public FragmentingTransport(ByteTransport delegate, int maxChunk, long seed) {
        if (maxChunk < 1) throw new IllegalArgumentException("maxChunk < 1: " + maxChunk);
        this.delegate = delegate;
        this.maxChunk = maxChunk;
        this.random = new SplittableRandom(seed);
    }

    /** One byte per read and per write. */
    public static FragmentingTransport oneByteAtATime(ByteTransport delegate) {
        return new FragmentingTransport(delegate, 1, 0);
    }

    @Override
    public int read(byte[] dst, int off, int len, long deadlineNanos) throws IOException {
        return delegate.read(dst, off, Math.min(len, chunk()), deadlineNanos);
    }

    @Override
    public void write(ByteBuffer... srcs) throws IOException {
        for (ByteBuffer src : srcs) {
            while (src.hasRemaining()) {
                int n = Math.min(src.remaining(), chunk());
                ByteBuffer piece = src.slice();
                piece.limit(n);
                delegate.write(piece);
                src.position(src.position() + n);
            }
        }
    }

    private int chunk() {
        return maxChunk == 1 ? 1 : 1 + random.nextInt(maxChunk);
    }

    @Override
    public boolean awaitReadable(long timeoutNanos) throws IOException {
        return delegate.awaitReadable(timeoutNanos);
    }

    @Override
    public void shutdownOutput() throws IOException {
        delegate.shutdownOutput();
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }

    @Override
    public String describe() {
        return "fragmenting(" + delegate.describe() + ")";
    }
}
