package org.mpbridge.sem;

import java.io.IOException;

/**
 * {@code multiprocessing.Lock}: a {@link SemLock} of kind {@link #SEMAPHORE}, value 1, maxvalue 1. Not owned:
 * any thread or process may release it, but releasing an unlocked lock fails, as in CPython.
 */
public final class Lock extends SemLock {
    private Lock(NamedSemaphore sem) {
        super(sem, SEMAPHORE, 1);
    }

    /** A new, unlocked lock named {@code name} (e.g. {@code /mpb-…}). */
    public static Lock create(String name) throws IOException {
        return new Lock(NamedSemaphore.create(name, 1));
    }

    /** An existing lock: one made by {@link #create}, by Python's helper, or a spawn-context {@code /mp-…} Lock. */
    public static Lock open(String name) throws IOException {
        return new Lock(NamedSemaphore.open(name));
    }
}
