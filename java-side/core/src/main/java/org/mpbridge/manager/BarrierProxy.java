package org.mpbridge.manager;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * CPython's {@code BarrierProxy}; Python's {@code wait} is {@link #await()} here. A broken barrier raises
 * {@code threading.BrokenBarrierError}.
 */
public class BarrierProxy extends Proxy {
    protected BarrierProxy(ManagerClient manager, Token token, List<String> exposed) {
        super(manager, token, exposed);
    }


    /** {@code wait()}: this party's index, 0 to parties-1. */
    public int await() throws IOException {
        return toInt(call("wait", (Object) null));
    }

    public int await(Duration timeout) throws IOException {
        return toInt(call("wait", seconds(timeout)));
    }

    public void abort() throws IOException {
        call("abort");
    }

    public void reset() throws IOException {
        call("reset");
    }

    public int parties() throws IOException {
        return toInt(call("__getattribute__", "parties"));
    }

    public int nWaiting() throws IOException {
        return toInt(call("__getattribute__", "n_waiting"));
    }

    public boolean broken() throws IOException {
        return toBool(call("__getattribute__", "broken"));
    }
}
