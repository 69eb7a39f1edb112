package org.mpbridge.manager.server;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.mpbridge.PythonException;
import org.mpbridge.manager.PythonErrors;

/**
 * Python's {@code threading.Barrier(parties, action=None, timeout=None)} in a Java manager, ported state for
 * state from Lib/threading.py (filling, draining, resetting, broken). A timeout or {@code abort()} breaks it:
 * waiters raise {@code threading.BrokenBarrierError}. An {@code action} cannot run in Java and is refused.
 */
public final class SharedBarrier extends AbstractReferent {
    private static final String BROKEN = "threading.BrokenBarrierError";
    private static final int FILLING = 0;
    private static final int DRAINING = 1;
    private static final int RESETTING = -1;
    private static final int BROKEN_STATE = -2;

    private final ReentrantLock mutex = new ReentrantLock();
    private final Condition changed = mutex.newCondition();
    private final int parties;
    private final Object defaultTimeout;
    private int state = FILLING;
    private int count;

    public SharedBarrier(int parties, Object timeout) throws PythonException {
        super(false);
        if (parties < 1) throw PythonErrors.builtin("ValueError", "parties must be > 0");
        this.parties = parties;
        this.defaultTimeout = timeout;
        method(Signature.of("wait", "timeout").defaults((Object) null), a -> await(a[0] == null ? defaultTimeout : a[0]));
        method(Signature.of("reset"), a -> {
            reset();
            return null;
        });
        method(Signature.of("abort"), a -> {
            locked(this::breakBarrier);
            return null;
        });
        method(Signature.of("__getattribute__", "name"), a -> attribute(a[0]));
    }

    static SharedBarrier of(Object parties, Object action, Object timeout) throws PythonException {
        if (action != null) {
            throw PythonErrors.builtin("ValueError", "a Java manager cannot run a Barrier action; pass action=None");
        }
        return new SharedBarrier((int) Py.integer(parties), timeout);
    }

    private Object attribute(Object name) throws PythonException {
        mutex.lock();
        try {
            switch (String.valueOf(name)) {
                case "parties":
                    return parties;
                case "n_waiting":
                    return state == FILLING ? count : 0;
                case "broken":
                    return state == BROKEN_STATE;
                default:
                    throw PythonErrors.builtin("AttributeError", "'Barrier' object has no attribute '" + name + "'");
            }
        } finally {
            mutex.unlock();
        }
    }

    private int await(Object timeout) throws PythonException {
        long nanos = Py.timeoutNanos(timeout);
        mutex.lock();
        try {
            enter();
            int index = count++;
            try {
                if (index + 1 == parties) {
                    state = DRAINING;
                    changed.signalAll();
                } else {
                    waitReleased(nanos);
                }
                return index;
            } finally {
                count--;
                exit();
            }
        } catch (InterruptedException e) {
            throw ServerClosingException.interrupted();
        } finally {
            mutex.unlock();
        }
    }

    private void enter() throws InterruptedException, PythonException {
        while (state == RESETTING || state == DRAINING) changed.await();
        if (state < 0) throw PythonErrors.raise(BROKEN);
    }

    private void waitReleased(long nanos) throws InterruptedException, PythonException {
        boolean released = true;
        if (nanos < 0) {
            while (state == FILLING) changed.await();
        } else {
            long left = nanos;
            while (state == FILLING) {
                if (left <= 0) {
                    released = false;
                    break;
                }
                left = changed.awaitNanos(left);
            }
        }
        if (!released) {
            breakBarrier();
            throw PythonErrors.raise(BROKEN);
        }
        if (state < 0) throw PythonErrors.raise(BROKEN);
    }

    private void exit() {
        if (count == 0 && (state == RESETTING || state == DRAINING)) {
            state = FILLING;
            changed.signalAll();
        }
    }

    private void reset() {
        mutex.lock();
        try {
            if (count > 0) {
                if (state == FILLING || state == BROKEN_STATE) state = RESETTING;
            } else {
                state = FILLING;
            }
            changed.signalAll();
        } finally {
            mutex.unlock();
        }
    }

    private void breakBarrier() {
        state = BROKEN_STATE;
        changed.signalAll();
    }

    private void locked(Runnable r) {
        mutex.lock();
        try {
            r.run();
        } finally {
            mutex.unlock();
        }
    }

    @Override
    protected String pythonType() {
        return "threading.Barrier";
    }

    @Override
    public String repr() {
        mutex.lock();
        try {
            if (state == BROKEN_STATE) return "<threading.Barrier at 0x" + Integer.toHexString(System.identityHashCode(this)) + ": broken>";
            return "<threading.Barrier at 0x" + Integer.toHexString(System.identityHashCode(this)) + ": waiters="
                    + (state == FILLING ? count : 0) + "/" + parties + ">";
        } finally {
            mutex.unlock();
        }
    }
}
