package org.mpbridge.manager.server;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.mpbridge.PythonException;
import org.mpbridge.manager.PythonErrors;
import org.mpbridge.pickle.PyObject;
import org.mpbridge.pickle.PyRepr;
import org.mpbridge.pickle.PyTuple;

/**
 * A Python {@code list} in a Java manager: negative indexes, slices, Python equality for
 * {@code in}/{@code index}/{@code count}/{@code remove}, a stable {@code sort(reverse=...)} with Python's
 * ordering. Each call is atomic, as under CPython's GIL.
 */
public final class SharedList extends AbstractReferent {
    private final List<Object> items;

    /**
     * The most items a repetition ({@code l * n}, {@code l *= n}) may make: {@code -Dmpbridge.manager.maxItems},
     * 2^24 by default; beyond it the request gets {@code MemoryError}.
     */
    static final long MAX_ITEMS = Sequences.MAX_ITEMS;

    public SharedList(List<?> initial) {
        super(true);
        this.items = new ArrayList<>(initial);
        method(Signature.of("__getitem__", "index"), a -> {
            if (Py.isSlice(a[0])) {
                List<Object> out = new ArrayList<>();
                for (int i : Py.slice(a[0], items.size()).positions()) out.add(items.get(i));
                return out;
            }
            return items.get(Py.item(a[0], items.size(), "list"));
        });
        method(Signature.of("__setitem__", "index", "value"), a -> {
            if (Py.isSlice(a[0])) setSlice(a[0], a[1]);
            else items.set(Py.item(a[0], items.size(), "list assignment"), a[1]);
            return null;
        });
        method(Signature.of("__delitem__", "index"), a -> {
            if (Py.isSlice(a[0])) {
                List<Integer> positions = Py.slice(a[0], items.size()).positions();
                positions.sort(Collections.reverseOrder());
                for (int i : positions) items.remove(i);
            } else {
                items.remove(Py.item(a[0], items.size(), "list assignment"));
            }
            return null;
        });
        method(Signature.of("__len__"), a -> items.size());
        method(Signature.of("__contains__", "value"), a -> find(a[0], 0, items.size()) >= 0);
        method(Signature.of("__add__", "other"), a -> {
            if (!(a[0] instanceof List<?> other) || a[0] instanceof PyTuple) {
                throw PythonErrors.builtin("TypeError", "can only concatenate list (not \"" + Py.typeName(a[0]) + "\") to list");
            }
            List<Object> out = new ArrayList<>(items);
            out.addAll(other);
            return out;
        });
        method(Signature.of("__mul__", "n"), a -> repeat(a[0]));
        method(Signature.of("__rmul__", "n"), a -> repeat(a[0]));
        method(Signature.of("__imul__", "n"), a -> {
            List<Object> out = repeat(a[0]);
            items.clear();
            items.addAll(out);
            return new ArrayList<>(items);
        });
        method(Signature.of("__reversed__"), a -> {
            // list_reverseiterator pickles as reversed(list) with the position as its state
            List<Object> copy = new ArrayList<>(items);
            return PyObject.reduce("builtins", "reversed", copy).withState(copy.size() - 1);
        });
        method(Signature.of("append", "object"), a -> {
            grow(1);
            items.add(a[0]);
            return null;
        });
        method(Signature.of("extend", "iterable"), a -> {
            List<Object> more = Sequences.iterable(a[0]);
            grow(more.size());
            items.addAll(more);
            return null;
        });
        method(Signature.of("insert", "index", "object"), a -> {
            grow(1);
            long i = Py.integer(a[0]);
            if (i < 0) i = Math.max(0, i + items.size());
            items.add((int) Math.min(i, items.size()), a[1]);
            return null;
        });
        method(Signature.of("pop", "index").defaults(-1), a -> {
            if (items.isEmpty()) throw PythonErrors.builtin("IndexError", "pop from empty list");
            long i = Py.integer(a[0]);
            if (i < 0) i += items.size();
            if (i < 0 || i >= items.size()) throw PythonErrors.builtin("IndexError", "pop index out of range");
            return items.remove((int) i);
        });
        method(Signature.of("remove", "value"), a -> {
            int i = find(a[0], 0, items.size());
            if (i < 0) throw PythonErrors.builtin("ValueError", "list.remove(x): x not in list");
            items.remove(i);
            return null;
        });
        method(Signature.of("index", "value", "start", "stop").defaults(0, Integer.MAX_VALUE), a -> {
            int n = items.size();
            long start = Py.integer(a[1]);
            long stop = Py.integer(a[2]);
            if (start < 0) start = Math.max(0, start + n);
            if (stop < 0) stop = Math.max(0, stop + n);
            int i = find(a[0], (int) Math.min(start, n), (int) Math.min(stop, n));
            if (i < 0) throw PythonErrors.builtin("ValueError", PyRepr.repr(a[0]) + " is not in list");
            return i;
        });
        method(Signature.of("count", "value"), a -> {
            int c = 0;
            for (Object x : items) if (Py.eq(x, a[0])) c++;
            return c;
        });
        method(Signature.of("reverse"), a -> {
            Collections.reverse(items);
            return null;
        });
        method(Signature.of("sort", "key", "reverse").defaults(null, false), a -> {
            if (a[0] != null) {
                throw PythonErrors.builtin("TypeError", "a Java manager cannot call a key function: " + PyRepr.repr(a[0]));
            }
            sort(Py.truth(a[1]));
            return null;
        });
        method(Signature.of("clear"), a -> {
            items.clear();
            return null;
        });
        method(Signature.of("copy"), a -> new ArrayList<>(items));
    }

