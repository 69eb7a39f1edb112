package org.mpbridge.transport;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.mpbridge.internal.posix.Errno;
import org.mpbridge.internal.posix.FdIo;

/**
 * A readable file descriptor (this process's stdin: the child's end of a parent's {@code Pipe()}) read as CPython's
 * {@code Connection} reads it: {@code poll(2)} for readiness, {@code read(2)} of at most the bytes asked for. Nothing
 * is read ahead, so a process that only polls, or stops reading, leaves every byte it was not asked to deliver in the
 * pipe for the next reader (CPython's {@code test_boundaries}). Writes go to a plain stream (nothing to read ahead).
 *
 * <p>Waits: {@code poll} is restarted after EINTR with the time left; deadlines are honoured to the millisecond;
 * {@link #close()} wakes a thread blocked in {@code poll} (a self-pipe), and an interrupted thread gets
 * {@link InterruptedIOException} within {@value #INTERRUPT_CHECK_MILLIS} ms. Needs {@link FdIo#available()}
 * (little-endian Linux); {@link StreamTransport} is the portable fallback.
 */
public final class FdTransport implements ByteTransport {
    static final int INTERRUPT_CHECK_MILLIS = 200;
    private static final int CHUNK = 64 * 1024;

    private final int fd;
    private final OutputStream out;
    private final String description;
    private final int[] wake = new int[2];
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicBoolean released = new AtomicBoolean();
    private final Object readLock = new Object();
    private byte[] chunk = new byte[0];
    private volatile boolean closed;

    /**
     * @param fd  the descriptor to read (owned: closed by {@link #close()})
     * @param out where writes go, or null for a read-only transport
     */
    public FdTransport(int fd, OutputStream out, String description) throws IOException {
        if (!FdIo.available()) throw new IOException("FdTransport needs poll(2) (little-endian Linux): " + description);
        if (FdIo.pipe(wake) != 0) throw new IOException("pipe(2) for " + description + ": " + Errno.describe(Errno.last()));
        this.fd = fd;
        this.out = out;
        this.description = description;
    }

    @Override
    public int read(byte[] dst, int off, int len, long deadlineNanos) throws IOException {
        if (len == 0) return 0;
        enter();
        try {
            synchronized (readLock) {
                while (true) {
                    if (!pollUntil(deadlineNanos)) throw Deadlines.timeout("reading from " + description);
                    int want = Math.min(len, CHUNK);
                    if (chunk.length < want) chunk = new byte[want];
                    long n = FdIo.read(fd, chunk, want);
                    if (n > 0) {
                        System.arraycopy(chunk, 0, dst, off, (int) n);
                        return (int) n;
                    }
                    if (n == 0) return -1;
                    int errno = Errno.last();
                    if (errno != Errno.EINTR && errno != Errno.EAGAIN) {
                        throw new IOException("read(2) from " + description + ": " + Errno.describe(errno));
                    }
                }
            }
        } finally {
            leave();
        }
    }

    @Override
    public boolean awaitReadable(long timeoutNanos) throws IOException {
        enter();
        try {
            return pollUntil(timeoutNanos <= 0 ? System.nanoTime() : Deadlines.after(Duration.ofNanos(timeoutNanos)));
        } finally {
            leave();
        }
    }

    /** True once {@code fd} is readable (data, end of file or an error a read will report); false at the deadline. */
    private boolean pollUntil(long deadlineNanos) throws IOException {
        int[] fds = {fd, FdIo.POLLIN, wake[0], FdIo.POLLIN};
        while (true) {
            if (closed) throw new IOException("transport is closed: " + description);
            if (Thread.currentThread().isInterrupted()) throw new InterruptedIOException("interrupted while polling " + description);
            long left = Deadlines.remaining(deadlineNanos);
            int millis = (int) Math.min(INTERRUPT_CHECK_MILLIS, TimeUnit.NANOSECONDS.toMillis(Math.min(left, Long.MAX_VALUE / 2) + 999_999));
            fds[1] = FdIo.POLLIN;
            fds[3] = FdIo.POLLIN;
            int rc = FdIo.poll(fds, 2, millis);
            if (rc < 0) {
                int errno = Errno.last();
                if (errno == Errno.EINTR) continue;  // a signal: poll again for the time left
                throw new IOException("poll(2) on " + description + ": " + Errno.describe(errno));
            }
            if (rc > 0) {
                if (FdIo.revents(fds, 1) != 0) throw new IOException("transport is closed: " + description);
                if ((FdIo.revents(fds, 0) & (FdIo.POLLIN | FdIo.POLLHUP | FdIo.POLLERR | FdIo.POLLNVAL)) != 0) return true;
            }
            if (left == 0) return false;
        }
    }

    @Override
    public void write(ByteBuffer... srcs) throws IOException {
        if (out == null) throw new IOException("transport is read-only: " + description);
        if (closed) throw new IOException("transport is closed: " + description);
        StreamWrites.write(out, srcs);
    }

    @Override
    public void shutdownOutput() throws IOException {
        if (out != null) out.close();
    }

    private void enter() throws IOException {
        active.incrementAndGet();
        if (closed) {
            leave();
            throw new IOException("transport is closed: " + description);
        }
    }

    private void leave() {
        if (active.decrementAndGet() == 0 && closed) release();
    }

    /** Closes the descriptors once no thread is inside a read or poll (so none polls a reused number). */
    private void release() {
        if (!released.compareAndSet(false, true)) return;
        FdIo.close(fd);
        FdIo.close(wake[0]);
        FdIo.close(wake[1]);
    }

    @Override
    public void close() throws IOException {
        if (closed) return;
        closed = true;
        FdIo.write(wake[1], new byte[] {1}, 1);  // wakes a poll in progress
        if (active.get() == 0) release();
        if (out != null) out.close();
    }

    @Override
    public String describe() {
        return description;
    }
}
