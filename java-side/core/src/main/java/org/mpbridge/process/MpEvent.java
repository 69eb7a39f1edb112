package org.mpbridge.process;

import java.time.Duration;
import org.mpbridge.sem.SemLock;

/** {@code multiprocessing.synchronize.Event} from its pickle state {@code (cond, flag)}: CPython's algorithm. */
public final class MpEvent {
    private final MpCondition cond;
    private final SemLock flag;

    public MpEvent(MpCondition cond, SemLock flag) {
        this.cond = cond;
        this.flag = flag;
    }

    public boolean isSet() throws InterruptedException {
        try (SemLock.Held held = cond.hold()) {
            if (flag.acquire(false, null)) {
                flag.release();
                return true;
            }
            return false;
        }
    }

    public void set() throws InterruptedException {
        try (SemLock.Held held = cond.hold()) {
            flag.acquire(false, null);
            flag.release();
            cond.notifyAllWaiters();
        }
    }

    public void clear() throws InterruptedException {
        try (SemLock.Held held = cond.hold()) {
            flag.acquire(false, null);
        }
    }

    /** {@code wait(timeout)}; null waits without limit. */
    public boolean await(Duration timeout) throws InterruptedException {
        try (SemLock.Held held = cond.hold()) {
            if (flag.acquire(false, null)) {
                flag.release();
            } else {
                cond.await(timeout);
            }
            if (flag.acquire(false, null)) {
                flag.release();
                return true;
            }
            return false;
        }
    }
}
