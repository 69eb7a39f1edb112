package org.mpbridge.testing;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Unique names for segments and semaphores made by the Java tests: {@code mpbj<run>_<n>} (segments) and
 * {@code /mpbj<run>-<n>} (semaphores, {@code /dev/shm/sem.mpbj<run>-<n>}), {@code <run>} random per JVM, so
 * {@link ShmLeakCheck} can tell this run's leftovers from anything else in {@code /dev/shm}.
 */
public final class ShmNames {
    private ShmNames() {}

    public static final String RUN = "mpbj" + HexFormat.of().formatHex(new SecureRandom().generateSeed(3));
    private static final AtomicInteger COUNTER = new AtomicInteger();

    /** A segment name as Python's {@code .name} shows it. */
    public static String segment() {
        return RUN + "_" + COUNTER.incrementAndGet();
    }

    /** A semaphore name for {@code sem_open}. */
    public static String semaphore() {
        return "/" + RUN + "-" + COUNTER.incrementAndGet();
    }
}
