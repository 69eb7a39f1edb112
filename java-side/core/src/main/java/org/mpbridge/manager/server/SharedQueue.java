package org.mpbridge.manager.server;

import java.util.LinkedList;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.mpbridge.PythonException;
import org.mpbridge.manager.PythonErrors;

/**
 * Python's {@code queue.Queue(maxsize=0)} in a Java manager, with its exact blocking rules: {@code put} blocks
 * while full, {@code get} while empty, timed and non-blocking calls raise {@code queue.Full} /
 * {@code queue.Empty}, {@code join} waits for {@code task_done} of every item. A blocked call holds only its own
 * serving thread (one per client thread), as in CPython.
 */
public final class SharedQueue extends AbstractReferent {
    private final int maxsize;
    private final LinkedList<Object> items = new LinkedList<>(); // None is an item: ArrayDeque refuses null
    private final ReentrantLock mutex = new ReentrantLock();
    private final Condition notEmpty = mutex.newCondition();
    private final Condition notFull = mutex.newCondition();
    private final Condition allTasksDone = mutex.newCondition();
    private long unfinishedTasks;

    public SharedQueue(int maxsize) {
        super(false);
        this.maxsize = maxsize;
        method(Signature.of("put", "item", "block", "timeout").defaults(true, null), a -> {
            put(a[0], Py.truth(a[1]), a[2]);
            return null;
        });
        method(Signature.of("put_nowait", "item"), a -> {
            put(a[0], false, null);
            return null;
        });
        method(Signature.of("get", "block", "timeout").defaults(true, null), a -> get(Py.truth(a[0]), a[1]));
        method(Signature.of("get_nowait"), a -> get(false, null));
        method(Signature.of("qsize"), a -> locked(items::size));
        method(Signature.of("empty"), a -> locked(items::isEmpty));
        method(Signature.of("full"), a -> locked(() -> maxsize > 0 && items.size() >= maxsize));
        method(Signature.of("task_done"), a -> {
            mutex.lock();
            try {
                if (unfinishedTasks <= 0) throw PythonErrors.builtin("ValueError", "task_done() called too many times");
                if (--unfinishedTasks == 0) allTasksDone.signalAll();
                return null;
            } finally {
                mutex.unlock();
            }
        });
        method(Signature.of("join"), a -> {
            mutex.lock();
            try {
                while (unfinishedTasks > 0) allTasksDone.await();
                return null;
            } catch (InterruptedException e) {
                throw ServerClosingException.interrupted();
            } finally {
                mutex.unlock();
            }
        });
    }

    /** {@code queue.Queue(maxsize=0)}: unbounded when maxsize &lt;= 0. */
    public static SharedQueue of(Object maxsize) throws PythonException {
        return new SharedQueue((int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, Py.integer(maxsize))));
    }

    private void put(Object item, boolean block, Object timeout) throws PythonException {
        mutex.lock();
        try {
            if (maxsize > 0) {
                if (!block) {
                    if (items.size() >= maxsize) throw PythonErrors.raise(PythonErrors.QUEUE_FULL);
                } else if (timeout == null) {
                    while (items.size() >= maxsize) notFull.await();
                } else {
                    long nanos = nonNegative(timeout);
                    while (items.size() >= maxsize) {
                        if (nanos <= 0) throw PythonErrors.raise(PythonErrors.QUEUE_FULL);
                        nanos = notFull.awaitNanos(nanos);
                    }
                }
            }
            items.addLast(item);
            unfinishedTasks++;
            notEmpty.signal();
        } catch (InterruptedException e) {
            throw ServerClosingException.interrupted();
        } finally {
            mutex.unlock();
        }
    }

    private Object get(boolean block, Object timeout) throws PythonException {
        mutex.lock();
        try {
            if (!block) {
                if (items.isEmpty()) throw PythonErrors.raise(PythonErrors.QUEUE_EMPTY);
            } else if (timeout == null) {
                while (items.isEmpty()) notEmpty.await();
            } else {
                long nanos = nonNegative(timeout);
                while (items.isEmpty()) {
                    if (nanos <= 0) throw PythonErrors.raise(PythonErrors.QUEUE_EMPTY);
                    nanos = notEmpty.awaitNanos(nanos);
                }
            }
            Object item = items.removeFirst();
            notFull.signal();
            return item;
        } catch (InterruptedException e) {
            throw ServerClosingException.interrupted();
        } finally {
            mutex.unlock();
        }
    }

    private static long nonNegative(Object timeout) throws PythonException {
        if (Py.seconds(timeout, "<") < 0) throw PythonErrors.builtin("ValueError", "'timeout' must be a non-negative number");
        return Py.timeoutNanos(timeout);
    }

    private interface Read {
        Object get();
    }

    private Object locked(Read read) {
        mutex.lock();
        try {
            return read.get();
        } finally {
            mutex.unlock();
        }
    }


    @Override
    protected String pythonType() {
        return "queue.Queue";
    }

    @Override
    public Object value() throws Unserializable {
        throw new Unserializable("TypeError: cannot pickle '_thread.lock' object");
    }
}
