package org.mpbridge.manager;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.mpbridge.ProtocolException;
import org.mpbridge.pickle.PyRepr;
import org.mpbridge.pickle.PyTuple;

/**
 * CPython's {@code DictProxy} (SyncManager's {@code dict}). Method names follow Python's; a missing key in
 * {@link #getItem}, {@link #delItem} or {@link #pop(Object)} raises a {@code builtins.KeyError}
 * {@link org.mpbridge.PythonException}. Views ({@code keys()} …) arrive as lists, as CPython sends them.
 */
public class DictProxy extends Proxy {
    protected DictProxy(ManagerClient manager, Token token, List<String> exposed) {
        super(manager, token, exposed);
    }


    /** {@code d[key]}. */
    public Object getItem(Object key) throws IOException {
        return call("__getitem__", key);
    }

    /** {@code d[key] = value}. */
    public void setItem(Object key, Object value) throws IOException {
        call("__setitem__", key, value);
    }

    /** {@code del d[key]}. */
    public void delItem(Object key) throws IOException {
        call("__delitem__", key);
    }

    /** {@code key in d}. */
    public boolean contains(Object key) throws IOException {
        return toBool(call("__contains__", key));
    }

    public int len() throws IOException {
        return toInt(call("__len__"));
    }

    /** {@code d.get(key)}: null (None) when absent. */
    public Object get(Object key) throws IOException {
        return call("get", key);
    }

    public Object get(Object key, Object defaultValue) throws IOException {
        return call("get", key, defaultValue);
    }

    public Object setdefault(Object key, Object defaultValue) throws IOException {
        return call("setdefault", key, defaultValue);
    }

    public Object pop(Object key) throws IOException {
        return call("pop", key);
    }

    public Object pop(Object key, Object defaultValue) throws IOException {
        return call("pop", key, defaultValue);
    }

    /** {@code d.popitem()}: the last pair inserted, as a 2-tuple. */
    public PyTuple popitem() throws IOException {
        return (PyTuple) call("popitem");
    }

    public void update(Map<?, ?> other) throws IOException {
        call("update", other);
    }

    public void clear() throws IOException {
        call("clear");
    }

    @SuppressWarnings("unchecked")
    public List<Object> keys() throws IOException {
        return (List<Object>) call("keys");
    }

    @SuppressWarnings("unchecked")
    public List<Object> values() throws IOException {
        return (List<Object>) call("values");
    }

    /** {@code d.items()}: a list of {@code (key, value)} tuples. */
    @SuppressWarnings("unchecked")
    public List<PyTuple> items() throws IOException {
        return (List<PyTuple>) call("items");
    }

    /** {@code d.copy()}: a plain dict, in insertion order. */
    public Map<Object, Object> copy() throws IOException {
        return asMap(call("copy"));
    }

    /** A copy of the whole dict ({@code _getvalue()}). */
    @Override
    public Map<Object, Object> getValue() throws IOException {
        return asMap(super.getValue());
    }

    /** {@code iter(d)}: a proxy for a key iterator living in the manager ({@code #PROXY} reply). */
    public IteratorProxy iter() throws IOException {
        return (IteratorProxy) call("__iter__");
    }

    @SuppressWarnings("unchecked")
    private static Map<Object, Object> asMap(Object o) throws ProtocolException {
        if (o instanceof Map<?, ?> m) return (Map<Object, Object>) m;
        throw new ProtocolException("expected a dict, got " + PyRepr.repr(o));
    }
}
