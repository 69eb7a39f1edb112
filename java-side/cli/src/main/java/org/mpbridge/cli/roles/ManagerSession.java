package org.mpbridge.cli.roles;

import java.io.Closeable;
import java.io.IOException;
import java.util.Map;
import org.mpbridge.ProtocolException;
import org.mpbridge.connection.Address;
import org.mpbridge.connection.Client;
import org.mpbridge.connection.Connection;
import org.mpbridge.pickle.PyRepr;
import org.mpbridge.pickle.PyTuple;

/**
 * Just enough of CPython's manager protocol ({@code multiprocessing/managers.py}) for the manager-* roles: one
 * shared object made by a registered callable ({@code create}), one connection per calling thread
 * ({@code accept_connection}), method calls as {@code (ident, method, args, kwds)} answered with
 * {@code ('#RETURN', value)} or an error, and the reference released at the end ({@code decref}).
 * (The full client, with proxies for every SyncManager typeid, is {@code org.mpbridge.manager}.)
 */
final class ManagerSession implements Closeable {
    private final Address address;
    private final byte[] authkey;
    private final String ident;

    private ManagerSession(Address address, byte[] authkey, String ident) {
        this.address = address;
        this.authkey = authkey;
        this.ident = ident;
    }

    /** {@code manager.<typeid>()}: asks the server to make (or hand out) the object; holds one reference. */
    static ManagerSession create(Address address, byte[] authkey, String typeid) throws IOException {
        try (Connection c = Client.connect(address, authkey)) {
            Object result = dispatch(c, null, "create", PyTuple.of(typeid));
            if (!(result instanceof PyTuple t) || t.size() != 2) {
                throw new ProtocolException("create " + typeid + ": expected (ident, exposed), got " + PyRepr.repr(result));
            }
            return new ManagerSession(address, authkey, (String) t.get(0));
        }
    }

    /** A connection for one thread, as a proxy opens it. */
    Connection open(String threadName) throws IOException {
        Connection c = Client.connect(address, authkey);
        dispatch(c, null, "accept_connection", PyTuple.of(threadName));
        return c;
    }

    /** {@code proxy.method(*args)} over {@code c}. */
    Object call(Connection c, String method, Object... args) throws IOException {
        return dispatch(c, ident, method, PyTuple.of(args));
    }

    private static Object dispatch(Connection c, String id, String method, PyTuple args) throws IOException {
        c.send(PyTuple.of(id, method, args, Map.of()));
        Object reply = c.recv();
        if (!(reply instanceof PyTuple t) || t.size() != 2) {
            throw new ProtocolException(method + ": expected (kind, result), got " + PyRepr.repr(reply));
        }
        Object kind = t.get(0);
        if ("#RETURN".equals(kind)) return t.get(1);
        throw new IOException("manager " + method + " failed (" + kind + "): " + RoleContext.str(t.get(1)));
    }

    /** Releases the reference {@code create} gave us. */
    @Override
    public void close() throws IOException {
        try (Connection c = Client.connect(address, authkey)) {
            dispatch(c, null, "decref", PyTuple.of(ident));
        }
    }
}
