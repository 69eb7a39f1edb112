package org.mpbridge.process;

import org.mpbridge.sem.SemLock;
import org.mpbridge.shm.CType;
import org.mpbridge.shm.MappedRegion;

/**
 * {@code multiprocessing.Value(typecode, ...)} in a Java child: the ctypes object inside the parent's heap arena
 * (the arena's descriptor mapped through {@code /proc/self/fd/N}), with the wrapper's lock ({@code get_lock()}; null
 * for {@code lock=False} / {@code RawValue}). {@link #get()}/{@link #set} take the lock as {@code .value} does.
 */
public final class MpValue {
    private final MappedRegion arena;
    private final long offset;
    private final CType type;
    private final SemLock lock;

    public MpValue(MappedRegion arena, long offset, CType type, SemLock lock) {
        this.arena = arena;
        this.offset = offset;
        this.type = type;
        this.lock = lock;
    }

    public SemLock getLock() {
        return lock;
    }

    public CType type() {
        return type;
    }

    public Number get() throws InterruptedException {
        if (lock == null) return getUnlocked();
        try (SemLock.Held held = lock.hold()) {
            return getUnlocked();
        }
    }

    public void set(Number value) throws InterruptedException {
        if (lock == null) {
            setUnlocked(value);
            return;
        }
        try (SemLock.Held held = lock.hold()) {
            setUnlocked(value);
        }
    }

    /** {@code .value} read without taking the lock (inside {@code with v.get_lock():}). */
    public Number getUnlocked() {
        return type.read(arena, offset);
    }

    public void setUnlocked(Number value) {
        type.write(arena, offset, value);
    }

    @Override
    public String toString() {
        return "Value(" + type + ", " + getUnlocked() + ")";
    }
}