    private int find(Object value, int from, int to) {
        for (int i = from; i < to; i++) {
            if (Py.eq(items.get(i), value)) return i;
        }
        return -1;
    }

    /** A managed list holds at most {@link #MAX_ITEMS} items: past it, CPython's MemoryError (the server stays up). */
    private void grow(int more) throws PythonException {
        if ((long) items.size() + more > MAX_ITEMS) throw PythonErrors.builtin("MemoryError");
    }

    private List<Object> repeat(Object n) throws PythonException {
        if (n instanceof Double || n instanceof String || n == null || n instanceof List<?>) {
            throw PythonErrors.builtin("TypeError", "can't multiply sequence by non-int of type '" + Py.typeName(n) + "'");
        }
        long times;
        try {
            times = Py.integer(n);
        } catch (PythonException big) {
            if (!(n instanceof java.math.BigInteger)) throw big;
            throw PythonErrors.builtin("OverflowError", "cannot fit 'int' into an index-sized integer");
        }
        if (times <= 0 || items.isEmpty()) return new ArrayList<>();
        // one request may not allocate without bound: past MAX_ITEMS it is CPython's MemoryError (the server
        // stays up), never a Java OutOfMemoryError (found by ManagerDispatchFuzzTest: l *= 249, twice)
        if (times > MAX_ITEMS / items.size()) throw PythonErrors.builtin("MemoryError");
        List<Object> out = new ArrayList<>((int) (times * items.size()));
        for (long i = 0; i < times; i++) out.addAll(items);
        return out;
    }

    private void setSlice(Object slice, Object value) throws PythonException {
        List<Object> values = Sequences.iterable(value);
        Py.Slice s = Py.slice(slice, items.size());
        if (s.step() == 1) {
            int start = s.start();
            int stop = Math.max(start, s.stop());
            items.subList(start, stop).clear();
            items.addAll(start, values);
            return;
        }
        if (values.size() != s.length()) {
            throw PythonErrors.builtin("ValueError", "attempt to assign sequence of size " + values.size()
                    + " to extended slice of size " + s.length());
        }
        List<Integer> positions = s.positions();
        for (int k = 0; k < positions.size(); k++) items.set(positions.get(k), values.get(k));
    }

    /** Stable, like CPython's listsort: with reverse, equal items keep their order. */
    private void sort(boolean reverse) throws PythonException {
        List<Object> work = new ArrayList<>(items);
        if (reverse) Collections.reverse(work);
        PythonException[] failure = new PythonException[1];
        try {
            work.sort((x, y) -> {
                try {
                    return Py.compare(x, y);
                } catch (PythonException e) {
                    failure[0] = e;
                    throw new IllegalArgumentException(e);
                }
            });
        } catch (IllegalArgumentException e) {
            if (failure[0] != null) throw failure[0];
            throw e;
        }
        // CPython: reverse, stable ascending sort, reverse again, so equal items keep their order
        if (reverse) Collections.reverse(work);
        items.clear();
        items.addAll(work);
    }

    @Override
    protected String pythonType() {
        return "builtins.list";
    }

    @Override
    public synchronized String repr() {
        return PyRepr.repr(items);
    }

    @Override
    public synchronized Object value() {
        return new ArrayList<>(items);
    }
}
