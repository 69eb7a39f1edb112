package org.mpbridge.process;

import java.time.Duration;
import org.mpbridge.sem.SemLock;

/**
 * {@code multiprocessing.synchronize.Condition} rebuilt from its pickle state
 * {@code (lock, sleeping_count, woken_count, wait_semaphore)}: the same four named semaphores and CPython's own
 * algorithm, so Java and Python waiters and notifiers mix.
 */
public final class MpCondition {
    private final SemLock lock;
    private final SemLock sleepingCount;
    private final SemLock wokenCount;
    private final SemLock waitSemaphore;

    public MpCondition(SemLock lock, SemLock sleepingCount, SemLock wokenCount, SemLock waitSemaphore) {
        this.lock = lock;
        this.sleepingCount = sleepingCount;
        this.wokenCount = wokenCount;
        this.waitSemaphore = waitSemaphore;
    }

    public SemLock lock() {
        return lock;
    }

    public void acquire() throws InterruptedException {
        lock.acquire();
    }

    public boolean acquire(boolean block, Duration timeout) throws InterruptedException {
        return lock.acquire(block, timeout);
    }

    public void release() {
        lock.release();
    }

    /** {@code with cond:}. */
    public SemLock.Held hold() throws InterruptedException {
        return lock.hold();
    }

    /** {@code wait(timeout)}; null waits without limit. The lock must be held. */
    public boolean await(Duration timeout) throws InterruptedException {
        if (!lock.isMine()) throw new IllegalMonitorStateException("lock is not owned");
        sleepingCount.release();
        int count = lock.count();
        for (int i = 0; i < count; i++) lock.release();
        try {
            return waitSemaphore.acquire(true, timeout);
        } finally {
            wokenCount.release();
            for (int i = 0; i < count; i++) reacquire();
        }
    }

    private void reacquire() {
        boolean interrupted = false;
        while (true) {
            try {
                lock.acquire();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }

    public void notifyOne() throws InterruptedException {
        notify(1);
    }

    public void notifyAllWaiters() throws InterruptedException {
        notify(Integer.MAX_VALUE);
    }

    /** {@code notify(n)}. The lock must be held. */
    public void notify(int n) throws InterruptedException {
        if (!lock.isMine()) throw new IllegalMonitorStateException("lock is not owned");
        if (waitSemaphore.acquire(false, null)) throw new IllegalStateException("Condition: wait_semaphore was not zero");
        while (wokenCount.acquire(false, null)) {   // account for waiters that timed out since the last notify
            if (!sleepingCount.acquire(false, null)) throw new IllegalStateException("notify: bug in sleeping_count");
        }
        int sleepers = 0;
        while (sleepers < n && sleepingCount.acquire(false, null)) {
            waitSemaphore.release();
            sleepers++;
        }
        if (sleepers > 0) {
            for (int i = 0; i < sleepers; i++) wokenCount.acquire();
            while (waitSemaphore.acquire(false, null)) {
                // rezero wait_semaphore in case some timeouts just happened
            }
        }
    }

    @Override
    public String toString() {
        return "Condition(" + lock + ")";
    }
}
