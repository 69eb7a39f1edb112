package org.mpbridge.manager;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/** CPython's {@code EventProxy}; Python's {@code wait} is {@link #await()} here. */
public class EventProxy extends Proxy {
    protected EventProxy(ManagerClient manager, Token token, List<String> exposed) {
        super(manager, token, exposed);
    }


    public boolean isSet() throws IOException {
        return toBool(call("is_set"));
    }

    public void set() throws IOException {
        call("set");
    }

    public void clear() throws IOException {
        call("clear");
    }

    /** {@code wait()}: blocks until set. */
    public boolean await() throws IOException {
        return toBool(call("wait", (Object) null));
    }

    /** {@code wait(timeout)}: whether the event is set. */
    public boolean await(Duration timeout) throws IOException {
        return toBool(call("wait", seconds(timeout)));
    }
}
