package org.mpbridge.manager;

import java.io.IOException;
import java.util.List;

/** CPython's {@code ValueProxy} (SyncManager's {@code Value(typecode, value)}: a plain holder in the manager). */
public class ValueProxy extends Proxy {
    protected ValueProxy(ManagerClient manager, Token token, List<String> exposed) {
        super(manager, token, exposed);
    }


    public Object get() throws IOException {
        return call("get");
    }

    public void set(Object value) throws IOException {
        call("set", value);
    }
}
