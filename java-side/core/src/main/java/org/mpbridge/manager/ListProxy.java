package org.mpbridge.manager;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.mpbridge.ProtocolException;
import org.mpbridge.pickle.PyObject;
import org.mpbridge.pickle.PyRepr;

/** CPython's {@code ListProxy} (SyncManager's {@code list}); indexes may be negative, as in Python. */
public class ListProxy extends Proxy {
    protected ListProxy(ManagerClient manager, Token token, List<String> exposed) {
        super(manager, token, exposed);
    }


    public Object getItem(int index) throws IOException {
        return call("__getitem__", index);
    }

    /** {@code l[start:stop]} (null for an open end). */
    public List<Object> slice(Integer start, Integer stop) throws IOException {
        return asList(call("__getitem__", slice(start, stop, null)));
    }

    public void setItem(int index, Object value) throws IOException {
        call("__setitem__", index, value);
    }

    public void delItem(int index) throws IOException {
        call("__delitem__", index);
    }

    public int len() throws IOException {
        return toInt(call("__len__"));
    }

    public boolean contains(Object value) throws IOException {
        return toBool(call("__contains__", value));
    }

    public void append(Object value) throws IOException {
        call("append", value);
    }

    public void extend(List<?> values) throws IOException {
        call("extend", values);
    }

    public void insert(int index, Object value) throws IOException {
        call("insert", index, value);
    }

    public Object pop() throws IOException {
        return call("pop");
    }

    public Object pop(int index) throws IOException {
        return call("pop", index);
    }

    public void remove(Object value) throws IOException {
        call("remove", value);
    }

    public int index(Object value) throws IOException {
        return toInt(call("index", value));
    }

    public int count(Object value) throws IOException {
        return toInt(call("count", value));
    }

    public void reverse() throws IOException {
        call("reverse");
    }

    public void sort() throws IOException {
        call("sort");
    }

    public void sort(boolean reverse) throws IOException {
        call("sort", List.of(), Map.of("reverse", reverse));
    }

    /** {@code l + other}: a new plain list. */
    public List<Object> add(List<?> other) throws IOException {
        return asList(call("__add__", other));
    }

    /** {@code l * n}: a new plain list. */
    public List<Object> mul(int n) throws IOException {
        return asList(call("__mul__", n));
    }

    /** A copy of the whole list ({@code _getvalue()}). */
    @Override
    public List<Object> getValue() throws IOException {
        return asList(super.getValue());
    }

    /** Python's {@code slice(start, stop, step)} object. */
    public static PyObject slice(Integer start, Integer stop, Integer step) {
        return PyObject.reduce("builtins", "slice", start, stop, step);
    }

    @SuppressWarnings("unchecked")
    static List<Object> asList(Object o) throws ProtocolException {
        if (o instanceof List<?> l) return (List<Object>) l;
        throw new ProtocolException("expected a list, got " + PyRepr.repr(o));
    }
}
