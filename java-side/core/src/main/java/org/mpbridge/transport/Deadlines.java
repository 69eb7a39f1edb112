package org.mpbridge.transport;

import java.io.InterruptedIOException;
import java.time.Duration;

/** {@link System#nanoTime()} deadline arithmetic shared by the transports. */
public final class Deadlines {
    private Deadlines() {}

    /** A deadline {@code timeout} from now; null or a huge duration mean no deadline. */
    public static long after(Duration timeout) {
        if (timeout == null) return ByteTransport.NO_DEADLINE;
        long nanos;
        try {
            nanos = timeout.toNanos();
        } catch (ArithmeticException tooLong) {
            return ByteTransport.NO_DEADLINE;
        }
        long deadline = System.nanoTime() + nanos;
        return deadline < System.nanoTime() ? ByteTransport.NO_DEADLINE : deadline;
    }

    /** Nanoseconds left before the deadline, at least 0; {@code Long.MAX_VALUE} for no deadline. */
    public static long remaining(long deadlineNanos) {
        if (deadlineNanos == ByteTransport.NO_DEADLINE) return Long.MAX_VALUE;
        return Math.max(0, deadlineNanos - System.nanoTime());
    }

    public static InterruptedIOException timeout(String what) {
        return new InterruptedIOException("timeout: " + what);
    }
}
