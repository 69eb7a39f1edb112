package org.mpbridge.manager.server;

import java.util.ArrayList;
import java.util.List;
import org.mpbridge.PythonException;
import org.mpbridge.manager.PyArrays;
import org.mpbridge.manager.PythonErrors;
import org.mpbridge.pickle.PyRepr;

/**
 * SyncManager's {@code Array(typecode, sequence)}: an {@code array.array} in the manager; items are range-checked
 * per typecode, slices and copies travel as {@code array.array(typecode, bytes)} as multiprocessing sends them.
 */
public final class SharedArray extends AbstractReferent {
    private final String typecode;
    private final List<Object> items = new ArrayList<>();

    public SharedArray(String typecode, List<Object> initial) throws PythonException {
        super(true);
        PyArrays.checkTypecode(typecode);
        this.typecode = typecode;
        for (Object x : initial) items.add(PyArrays.coerce(typecode, x));
        method(Signature.of("__len__"), a -> items.size());
        method(Signature.of("__getitem__", "index"), a -> {
            if (Py.isSlice(a[0])) {
                List<Object> out = new ArrayList<>();
                for (int i : Py.slice(a[0], items.size()).positions()) out.add(items.get(i));
                return PyArrays.toPickle(typecode, out);
            }
            return items.get(Py.item(a[0], items.size(), "array"));
        });
        method(Signature.of("__setitem__", "index", "value"), a -> {
            if (Py.isSlice(a[0])) {
                PyArrays.PyArray other = PyArrays.fromPickle(a[1]);
                if (!other.typecode().equals(typecode)) throw PythonErrors.builtin("TypeError", "bad argument type for built-in operation");
                Py.Slice s = Py.slice(a[0], items.size());
                if (s.step() == 1) {
                    items.subList(s.start(), Math.max(s.start(), s.stop())).clear();
                    items.addAll(s.start(), other.items());
                } else {
                    if (other.items().size() != s.length()) {
                        throw PythonErrors.builtin("ValueError", "attempt to assign array of size " + other.items().size()
                                + " to extended slice of size " + s.length());
                    }
                    List<Integer> pos = s.positions();
                    for (int k = 0; k < pos.size(); k++) items.set(pos.get(k), other.items().get(k));
                }
            } else {
                items.set(Py.item(a[0], items.size(), "array assignment"), PyArrays.coerce(typecode, a[1]));
            }
            return null;
        });
        method(Signature.of("append", "v"), a -> {
            items.add(PyArrays.coerce(typecode, a[0]));
            return null;
        });
        method(Signature.of("tolist"), a -> new ArrayList<>(items));
        method(Signature.of("tobytes"), a -> PyArrays.toBytes(typecode, items));
        method(Signature.of("count", "v"), a -> {
            int c = 0;
            for (Object x : items) if (Py.eq(x, a[0])) c++;
            return c;
        });
    }

    /** {@code Array(typecode, sequence, lock=True)}. */
    static SharedArray of(Object typecode, Object sequence) throws PythonException {
        if (!(typecode instanceof String tc)) {
            throw PythonErrors.builtin("TypeError", "array() argument 1 must be a unicode character, not " + Py.typeName(typecode));
        }
        if (sequence instanceof byte[] data) return new SharedArray(tc, PyArrays.fromBytes(tc, data));
        if (sequence instanceof Number n && !(sequence instanceof Double)) {
            // sharedctypes style Array('i', 5) is not what managers.Array does: array.array('i', 5) is a TypeError
            throw PythonErrors.builtin("TypeError", "cannot use a int to initialize an array with typecode '" + tc + "'");
        }
        return new SharedArray(tc, Sequences.iterable(sequence));
    }

    @Override
    protected String pythonType() {
        return "array.array";
    }

    @Override
    public synchronized String repr() {
        if (items.isEmpty()) return "array('" + typecode + "')";
        return "array('" + typecode + "', " + PyRepr.repr(items) + ")";
    }

    @Override
    public synchronized Object value() {
        return PyArrays.toPickle(typecode, new ArrayList<>(items));
    }
}
