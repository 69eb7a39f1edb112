package org.mpbridge.manager.server;

import org.mpbridge.PythonException;
import org.mpbridge.manager.PythonErrors;

/**
 * Python's {@code threading.RLock} in a Java manager: owned by the serving thread of the client thread that
 * acquired it (one per client thread, as in CPython), re-entrant for that owner; others get {@code RuntimeError}
 * on release.
 */
public final class SharedRLock extends AbstractReferent implements LockLike {
    private Thread owner;
    private long count;

    public SharedRLock() {
        super(false);
        method(Signature.of("acquire", "blocking", "timeout").defaults(true, -1), a -> {
            boolean block = Py.truth(a[0]);
            double seconds = a[1] == null ? -1 : Py.lockSeconds(a[1]);
            if (!block && seconds != -1) throw PythonErrors.builtin("ValueError", "can't specify a timeout for a non-blocking call");
            if (seconds < 0 && seconds != -1) throw PythonErrors.builtin("ValueError", "timeout value must be a non-negative number");
            return acquireLock(block, seconds == -1 ? -1 : Py.timeoutNanos(a[1]));
        });
        method(Signature.of("release"), a -> {
            releaseLock();
            return null;
        });
    }

    @Override
    public synchronized boolean acquireLock(boolean blocking, long timeoutNanos) {
        Thread me = Thread.currentThread();
        if (owner == me) {
            count++;
            return true;
        }
        if (!blocking) {
            if (owner != null) return false;
        } else if (!Monitor.await(this, timeoutNanos, () -> owner == null)) {
            return false;
        }
        owner = me;
        count = 1;
        return true;
    }

    @Override
    public synchronized void releaseLock() throws PythonException {
        if (owner != Thread.currentThread()) throw PythonErrors.builtin("RuntimeError", "cannot release un-acquired lock");
        if (--count == 0) {
            owner = null;
            notifyAll();
        }
    }

    @Override
    public synchronized boolean isOwned() {
        return owner == Thread.currentThread();
    }

    @Override
    public synchronized Object releaseSave() throws PythonException {
        if (count == 0) throw PythonErrors.builtin("RuntimeError", "cannot release un-acquired lock");
        long saved = count;
        count = 0;
        owner = null;
        notifyAll();
        return saved;
    }

    @Override
    public synchronized void acquireRestore(Object state) {
        acquireLock(true, -1);
        count = (Long) state;
    }

    @Override
    protected String pythonType() {
        return "_thread.RLock";
    }

    @Override
    public synchronized String repr() {
        return "<" + (owner != null ? "locked" : "unlocked") + " _thread.RLock object owner=" + (owner == null ? 0 : owner.getId())
                + " count=" + count + " at 0x" + Integer.toHexString(System.identityHashCode(this)) + ">";
    }

    @Override
    public Object value() throws Unserializable {
        throw new Unserializable("TypeError: cannot pickle '_thread.RLock' object");
    }
}
