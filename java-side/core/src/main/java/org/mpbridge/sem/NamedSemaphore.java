package org.mpbridge.sem;

import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.mpbridge.internal.posix.ClockWait;
import org.mpbridge.internal.posix.Errno;
import org.mpbridge.internal.posix.LibC;

/**
 * A POSIX named semaphore ({@code sem_open(3)}), the object behind every {@code multiprocessing} lock and
 * semaphore: {@code /name} lives in {@code /dev/shm/sem.name} (glibc) and any process of the same user can open
 * it. This is the raw semaphore; {@link SemLock} adds CPython's kinds and {@code maxvalue} rules on top.
 *
 * <p>Waits are cancellable: a blocked {@code sem_wait} ignores {@link Thread#interrupt()}, so every wait runs as
 * timed slices of at most {@link #WAIT_SLICE_NS} ({@code sem_clockwait} on {@code CLOCK_MONOTONIC}, or
 * {@code sem_timedwait} on {@code CLOCK_REALTIME} before glibc 2.30) and checks the interrupt flag between
 * slices; {@code EINTR} is retried. A post wakes a waiter at once, whatever the slice.
 *
 * <p>Thread-safe. {@link #close()} must not race with a wait on the same object (as with {@code sem_close}).
 */
public final class NamedSemaphore implements AutoCloseable {
    /** {@code SEM_VALUE_MAX} on Linux. */
    public static final int SEM_VALUE_MAX = Integer.MAX_VALUE;
    /** Longest uninterruptible native wait: bounds how late an interrupt is noticed. */
    public static final long WAIT_SLICE_NS = TimeUnit.MILLISECONDS.toNanos(50);
    /** The mode CPython's SemLock uses. */
    public static final int MODE = 0600;
    /** Linux {@code NAME_MAX} minus glibc's {@code "sem."} prefix. */
    public static final int NAME_MAX = 251;

    private final String name;
    private volatile Pointer handle;

    private NamedSemaphore(String name, Pointer handle) {
        this.name = name;
        this.handle = handle;
    }

    /** {@code sem_open(name, O_CREAT|O_EXCL, 0600, value)}; fails if the name exists. */
    public static NamedSemaphore create(String name, int value) throws IOException {
        checkName(name);
        if (value < 0) throw new IllegalArgumentException("semaphore initial value must be >= 0, got " + value);
        Pointer h = LibC.Variadic.INSTANCE.sem_open(name, LibC.O_CREAT | LibC.O_EXCL, MODE, value);
        if (h == null) throw Errno.exception(Errno.last(), name);
        return new NamedSemaphore(name, h);
    }

    /** {@code sem_open(name, 0)}: an existing semaphore, e.g. a multiprocessing SemLock's {@code /mp-…}. */
    public static NamedSemaphore open(String name) throws IOException {
        checkName(name);
        Pointer h = LibC.Variadic.INSTANCE.sem_open(name, 0);
        if (h == null) throw Errno.exception(Errno.last(), name);
        return new NamedSemaphore(name, h);
    }

    /** {@code sem_unlink(name)}: the name goes at once, the semaphore when its last user closes it. */
    public static void unlink(String name) throws IOException {
        checkName(name);
        if (LibC.sem_unlink(name) != 0) throw Errno.exception(Errno.last(), name);
    }

    public String name() {
        return name;
    }

    /** {@code sem_trywait}: true if decremented. */
    public boolean tryAcquire() {
        Pointer h = handle();
        while (true) {
            if (LibC.sem_trywait(h) == 0) return true;
            int errno = Errno.last();
            if (errno == Errno.EAGAIN) return false;
            if (errno != Errno.EINTR) throw failure("sem_trywait", errno);
        }
    }

    /** Waits until decremented, in interruptible slices. */
    public void acquire() throws InterruptedException {
        while (!waitSlice(WAIT_SLICE_NS)) {
            // keep waiting; waitSlice checks the interrupt flag
        }
    }

