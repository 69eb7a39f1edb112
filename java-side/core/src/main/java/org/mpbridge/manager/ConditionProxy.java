package org.mpbridge.manager;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * CPython's {@code ConditionProxy}. Python's {@code wait}/{@code notify}/{@code notify_all} are
 * {@link #await()}/{@link #signal(int)}/{@link #signalAll()} here ({@code Object.wait} and {@code notify} are
 * final in Java); on the wire they are the Python names.
 */
public class ConditionProxy extends AcquirerProxy {
    protected ConditionProxy(ManagerClient manager, Token token, List<String> exposed) {
        super(manager, token, exposed);
    }


    /** {@code wait()}: the lock must be held by this thread. */
    public boolean await() throws IOException {
        return toBool(call("wait", (Object) null));
    }

    /** {@code wait(timeout)}: false on timeout. */
    public boolean await(Duration timeout) throws IOException {
        return toBool(call("wait", seconds(timeout)));
    }

    /** {@code notify(1)}. */
    public void signal() throws IOException {
        signal(1);
    }

    /** {@code notify(n)}. */
    public void signal(int n) throws IOException {
        call("notify", n);
    }

    /** {@code notify_all()}. */
    public void signalAll() throws IOException {
        call("notify_all");
    }
}
