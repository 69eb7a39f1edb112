package org.mpbridge.manager.server;

/** Deadline waits on an object's monitor: interruption (server closing) ends the call. */
final class Monitor {
    private Monitor() {}

    /**
     * Waits on {@code lock} (whose monitor the caller holds) until {@code ready} or the deadline;
     * {@code timeoutNanos} -1 waits forever. Returns whether {@code ready} became true.
     */
    static boolean await(Object lock, long timeoutNanos, java.util.function.BooleanSupplier ready) {
        long deadline = timeoutNanos < 0 ? 0 : System.nanoTime() + timeoutNanos;
        try {
            while (!ready.getAsBoolean()) {
                if (timeoutNanos < 0) {
                    lock.wait();
                } else {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) return false;
                    lock.wait(left / 1_000_000, (int) (left % 1_000_000));
                }
            }
            return true;
        } catch (InterruptedException e) {
            throw ServerClosingException.interrupted();
        }
    }
}
