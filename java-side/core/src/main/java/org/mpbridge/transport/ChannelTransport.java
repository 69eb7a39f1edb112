package org.mpbridge.transport;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.IllegalBlockingModeException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;

/**
 * A TCP or Unix-domain {@link SocketChannel} in blocking mode: <b>one file descriptor per connection</b> (the
 * socket; no selector of its own) and no thread. A read without a deadline is one blocking {@code read(2)}; a
 * reader and a writer thread proceed independently (the JDK keeps separate read and write locks). Writes are
 * gathering (header and body leave in one {@code writev}); TCP_NODELAY is on for TCP.
 *
 * <p>Deadlines: on TCP a timed read is the socket adaptor's {@code SO_TIMEOUT} read ({@code poll(2)} on the same
 * descriptor). JDK 17 has no timed read for a Unix-domain channel, so there a timed wait switches the channel to
 * non-blocking for the wait and watches it with a short-lived selector (two more descriptors while it waits, and
 * the switch waits for a write in progress on another thread). Servers that only need a deadline to drop a
 * connection (handshake, idle and read timeouts) use {@link Watchdog} instead, which costs no descriptor.
 */
public final class ChannelTransport implements ByteTransport {
    /**
     * Most bytes handed to one read or write call. The JDK copies a heap buffer's whole remainder into a
     * temporary direct buffer on every call (cached per thread), so this also bounds that cache.
     */
    static final int WINDOW = 256 * 1024;
    private static final int AHEAD = 8 * 1024;
    private final SocketChannel channel;
    private final String description;
    private final boolean tcp;
    private final Object readLock = new Object();
    private final Object writeLock = new Object();
    private InputStream timedInput;
    /** Bytes a poll read to learn that data had come; served before the socket. */
    private byte[] ahead;
    private int aheadPos;
    private int aheadLen;
    private boolean aheadEof;

    public ChannelTransport(SocketChannel channel, String description) throws IOException {
        this.channel = channel;
        this.description = description;
        channel.configureBlocking(true);
        this.tcp = channel.supportedOptions().contains(StandardSocketOptions.TCP_NODELAY);
        if (tcp) channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
    }

    public SocketChannel channel() {
        return channel;
    }

    @Override
    public int read(byte[] dst, int off, int len, long deadlineNanos) throws IOException {
        if (len == 0) return 0;
        synchronized (readLock) {
            int n = fromAhead(dst, off, len);
            if (n != 0) return n;
            if (deadlineNanos != NO_DEADLINE) {
                if (tcp) return timedTcpRead(dst, off, len, deadlineNanos);
                if (!awaitUnix(deadlineNanos)) throw Deadlines.timeout("reading from " + description);
                n = fromAhead(dst, off, len);
                if (n != 0) return n;
            }
            return channel.read(ByteBuffer.wrap(dst, off, Math.min(len, WINDOW)));
        }
    }

    private int fromAhead(byte[] dst, int off, int len) {
        if (aheadLen > aheadPos) {
            int n = Math.min(len, aheadLen - aheadPos);
            System.arraycopy(ahead, aheadPos, dst, off, n);
            aheadPos += n;
            return n;
        }
        if (aheadEof) return -1;
        return 0;
    }

    private int timedTcpRead(byte[] dst, int off, int len, long deadlineNanos) throws IOException {
        long left = Deadlines.remaining(deadlineNanos);
        if (left == 0) {
            if (!pollNow()) throw Deadlines.timeout("reading from " + description);
            return fromAhead(dst, off, len);
        }
        if (timedInput == null) timedInput = channel.socket().getInputStream();
        channel.socket().setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(left))));
        try {
            return timedInput.read(dst, off, Math.min(len, WINDOW));
        } catch (SocketTimeoutException e) {
            throw Deadlines.timeout("reading from " + description);
        }
    }

    @Override
    public void write(ByteBuffer... srcs) throws IOException {
        synchronized (writeLock) {
            if (remaining(srcs) <= WINDOW) {
                // the common case: header and body in one gathering write(v)
                while (remaining(srcs) > 0) {
                    if (channel.write(srcs) == 0) awaitWritable();
                }
                return;
            }
            for (ByteBuffer src : srcs) {
                while (src.hasRemaining()) {
                    ByteBuffer window = src.slice();
                    window.limit(Math.min(window.remaining(), WINDOW));
                    int n = channel.write(window);
                    src.position(src.position() + n);
                    if (n == 0) awaitWritable();
                }
            }
        }
    }

    /** A write returned 0: a Unix-domain timed read has the channel non-blocking for a moment; wait for room. */
    private void awaitWritable() throws IOException {
        try (Selector selector = Selector.open()) {
            channel.register(selector, SelectionKey.OP_WRITE);
            selector.select(10);
        } catch (IllegalBlockingModeException blockingAgain) {
            // the reader switched the channel back: the next write blocks as usual
        }
    }

    private static long remaining(ByteBuffer[] srcs) {
        long total = 0;
        for (ByteBuffer b : srcs) total += b.remaining();
        return total;
    }

    @Override
    public boolean awaitReadable(long timeoutNanos) throws IOException {
        synchronized (readLock) {
            if (aheadLen > aheadPos || aheadEof) return true;
            if (timeoutNanos <= 0) return pollNow();
            long deadline = System.nanoTime() + Math.min(timeoutNanos, Long.MAX_VALUE / 4);
            if (!tcp) return awaitUnix(deadline);
            if (ahead == null) ahead = new byte[AHEAD];
            try {
                int n = timedTcpRead(ahead, 0, ahead.length, deadline);
                keepAhead(n);
                return true;
            } catch (java.io.InterruptedIOException timeout) {
                return false;
            }
        }
    }

    private void keepAhead(int n) {
        if (n < 0) {
            aheadEof = true;
        } else {
            aheadPos = 0;
            aheadLen = n;
        }
    }

    /** Whether data or end of file is there now: one non-blocking read into the read-ahead buffer. */
    private boolean pollNow() throws IOException {
        if (ahead == null) ahead = new byte[AHEAD];
        channel.configureBlocking(false);
        try {
            int n = channel.read(ByteBuffer.wrap(ahead));
            if (n == 0) return false;
            keepAhead(n);
            return true;
        } finally {
            if (channel.isOpen()) channel.configureBlocking(true);
        }
    }

    /** Unix domain: waits for data or end of file until the deadline (non-blocking meanwhile, a transient selector). */
    private boolean awaitUnix(long deadlineNanos) throws IOException {
        if (pollNow()) return true;
        channel.configureBlocking(false);
        try (Selector selector = Selector.open()) {
            channel.register(selector, SelectionKey.OP_READ);
            while (true) {
                if (!channel.isOpen()) throw new ClosedChannelException();
                long left = Deadlines.remaining(deadlineNanos);
                if (left == 0) return false;
                long millis = left == Long.MAX_VALUE ? 0 : Math.max(1, TimeUnit.NANOSECONDS.toMillis(left));
                if (selector.select(millis) > 0) return true;
            }
        } finally {
            // closing the selector deregistered the channel, so it may block again
            if (channel.isOpen()) channel.configureBlocking(true);
        }
    }

    @Override
    public void shutdownOutput() throws IOException {
        channel.shutdownOutput();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    @Override
    public String describe() {
        return description;
    }
}
