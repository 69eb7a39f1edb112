package org.mpbridge.sem;

import java.io.IOException;

/**
 * {@code multiprocessing.BoundedSemaphore(value)}: a {@link SemLock} of kind {@link #SEMAPHORE} whose value may
 * never be released above its initial value.
 */
public final class BoundedSemaphore extends SemLock {
    private BoundedSemaphore(NamedSemaphore sem, int maxvalue) {
        super(sem, SEMAPHORE, maxvalue);
    }

    /** A new semaphore at {@code value}, bounded by it. */
    public static BoundedSemaphore create(String name, int value) throws IOException {
        if (value < 1) throw new IllegalArgumentException("a BoundedSemaphore needs a value >= 1, got " + value);
        return new BoundedSemaphore(NamedSemaphore.create(name, value), value);
    }

    /** An existing semaphore, bounded by {@code maxvalue} (the value it was created with). */
    public static BoundedSemaphore open(String name, int maxvalue) throws IOException {
        return new BoundedSemaphore(NamedSemaphore.open(name), maxvalue);
    }
}
