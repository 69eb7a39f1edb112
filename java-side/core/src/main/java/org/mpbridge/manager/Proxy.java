package org.mpbridge.manager;

import java.io.IOException;
import java.lang.ref.Reference;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mpbridge.pickle.PyGlobal;
import org.mpbridge.pickle.PyObject;
import org.mpbridge.pickle.PyTuple;

/**
 * CPython's {@code BaseProxy} (and {@code AutoProxy} when used directly): a reference to a shared object in a
 * manager. Method calls travel over the calling thread's serving connection; while this object is open it holds
 * one reference in the server ({@code incref} when made, {@code decref} on {@link #close()} or, as CPython's
 * finalizer does, when the proxy is garbage-collected). {@link #toString()} does no I/O; {@link #str()} and
 * {@link #repr()} ask the referent.
 */
public class Proxy implements AutoCloseable {
    final ManagerClient manager;
    final Token token;
    final List<String> exposed;
    ManagerClient.Decref decref;

    protected Proxy(ManagerClient manager, Token token, List<String> exposed) {
        this.manager = manager;
        this.token = token;
        this.exposed = List.copyOf(exposed);
    }

    public Token token() {
        return token;
    }

    public String id() {
        return token.id();
    }

    public String typeid() {
        return token.typeid();
    }

    /** The method names the server lets this proxy call (the {@code exposed} of the create reply). */
    public List<String> exposed() {
        return exposed;
    }

    public ManagerClient manager() {
        return manager;
    }

    /** The {@code multiprocessing.managers} name this proxy pickles as (see {@link ProxyType}). */
    protected String pythonClass() {
        return ProxyType.pythonClassOf(getClass());
    }

    /** {@code _callmethod(name, args)}. */
    public Object call(String method, Object... args) throws IOException {
        return call(method, Arrays.asList(args), Map.of());
    }

    /** {@code _callmethod(name, args, kwds)}: returns the result, or a proxy for a {@code #PROXY} reply. */
    public Object call(String method, List<?> args, Map<String, ?> kwargs) throws IOException {
        try {
            return manager.callMethod(this, method, args, kwargs);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /** {@code _getvalue()}: a copy of the referent ({@code #GETVALUE}). */
    public Object getValue() throws IOException {
        return call(ManagerProtocol.GETVALUE);
    }

    /** {@code str(proxy)} in Python: the referent's {@code __repr__} (CPython's BaseProxy.__str__). */
    public String str() throws IOException {
        return String.valueOf(call("__repr__"));
    }

    /** The referent's {@code __repr__}. */
    public String repr() throws IOException {
        return String.valueOf(call("__repr__"));
    }

    /**
     * What this proxy pickles to, {@code RebuildProxy(<class>, token, 'pickle', kwds)}: send it inside any value
     * (proxies in arguments are converted automatically) and a Python receiver gets a live proxy.
     */
    public PyObject toPickle() {
        Map<Object, Object> kwds = new LinkedHashMap<>();
        if (pythonClass().equals("AutoProxy")) kwds.put("exposed", PyTuple.copyOf(exposed));
        return PyObject.reduce("multiprocessing.managers", "RebuildProxy",
                new PyGlobal("multiprocessing.managers", pythonClass()), token.toPickle(), "pickle", kwds);
    }

    /** Drops this proxy's reference in the server ({@code decref}); idempotent. */
    @Override
    public void close() throws IOException {
        if (decref != null) decref.close();
    }

    public boolean isClosed() {
        return decref != null && decref.done();
    }

    static double seconds(Duration timeout) {
        return timeout.toNanos() / 1e9;
    }

    static int toInt(Object result) throws IOException {
        if (result instanceof Number n) return Math.toIntExact(n.longValue());
        if (result instanceof Boolean b) return b ? 1 : 0;
        throw new org.mpbridge.ProtocolException("expected an int result, got " + org.mpbridge.pickle.PyRepr.repr(result));
    }

    static boolean toBool(Object result) throws IOException {
        if (result instanceof Boolean b) return b;
        if (result instanceof Number n) return n.doubleValue() != 0;
        if (result == null) return false;
        throw new org.mpbridge.ProtocolException("expected a bool result, got " + org.mpbridge.pickle.PyRepr.repr(result));
    }

    @Override
    public String toString() {
        return "<" + getClass().getSimpleName() + " typeid " + token.typeid() + ", id " + token.id() + ">";
    }
}
