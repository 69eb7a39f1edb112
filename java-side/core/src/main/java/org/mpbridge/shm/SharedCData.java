package org.mpbridge.shm;

import java.io.IOException;
import org.mpbridge.sem.SemLock;

/**
 * A ctypes object in a named segment plus its lock, a named semaphore: the cross-language form of
 * {@code multiprocessing.Value}/{@code Array} (whose own heap arenas are anonymous, reachable only by
 * inheritance). The segment holds exactly the ctypes bytes, no header; the lock is an {@code RLock}-kind
 * {@link SemLock} named {@link #lockName(String) "/" + segment + ".lock"} unless given. Python's side is
 * {@code mpbridge.shm.shared_value}/{@code shared_array}, which return {@code multiprocessing.sharedctypes}
 * {@code Synchronized} wrappers around the same two objects.
 */
public abstract class SharedCData implements AutoCloseable {
    final SharedMemory shm;
    final CType type;
    private final SemLock lock;

    SharedCData(SharedMemory shm, CType type, SemLock lock) {
        this.shm = shm;
        this.type = type;
        this.lock = lock;
    }

    /** The default lock name of segment {@code shmName}. */
    public static String lockName(String shmName) {
        return "/" + SharedMemory.bareName(shmName) + ".lock";
    }

    /** Creates the segment and its lock; on failure neither is left behind. */
    static <T> T createBoth(String shmName, String lockName, long size, Factory<T> factory) throws IOException {
        SharedMemory shm = SharedMemory.create(shmName, size);
        SemLock lock = null;
        try {
            lock = SemLock.rlock(lockName);
            return factory.make(shm, lock);
        } catch (IOException | RuntimeException e) {
            shm.close();
            shm.unlink();
            if (lock != null) {
                lock.close();
                lock.unlink();
            }
            throw e;
        }
    }

    static <T> T attachBoth(String shmName, String lockName, Factory<T> factory) throws IOException {
        SharedMemory shm = SharedMemory.attach(shmName);
        try {
            return factory.make(shm, SemLock.rebuild(lockName, SemLock.RECURSIVE_MUTEX, 1));
        } catch (IOException | RuntimeException e) {
            shm.close();
            throw e;
        }
    }

    interface Factory<T> {
        T make(SharedMemory shm, SemLock lock) throws IOException;
    }

    /** {@code get_lock()}. */
    public final SemLock getLock() {
        return lock;
    }

    public final CType type() {
        return type;
    }

    public final SharedMemory shm() {
        return shm;
    }

    /** Unmaps and closes the lock handle; the names stay. */
    @Override
    public void close() {
        shm.close();
        lock.close();
    }

    /** Removes both names. */
    public void unlink() throws IOException {
        try {
            shm.unlink();
        } finally {
            lock.unlink();
        }
    }
}
