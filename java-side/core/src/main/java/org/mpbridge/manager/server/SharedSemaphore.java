package org.mpbridge.manager.server;

import org.mpbridge.PythonException;
import org.mpbridge.manager.PythonErrors;

/**
 * Python's {@code threading.Semaphore(value=1)} / {@code BoundedSemaphore(value=1)} in a Java manager:
 * {@code acquire(blocking=True, timeout=None)}, {@code release(n=1)}; a bounded one raises
 * {@code ValueError("Semaphore released too many times")}.
 */
public final class SharedSemaphore extends AbstractReferent {
    private final boolean bounded;
    private final long initial;
    private long value;

    public SharedSemaphore(long value, boolean bounded) throws PythonException {
        super(false);
        if (value < 0) throw PythonErrors.builtin("ValueError", "semaphore initial value must be >= 0");
        this.bounded = bounded;
        this.initial = value;
        this.value = value;
        method(Signature.of("acquire", "blocking", "timeout").defaults(true, null), a -> {
            boolean block = Py.truth(a[0]);
            if (!block && a[1] != null) throw PythonErrors.builtin("ValueError", "can't specify timeout for non-blocking acquire");
            return acquire(block, Py.timeoutNanos(a[1]));
        });
        method(Signature.of("release", "n").defaults(1), a -> {
            release(Py.integer(a[0]));
            return null;
        });
    }

    private synchronized boolean acquire(boolean blocking, long timeoutNanos) {
        if (!blocking) {
            if (value == 0) return false;
        } else if (!Monitor.await(this, timeoutNanos, () -> value > 0)) {
            return false;
        }
        value--;
        return true;
    }

    private synchronized void release(long n) throws PythonException {
        if (n < 1) throw PythonErrors.builtin("ValueError", "n must be one or more");
        if (bounded && value + n > initial) throw PythonErrors.builtin("ValueError", "Semaphore released too many times");
        value += n;
        notifyAll();
    }

    @Override
    protected String pythonType() {
        return bounded ? "threading.BoundedSemaphore" : "threading.Semaphore";
    }

    @Override
    public synchronized String repr() {
        return "<" + pythonType() + " at 0x" + Integer.toHexString(System.identityHashCode(this)) + ": value="
                + value + (bounded ? "/" + initial : "") + ">";
    }

    @Override
    public Object value() throws Unserializable {
        throw new Unserializable("TypeError: cannot pickle '_thread.lock' object");
    }
}
