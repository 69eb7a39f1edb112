package org.mpbridge.shm;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.mpbridge.sem.SemLock;

/**
 * The seeds' {@code Array('i', [1, 2, 3, 4, 5])} across languages: a ctypes array filling a named segment, with
 * a cross-language lock (see {@link SharedCData}). Each item access takes the (recursive) lock, as
 * {@code SynchronizedArray} does; hold {@link #getLock()} around a sequence of accesses that must be atomic.
 */
public final class SharedCArray extends SharedCData {
    private final int length;

    private SharedCArray(SharedMemory shm, CType type, SemLock lock, int length) {
        super(shm, type, lock);
        this.length = length;
    }

    public static SharedCArray create(String shmName, char typecode, List<? extends Number> initial) throws IOException {
        return create(shmName, lockName(shmName), typecode, initial);
    }

    public static SharedCArray create(String shmName, String lockName, char typecode, List<? extends Number> initial)
            throws IOException {
        CType type = CType.of(typecode);
        if (initial.isEmpty()) throw new IllegalArgumentException("an empty Array cannot live in shared memory (size 0)");
        return createBoth(shmName, lockName, (long) type.size * initial.size(), (shm, lock) -> {
            for (int i = 0; i < initial.size(); i++) type.write(shm, (long) i * type.size, initial.get(i));
            return new SharedCArray(shm, type, lock, initial.size());
        });
    }

    /** Attaches; the length is the segment size over the item size. */
    public static SharedCArray attach(String shmName, char typecode) throws IOException {
        return attach(shmName, lockName(shmName), typecode);
    }

    public static SharedCArray attach(String shmName, String lockName, char typecode) throws IOException {
        CType type = CType.of(typecode);
        return attachBoth(shmName, lockName, (shm, lock) -> new SharedCArray(shm, type, lock, (int) (shm.size() / type.size)));
    }

    /** {@code len(arr)}. */
    public int length() {
        return length;
    }

    /** {@code arr[index]}, under the lock. */
    public Number get(int index) throws InterruptedException {
        try (SemLock.Held held = getLock().hold()) {
            return type.read(shm, (long) Objects.checkIndex(index, length) * type.size);
        }
    }

    /** {@code arr[index] = value}, under the lock. */
    public void set(int index, Number value) throws InterruptedException {
        try (SemLock.Held held = getLock().hold()) {
            type.write(shm, (long) Objects.checkIndex(index, length) * type.size, value);
        }
    }

    /** {@code arr[:]}, under the lock. */
    public List<Number> toList() throws InterruptedException {
        try (SemLock.Held held = getLock().hold()) {
            List<Number> out = new ArrayList<>(length);
            for (int i = 0; i < length; i++) out.add(type.read(shm, (long) i * type.size));
            return out;
        }
    }

    @Override
    public String toString() {
        return "SharedCArray('" + type.typecode + "', length=" + length + ", name='" + shm.name() + "')";
    }
}
