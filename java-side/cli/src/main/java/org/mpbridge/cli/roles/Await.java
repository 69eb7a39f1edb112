package org.mpbridge.cli.roles;

import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Waiting for a condition another process makes true (a file appears, a byte changes): poll, never sleep blind. */
final class Await {
    private Await() {}

    static void until(BooleanSupplier condition, Duration timeout, String what) throws InterruptedIOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new InterruptedIOException("timeout: waited " + timeout.toSeconds() + " s for " + what);
            }
            LockSupport.parkNanos(1_000_000);
            if (Thread.interrupted()) throw new InterruptedIOException("interrupted waiting for " + what);
        }
    }
}
