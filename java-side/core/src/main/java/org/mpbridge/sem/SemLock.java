package org.mpbridge.sem;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * CPython's {@code _multiprocessing.SemLock} (Modules/_multiprocessing/semaphore.c, POSIX branch) over a
 * {@link NamedSemaphore}, so that Java and Python processes share one lock or semaphore by name:
 * <ul>
 *   <li>{@link #SEMAPHORE} kind: {@link #release()} refuses to post when the value is already {@code maxvalue}
 *       ({@code ValueError: semaphore or lock released too many times}); a {@code Lock} is maxvalue 1, a
 *       {@code BoundedSemaphore(v)} maxvalue v, a {@code Semaphore} {@link #SEM_VALUE_MAX}.</li>
 *   <li>{@link #RECURSIVE_MUTEX} kind ({@code RLock}): the owner may acquire again; only the last release posts;
 *       releasing without owning fails. Ownership lives in this object (per process in CPython), never in the
 *       shared semaphore: another process sees a held RLock as a semaphore at 0.</li>
 * </ul>
 * {@link #rebuild} opens an existing semaphore by name, as {@code SemLock._rebuild(handle, kind, maxvalue, name)}
 * does for the {@code /mp-…} names of spawn/forkserver contexts.
 */
public class SemLock implements AutoCloseable {
    /** {@code multiprocessing.synchronize.RECURSIVE_MUTEX}. */
    public static final int RECURSIVE_MUTEX = 0;
    /** {@code multiprocessing.synchronize.SEMAPHORE}. */
    public static final int SEMAPHORE = 1;
    /** {@code multiprocessing.synchronize.SEM_VALUE_MAX} on Linux. */
    public static final int SEM_VALUE_MAX = NamedSemaphore.SEM_VALUE_MAX;

    private final NamedSemaphore sem;
    private final int kind;
    private final int maxvalue;
    private int count;
    private long lastThread = -1;

    SemLock(NamedSemaphore sem, int kind, int maxvalue) {
        checkKind(kind, maxvalue);
        this.sem = sem;
        this.kind = kind;
        this.maxvalue = maxvalue;
    }

    /** {@code SemLock(kind, value, maxvalue, name, unlink=False)}: a new named semaphore. */
    public static SemLock create(String name, int kind, int value, int maxvalue) throws IOException {
        checkKind(kind, maxvalue);
        if (value < 0) throw new IllegalArgumentException("semaphore initial value must be >= 0, got " + value);
        if (value > maxvalue) throw new IllegalArgumentException("initial value " + value + " exceeds maxvalue " + maxvalue);
        return new SemLock(NamedSemaphore.create(name, value), kind, maxvalue);
    }

    /** {@code SemLock._rebuild(handle, kind, maxvalue, name)}: opens an existing semaphore by name. */
    public static SemLock rebuild(String name, int kind, int maxvalue) throws IOException {
        checkKind(kind, maxvalue);
        return new SemLock(NamedSemaphore.open(name), kind, maxvalue);
    }

    /** {@code Semaphore(value)}. */
    public static SemLock semaphore(String name, int value) throws IOException {
        return create(name, SEMAPHORE, value, SEM_VALUE_MAX);
    }

    /** {@code RLock()}. */
    public static SemLock rlock(String name) throws IOException {
        return create(name, RECURSIVE_MUTEX, 1, 1);
    }

    private static void checkKind(int kind, int maxvalue) {
        if (kind != RECURSIVE_MUTEX && kind != SEMAPHORE) throw new IllegalArgumentException("unrecognized kind " + kind);
        if (maxvalue < 1) throw new IllegalArgumentException("maxvalue must be >= 1, got " + maxvalue);
    }

    /** Waits without limit, interruptibly. */
    public void acquire() throws InterruptedException {
        acquire(true, null);
    }

    /**
     * {@code acquire(block, timeout)}: {@code timeout} null waits without limit; not blocking tries once.
     * @return true if acquired
     */
    public boolean acquire(boolean block, Duration timeout) throws InterruptedException {
        if (kind == RECURSIVE_MUTEX && isMine()) {
            synchronized (this) {
                count++;
            }
            return true;
        }
        boolean ok;
        if (!block) {
            ok = sem.tryAcquire();
        } else if (timeout == null) {
            sem.acquire();
            ok = true;
        } else {
            ok = sem.tryAcquire(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
        }
        if (ok) {
            synchronized (this) {
                count++;
                lastThread = Thread.currentThread().getId();
            }
        }
        return ok;
    }

    /** {@code acquire(timeout=...)}. */
    public boolean tryAcquire(Duration timeout) throws InterruptedException {
        return acquire(true, timeout);
    }

    /** {@code release()} with CPython's checks (see the class comment). */
    public void release() {
        if (kind == RECURSIVE_MUTEX) {
            synchronized (this) {
                if (!isMine()) throw new IllegalMonitorStateException("attempt to release recursive lock not owned by thread");
                if (count > 1) {
                    count--;
                    return;
                }
            }
        } else if (sem.value() >= maxvalue) {
            throw new IllegalStateException("semaphore or lock released too many times (" + sem.name() + ", maxvalue "
                    + maxvalue + ")");
        }
        sem.release();
        synchronized (this) {
            count--;
        }
    }

    /** Acquires and returns a handle whose {@code close()} releases: {@code try (var held = lock.hold()) {...}}. */
    public Held hold() throws InterruptedException {
        acquire();
        return this::release;
    }

    /** What {@link #hold()} returns. */
    @FunctionalInterface
    public interface Held extends AutoCloseable {
        @Override
        void close();
    }

    /** {@code _get_value()}: the shared value, clamped at 0. */
    public int getValue() {
        return sem.value();
    }

    /** {@code _is_zero()}. */
    public boolean isZero() {
        return getValue() == 0;
    }

    /** {@code _is_mine()}: held by the calling thread through this object. */
    public synchronized boolean isMine() {
        return count > 0 && lastThread == Thread.currentThread().getId();
    }

    /** {@code _count()}: acquisitions through this object not yet released. */
    public synchronized int count() {
        return count;
    }

    public int kind() {
        return kind;
    }

    public int maxvalue() {
        return maxvalue;
    }

    public String name() {
        return sem.name();
    }

    /** The underlying semaphore. */
    public NamedSemaphore semaphore() {
        return sem;
    }

    /** {@code sem_unlink} of the name. */
    public void unlink() throws IOException {
        sem.unlink();
    }

    @Override
    public void close() {
        sem.close();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(name=" + name() + ", kind=" + kind + ", maxvalue=" + maxvalue + ")";
    }
}