    /**
     * Waits up to {@code timeout} (0 or less: one non-blocking try, like CPython's {@code acquire(timeout=0)}).
     * @return true if decremented, false on timeout
     */
    public boolean tryAcquire(long timeout, TimeUnit unit) throws InterruptedException {
        if (Thread.interrupted()) throw new InterruptedException("interrupted before waiting for " + name);
        if (tryAcquire()) return true;
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (true) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) return tryAcquire();
            if (waitSlice(Math.min(remaining, WAIT_SLICE_NS))) return true;
        }
    }

    /** One native wait of at most {@code sliceNs}; true if decremented. */
    private boolean waitSlice(long sliceNs) throws InterruptedException {
        if (Thread.interrupted()) throw new InterruptedException("interrupted while waiting for " + name);
        Pointer h = handle();
        long[] abs = new long[2];
        boolean monotonic = ClockWait.AVAILABLE;
        LibC.clock_gettime(monotonic ? LibC.CLOCK_MONOTONIC : LibC.CLOCK_REALTIME, abs);
        long nanos = abs[1] + sliceNs;
        abs[0] += nanos / 1_000_000_000L;
        abs[1] = nanos % 1_000_000_000L;
        while (true) {
            int r = monotonic ? ClockWait.sem_clockwait(h, LibC.CLOCK_MONOTONIC, abs) : LibC.sem_timedwait(h, abs);
            if (r == 0) return true;
            int errno = Errno.last();
            if (errno == Errno.ETIMEDOUT) return false;
            if (errno != Errno.EINTR) throw failure(monotonic ? "sem_clockwait" : "sem_timedwait", errno);
            if (Thread.interrupted()) throw new InterruptedException("interrupted while waiting for " + name);
        }
    }

    /** {@code sem_post}. */
    public void release() {
        if (LibC.sem_post(handle()) != 0) {
            int errno = Errno.last();
            if (errno == Errno.EOVERFLOW) throw new IllegalStateException("semaphore " + name + " would exceed SEM_VALUE_MAX");
            throw failure("sem_post", errno);
        }
    }

    /** {@code sem_getvalue}, clamped at 0 as CPython's {@code get_value()} does. */
    public int value() {
        int[] out = new int[1];
        if (LibC.sem_getvalue(handle(), out) != 0) throw failure("sem_getvalue", Errno.last());
        return Math.max(0, out[0]);
    }

    /** Removes the name (this handle stays usable until closed). */
    public void unlink() throws IOException {
        unlink(name);
    }

    public boolean isClosed() {
        return handle == null;
    }

    /** {@code sem_close}; idempotent. */
    @Override
    public void close() {
        Pointer h;
        synchronized (this) {
            h = handle;
            handle = null;
        }
        if (h != null) LibC.sem_close(h);
    }

    @Override
    public String toString() {
        return "NamedSemaphore('" + name + "'" + (isClosed() ? ", closed" : "") + ")";
    }

    private Pointer handle() {
        Pointer h = handle;
        if (h == null) throw new IllegalStateException("semaphore " + name + " is closed");
        return h;
    }

    private IllegalStateException failure(String call, int errno) {
        return new IllegalStateException(call + " on " + name + " failed: " + Errno.describe(errno));
    }

    /** {@code /name}: one leading slash, no other, at most {@link #NAME_MAX} bytes. */
    static void checkName(String name) {
        if (name == null) throw new NullPointerException("name");
        if (!name.startsWith("/") || name.length() < 2 || name.indexOf('/', 1) >= 0 || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("invalid semaphore name '" + name
                    + "': it must be '/' followed by at least one character and no other '/' (e.g. /mp-abc)");
        }
        int bytes = name.getBytes(StandardCharsets.UTF_8).length - 1;
        if (bytes > NAME_MAX - 1) {
            throw new IllegalArgumentException("semaphore name too long: " + bytes + " bytes after '/', at most " + (NAME_MAX - 1));
        }
    }
}
