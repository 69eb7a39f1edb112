package org.mpbridge.transport;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;

/**
 * A TCP or Unix-domain {@link SocketChannel} in non-blocking mode, with one selector for reads and one for
 * writes so that a reader and a writer thread never wait on each other. Every wait is bounded by a deadline.
 * Writes are gathering (header and body leave in one {@code writev}); TCP_NODELAY is on for TCP.
 */
public final class ChannelTransport implements ByteTransport {
    /**
     * Most bytes handed to one read or write call. The JDK copies a heap buffer's whole remainder into a
     * temporary direct buffer on every call, so unbounded windows make a 2 GiB frame quadratic.
     */
    static final int WINDOW = 256 * 1024;
    private final SocketChannel channel;
    private final Selector readSelector;
    private final Selector writeSelector;
    private final String description;

    public ChannelTransport(SocketChannel channel, String description) throws IOException {
        this.channel = channel;
        this.description = description;
        channel.configureBlocking(false);
        if (channel.supportedOptions().contains(StandardSocketOptions.TCP_NODELAY)) {
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        }
        this.readSelector = Selector.open();
        this.writeSelector = Selector.open();
        channel.register(readSelector, SelectionKey.OP_READ);
        channel.register(writeSelector, SelectionKey.OP_WRITE);
    }

    public SocketChannel channel() {
        return channel;
    }

    @Override
    public int read(byte[] dst, int off, int len, long deadlineNanos) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(dst, off, Math.min(len, WINDOW));
        synchronized (readSelector) {
            while (true) {
                int n = channel.read(buffer);
                if (n != 0) return n;
                if (!await(readSelector, deadlineNanos)) throw Deadlines.timeout("reading from " + description);
            }
        }
    }

    @Override
    public void write(ByteBuffer... srcs) throws IOException {
        synchronized (writeSelector) {
            if (remaining(srcs) <= WINDOW) {
                // the common case: header and body in one gathering write(v)
                while (remaining(srcs) > 0) {
                    if (channel.write(srcs) == 0) await(writeSelector, NO_DEADLINE);
                }
                return;
            }
            for (ByteBuffer src : srcs) {
                while (src.hasRemaining()) {
                    ByteBuffer window = src.slice();
                    window.limit(Math.min(window.remaining(), WINDOW));
                    int n = channel.write(window);
                    src.position(src.position() + n);
                    if (n == 0) await(writeSelector, NO_DEADLINE);
                }
            }
        }
    }

    private static long remaining(ByteBuffer[] srcs) {
        long total = 0;
        for (ByteBuffer b : srcs) total += b.remaining();
        return total;
    }

    @Override
    public boolean awaitReadable(long timeoutNanos) throws IOException {
        synchronized (readSelector) {
            long deadline = System.nanoTime() + Math.min(timeoutNanos, Long.MAX_VALUE / 4);
            return await(readSelector, deadline);
        }
    }

    /** Waits for the selector's single key; false when the deadline passed first. */
    private boolean await(Selector selector, long deadlineNanos) throws IOException {
        while (true) {
            if (!channel.isOpen()) throw new java.nio.channels.ClosedChannelException();
            long left = Deadlines.remaining(deadlineNanos);
            if (left == 0) {
                boolean ready = selector.selectNow() > 0 || !selector.selectedKeys().isEmpty();
                selector.selectedKeys().clear();
                return ready;
            }
            long millis = left == Long.MAX_VALUE ? 0 : Math.max(1, TimeUnit.NANOSECONDS.toMillis(left));
            int ready = selector.select(millis);
            if (ready > 0 || !selector.selectedKeys().isEmpty()) {
                selector.selectedKeys().clear();
                return true;
            }
        }
    }

    @Override
    public void shutdownOutput() throws IOException {
        channel.shutdownOutput();
    }

    @Override
    public void close() throws IOException {
        readSelector.wakeup();
        writeSelector.wakeup();
        try {
            channel.close();
        } finally {
            readSelector.close();
            writeSelector.close();
        }
    }

    @Override
    public String describe() {
        return description;
    }
}
