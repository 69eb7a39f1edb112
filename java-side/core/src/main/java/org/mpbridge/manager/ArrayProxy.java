package org.mpbridge.manager;

import java.io.IOException;
import java.util.List;

/** CPython's {@code ArrayProxy} (SyncManager's {@code Array(typecode, sequence)}: an {@code array.array} in the manager). */
public class ArrayProxy extends Proxy {
    protected ArrayProxy(ManagerClient manager, Token token, List<String> exposed) {
        super(manager, token, exposed);
    }


    public int len() throws IOException {
        return toInt(call("__len__"));
    }

    public Object getItem(int index) throws IOException {
        return call("__getitem__", index);
    }

    public void setItem(int index, Object value) throws IOException {
        call("__setitem__", index, value);
    }

    /** A copy of the array ({@code _getvalue()}), decoded from {@code array.array(typecode, bytes)}. */
    public PyArrays.PyArray toArray() throws IOException {
        return PyArrays.fromPickle(getValue());
    }
}
