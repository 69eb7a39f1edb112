package org.mpbridge.shm;

import java.io.IOException;
import org.mpbridge.sem.SemLock;

/**
 * The seeds' {@code Value('i', 5000)} across languages: one ctypes value at offset 0 of a named segment, with a
 * cross-language lock (see {@link SharedCData}). {@link #get()}/{@link #set} take the (recursive) lock for the
 * access, exactly like {@code Synchronized.value}; hold {@link #getLock()} around a read-modify-write (as the seeds
 * must do for {@code money.value += x}), or use {@link #addAndGet}.
 */
public final class SharedCValue extends SharedCData {
    private SharedCValue(SharedMemory shm, CType type, SemLock lock) {
        super(shm, type, lock);
    }

    /** Creates segment {@code shmName} (exactly {@code sizeof} the ctype) holding {@code initial}, and its lock. */
    public static SharedCValue create(String shmName, char typecode, Number initial) throws IOException {
        return create(shmName, lockName(shmName), typecode, initial);
    }

    public static SharedCValue create(String shmName, String lockName, char typecode, Number initial) throws IOException {
        CType type = CType.of(typecode);
        return createBoth(shmName, lockName, type.size, (shm, lock) -> {
            type.write(shm, 0, initial);
            return new SharedCValue(shm, type, lock);
        });
    }

    public static SharedCValue attach(String shmName, char typecode) throws IOException {
        return attach(shmName, lockName(shmName), typecode);
    }

    public static SharedCValue attach(String shmName, String lockName, char typecode) throws IOException {
        CType type = CType.of(typecode);
        return attachBoth(shmName, lockName, (shm, lock) -> {
            if (shm.size() < type.size) {
                throw new IllegalArgumentException("segment '" + shm.name() + "' has " + shm.size() + " bytes, a "
                        + type.name() + " needs " + type.size);
            }
            return new SharedCValue(shm, type, lock);
        });
    }

    /** {@code .value}, under the lock. */
    public Number get() throws InterruptedException {
        try (SemLock.Held held = getLock().hold()) {
            return type.read(shm, 0);
        }
    }

    /** {@code .value = v}, under the lock. */
    public void set(Number value) throws InterruptedException {
        try (SemLock.Held held = getLock().hold()) {
            type.write(shm, 0, value);
        }
    }

    /** Under the lock: {@code value += delta}; returns the new value. Integer typecodes up to 64 bits. */
    public long addAndGet(long delta) throws InterruptedException {
        if (type.isFloat()) throw new IllegalArgumentException("addAndGet needs an integer typecode, not '" + type.typecode + "'");
        try (SemLock.Held held = getLock().hold()) {
            long next = get().longValue() + delta;
            set(next);
            return next;
        }
    }

    @Override
    public String toString() {
        return "SharedCValue(" + type.name() + ", name='" + shm.name() + "')";
    }
}
