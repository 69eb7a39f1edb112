package org.mpbridge.process;

import java.util.ArrayList;
import java.util.List;
import org.mpbridge.sem.SemLock;
import org.mpbridge.shm.CType;
import org.mpbridge.shm.MappedRegion;

/** {@code multiprocessing.Array(typecode, ...)} in a Java child: as {@link MpValue}, {@code length} items. */
public final class MpArray {
    private final MappedRegion arena;
    private final long offset;
    private final CType type;
    private final int length;
    private final SemLock lock;

    public MpArray(MappedRegion arena, long offset, CType type, int length, SemLock lock) {
        this.arena = arena;
        this.offset = offset;
        this.type = type;
        this.length = length;
        this.lock = lock;
    }

    public int length() {
        return length;
    }

    public SemLock getLock() {
        return lock;
    }

    public Number get(int index) throws InterruptedException {
        if (lock == null) return getUnlocked(index);
        try (SemLock.Held held = lock.hold()) {
            return getUnlocked(index);
        }
    }

    public void set(int index, Number value) throws InterruptedException {
        if (lock == null) {
            setUnlocked(index, value);
            return;
        }
        try (SemLock.Held held = lock.hold()) {
            setUnlocked(index, value);
        }
    }

    public Number getUnlocked(int index) {
        return type.read(arena, at(index));
    }

    public void setUnlocked(int index, Number value) {
        type.write(arena, at(index), value);
    }

    /** {@code arr[:]}. */
    public List<Number> toList() throws InterruptedException {
        List<Number> out = new ArrayList<>(length);
        if (lock == null) {
            for (int i = 0; i < length; i++) out.add(getUnlocked(i));
            return out;
        }
        try (SemLock.Held held = lock.hold()) {
            for (int i = 0; i < length; i++) out.add(getUnlocked(i));
        }
        return out;
    }

    private long at(int index) {
        if (index < 0) index += length;
        if (index < 0 || index >= length) throw new IndexOutOfBoundsException("invalid index " + index + " (length " + length + ")");
        return offset + (long) index * type.size;
    }

    @Override
    public String toString() {
        return "Array(" + type + ", " + length + ")";
    }
}
