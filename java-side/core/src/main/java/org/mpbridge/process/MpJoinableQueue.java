package org.mpbridge.process;

import java.io.IOException;
import org.mpbridge.connection.Connection;
import org.mpbridge.sem.SemLock;

/**
 * {@code multiprocessing.JoinableQueue}: {@link MpQueue} plus its {@code (cond, unfinished_tasks)} state; put counts
 * a task under the condition, {@link #taskDone()} and {@link #join()} are CPython's.
 */
public final class MpJoinableQueue extends MpQueue {
    private final MpCondition cond;
    private final SemLock unfinishedTasks;

    public MpJoinableQueue(int maxsize, Connection reader, Connection writer, SemLock rlock, SemLock wlock, SemLock sem,
                           MpCondition cond, SemLock unfinishedTasks) {
        super(maxsize, reader, writer, rlock, wlock, sem);
        this.cond = cond;
        this.unfinishedTasks = unfinishedTasks;
    }

    @Override
    void afterSlotTaken() throws InterruptedException {
        try (SemLock.Held held = cond.hold()) {
            unfinishedTasks.release();
        }
    }

    /** {@code task_done()}: ValueError (here IllegalStateException) when called more often than items were put. */
    public void taskDone() throws InterruptedException {
        try (SemLock.Held held = cond.hold()) {
            if (!unfinishedTasks.acquire(false, null)) throw new IllegalStateException("task_done() called too many times");
            if (unfinishedTasks.isZero()) cond.notifyAllWaiters();
        }
    }

    /** {@code join()}: until every item put has been marked done. */
    public void join() throws InterruptedException, IOException {
        try (SemLock.Held held = cond.hold()) {
            if (!unfinishedTasks.isZero()) cond.await(null);
        }
    }
}
