package org.mpbridge.manager;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * CPython's {@code AcquirerProxy}: SyncManager's {@code Lock}, {@code RLock}, {@code Semaphore} and
 * {@code BoundedSemaphore}. The lock lives in the manager and is held by this thread's serving connection, so an
 * RLock is re-entrant per calling thread, as in CPython.
 */
public class AcquirerProxy extends Proxy {
    protected AcquirerProxy(ManagerClient manager, Token token, List<String> exposed) {
        super(manager, token, exposed);
    }


    /** {@code acquire()}: blocks until acquired. */
    public boolean acquire() throws IOException {
        return toBool(call("acquire", true));
    }

    /** {@code acquire(blocking)}: false at once when {@code blocking} is false and it is taken. */
    public boolean acquire(boolean blocking) throws IOException {
        return toBool(call("acquire", blocking));
    }

    /** {@code acquire(True, timeout)}: false when not acquired in time. */
    public boolean acquire(Duration timeout) throws IOException {
        return toBool(call("acquire", true, seconds(timeout)));
    }

    public void release() throws IOException {
        call("release");
    }
}
