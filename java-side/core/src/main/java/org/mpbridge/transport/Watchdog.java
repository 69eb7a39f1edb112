package org.mpbridge.transport;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Deadlines that end a connection: one daemon thread for the whole process closes whatever overstays (a handshake
 * not finished, a connection idle too long, a frame started and never completed). It costs no file descriptor
 * and nothing on the read path besides arming and disarming, so blocking reads stay plain {@code read(2)} calls.
 */
public final class Watchdog {
    private static final ScheduledThreadPoolExecutor TIMER = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "mpbridge-watchdog");
        t.setDaemon(true);
        return t;
    });

    static {
        TIMER.setRemoveOnCancelPolicy(true);
    }

    private Watchdog() {}

    /** An armed deadline; {@link #close()} disarms it. */
    public static final class Guard implements AutoCloseable {
        private final ScheduledFuture<?> future;
        private volatile boolean fired;

        private Guard(Closeable target, long nanos) {
            this.future = TIMER.schedule(() -> {
                fired = true;
                try {
                    target.close();
                } catch (IOException | RuntimeException ignored) {
                    // closing is all we can do
                }
            }, nanos, TimeUnit.NANOSECONDS);
        }

        /** Whether the deadline passed and the target was closed. */
        public boolean fired() {
            return fired;
        }

        @Override
        public void close() {
            future.cancel(false);
        }
    }

    /** Closes {@code target} after {@code timeout} unless the guard is closed first; null timeout: a guard that never fires. */
    public static Guard closeAfter(Closeable target, Duration timeout) {
        long nanos;
        try {
            nanos = timeout == null ? Long.MAX_VALUE : timeout.toNanos();
        } catch (ArithmeticException huge) {
            nanos = Long.MAX_VALUE;
        }
        return new Guard(target, nanos);
    }
}
