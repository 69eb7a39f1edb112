package org.mpbridge.manager.server;

import org.mpbridge.PythonException;
import org.mpbridge.manager.PythonErrors;

/**
 * Python's {@code threading.Lock} in a Java manager (SyncManager's {@code Lock}): any client thread may release
 * it, releasing an unlocked lock raises {@code RuntimeError}. {@code acquire(blocking=True, timeout=-1)}.
 */
public final class SharedLock extends AbstractReferent implements LockLike {
    private boolean locked;

    public SharedLock() {
        super(false);
        Signature acquire = Signature.of("acquire", "blocking", "timeout").defaults(true, -1);
        method(acquire, a -> acquire(a[0], a[1]));
        method(Signature.of("acquire_lock", "blocking", "timeout").defaults(true, -1), a -> acquire(a[0], a[1]));
        method(Signature.of("release"), a -> {
            releaseLock();
            return null;
        });
        method(Signature.of("release_lock"), a -> {
            releaseLock();
            return null;
        });
        method(Signature.of("locked"), a -> locked());
        method(Signature.of("locked_lock"), a -> locked());
    }

    private boolean acquire(Object blocking, Object timeout) throws PythonException {
        boolean block = Py.truth(blocking);
        double seconds = timeout == null ? -1 : Py.lockSeconds(timeout);
        if (!block && seconds != -1) throw PythonErrors.builtin("ValueError", "can't specify a timeout for a non-blocking call");
        if (seconds < 0 && seconds != -1) throw PythonErrors.builtin("ValueError", "timeout value must be a non-negative number");
        return acquireLock(block, seconds == -1 ? -1 : Py.timeoutNanos(timeout));
    }

    private synchronized boolean locked() {
        return locked;
    }

    @Override
    public synchronized boolean acquireLock(boolean blocking, long timeoutNanos) {
        if (!blocking) {
            if (locked) return false;
        } else if (!Monitor.await(this, timeoutNanos, () -> !locked)) {
            return false;
        }
        locked = true;
        return true;
    }

    @Override
    public synchronized void releaseLock() throws PythonException {
        if (!locked) throw PythonErrors.builtin("RuntimeError", "release unlocked lock");
        locked = false;
        notifyAll();
    }

    /** A plain Lock knows no owner: CPython's Condition treats "taken" as owned. */
    @Override
    public synchronized boolean isOwned() {
        return locked;
    }

    @Override
    public Object releaseSave() throws PythonException {
        releaseLock();
        return null;
    }

    @Override
    public void acquireRestore(Object state) {
        acquireLock(true, -1);
    }

    @Override
    protected String pythonType() {
        return "_thread.lock";
    }

    @Override
    public synchronized String repr() {
        return "<" + (locked ? "locked" : "unlocked") + " _thread.lock object at 0x" + Integer.toHexString(System.identityHashCode(this)) + ">";
    }

    @Override
    public Object value() throws Unserializable {
        throw new Unserializable("TypeError: cannot pickle '_thread.lock' object");
    }
}
