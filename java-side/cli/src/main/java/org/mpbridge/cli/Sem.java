package org.mpbridge.cli;

import java.util.concurrent.TimeUnit;

/** Small helpers shared by the semaphore-using commands. */
final class Sem {
    private Sem() {}

    /** {@code --timeout SECONDS} as nanoseconds (negative means 0). */
    static long nanos(double seconds) {
        if (Double.isNaN(seconds)) throw new IllegalArgumentException("timeout is NaN");
        return seconds <= 0 ? 0 : (long) Math.min(Long.MAX_VALUE / 2.0, seconds * TimeUnit.SECONDS.toNanos(1));
    }
}
