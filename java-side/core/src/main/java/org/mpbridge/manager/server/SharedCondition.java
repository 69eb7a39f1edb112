package org.mpbridge.manager.server;

import java.util.ArrayDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.mpbridge.PythonException;
import org.mpbridge.manager.PythonErrors;

/**
 * Python's {@code threading.Condition(lock=None)} in a Java manager, with CPython's algorithm: a waiter lock per
 * {@code wait}, the condition's lock (an RLock unless a Lock/RLock of the same manager was given) released while
 * waiting and restored after; {@code wait}/{@code notify} without owning the lock raise {@code RuntimeError}.
 */
public final class SharedCondition extends AbstractReferent {
    private final LockLike lock;
    private final ArrayDeque<Semaphore> waiters = new ArrayDeque<>();

    public SharedCondition(LockLike lock) {
        super(false);
        this.lock = lock == null ? new SharedRLock() : lock;
        method(Signature.of("acquire", "blocking", "timeout").defaults(true, -1), a -> {
            double seconds = a[1] == null ? -1 : Py.lockSeconds(a[1]);
            return this.lock.acquireLock(Py.truth(a[0]), seconds < 0 ? -1 : Py.timeoutNanos(a[1]));
        });
        method(Signature.of("release"), a -> {
            this.lock.releaseLock();
            return null;
        });
        method(Signature.of("wait", "timeout").defaults((Object) null), a -> await(a[0]));
        method(Signature.of("notify", "n").defaults(1), a -> {
            notifyWaiters(Py.integer(a[0]));
            return null;
        });
        method(Signature.of("notify_all"), a -> {
            notifyWaiters(Long.MAX_VALUE);
            return null;
        });
        method(Signature.of("notifyAll"), a -> {
            notifyWaiters(Long.MAX_VALUE);
            return null;
        });
    }

    /** Makes a condition from {@code Condition(lock=None)}'s argument, resolving a lock proxy of {@code server}. */
    static SharedCondition of(Object lockArg, ManagerServer server) throws PythonException {
        if (lockArg == null) return new SharedCondition(null);
        Referent r = server.resolveProxy(lockArg);
        if (r instanceof LockLike l) return new SharedCondition(l);
        throw PythonErrors.builtin("TypeError", "Condition(lock): a Java manager takes a Lock or RLock proxy of the same manager, not "
                + Py.typeName(lockArg));
    }

    private boolean await(Object timeout) throws PythonException {
        if (!lock.isOwned()) throw PythonErrors.builtin("RuntimeError", "cannot wait on un-acquired lock");
        Semaphore waiter = new Semaphore(0);
        synchronized (waiters) {
            waiters.addLast(waiter);
        }
        Object saved = lock.releaseSave();
        boolean gotit = false;
        try {
            Py.seconds(timeout, ">"); // CPython compares timeout > 0 first: TypeError for a non-number
            long nanos = Py.timeoutNanos(timeout);
            if (nanos < 0) {
                waiter.acquire();
                gotit = true;
            } else {
                gotit = waiter.tryAcquire(nanos, TimeUnit.NANOSECONDS);
            }
            return gotit;
        } catch (InterruptedException e) {
            throw ServerClosingException.interrupted();
        } finally {
            lock.acquireRestore(saved);
            if (!gotit) {
                synchronized (waiters) {
                    waiters.remove(waiter);
                }
            }
        }
    }

    private void notifyWaiters(long n) throws PythonException {
        if (!lock.isOwned()) throw PythonErrors.builtin("RuntimeError", "cannot notify on un-acquired lock");
        synchronized (waiters) {
            while (!waiters.isEmpty() && n > 0) {
                waiters.pollFirst().release();
                n--;
            }
        }
    }

    @Override
    protected String pythonType() {
        return "threading.Condition";
    }

    @Override
    public String repr() {
        int n;
        synchronized (waiters) {
            n = waiters.size();
        }
        return "<Condition(" + ((Referent) lock).repr() + ", " + n + ")>";
    }

    @Override
    public Object value() throws Unserializable {
        throw new Unserializable("TypeError: cannot pickle '_thread.RLock' object");
    }
}
