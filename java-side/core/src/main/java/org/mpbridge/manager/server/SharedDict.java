package org.mpbridge.manager.server;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mpbridge.PythonException;
import org.mpbridge.manager.PythonErrors;
import org.mpbridge.pickle.PyRepr;
import org.mpbridge.pickle.PyTuple;

/**
 * A Python {@code dict} in a Java manager: insertion order, Python key equality ({@code 1 == 1.0 == True}),
 * {@code KeyError} for missing keys, views returned as lists (as multiprocessing sends them), {@code __iter__}
 * as a separate iterator object. Each call is atomic, as under CPython's GIL.
 */
public final class SharedDict extends AbstractReferent {
    /** hash key → {original key, value}. */
    private final LinkedHashMap<Object, Object[]> entries = new LinkedHashMap<>();

    public SharedDict() {
        super(true);
        method(Signature.of("__getitem__", "key"), a -> getItem(a[0]));
        method(Signature.of("__setitem__", "key", "value"), a -> {
            setItem(a[0], a[1]);
            return null;
        });
        method(Signature.of("__delitem__", "key"), a -> {
            if (entries.remove(Py.hashKey(a[0])) == null) throw PythonErrors.builtin("KeyError", a[0]);
            return null;
        });
        method(Signature.of("__contains__", "key"), a -> entries.containsKey(Py.hashKey(a[0])));
        method(Signature.of("__len__"), a -> entries.size());
        method(Signature.of("__iter__"), a -> new SharedIterator(this, keys()));
        method(Signature.of("get", "key", "default").defaults((Object) null), a -> {
            Object[] e = entries.get(Py.hashKey(a[0]));
            return e == null ? a[1] : e[1];
        });
        method(Signature.of("setdefault", "key", "default").defaults((Object) null), a -> {
            Object k = Py.hashKey(a[0]);
            Object[] e = entries.get(k);
            if (e != null) return e[1];
            entries.put(k, new Object[] {a[0], a[1]});
            return a[1];
        });
        method("pop", (args, kwargs) -> {
            if (!kwargs.isEmpty()) throw PythonErrors.builtin("TypeError", "pop() takes no keyword arguments");
            if (args.isEmpty() || args.size() > 2) {
                throw PythonErrors.builtin("TypeError", "pop expected at most 2 arguments, got " + args.size());
            }
            Object[] e = entries.remove(Py.hashKey(args.get(0)));
            if (e != null) return e[1];
            if (args.size() == 2) return args.get(1);
            throw PythonErrors.builtin("KeyError", args.get(0));
        });
        method(Signature.of("popitem"), a -> {
            if (entries.isEmpty()) throw PythonErrors.builtin("KeyError", "popitem(): dictionary is empty");
            Object last = null;
            for (Object k : entries.keySet()) last = k;
            Object[] e = entries.remove(last);
            return PyTuple.of(e[0], e[1]);
        });
        method("update", (args, kwargs) -> {
            if (args.size() > 1) throw PythonErrors.builtin("TypeError", "update expected at most 1 argument, got " + args.size());
            if (args.size() == 1) merge(args.get(0));
            for (Map.Entry<Object, Object> e : kwargs.entrySet()) setItem(e.getKey(), e.getValue());
            return null;
        });
        method(Signature.of("clear"), a -> {
            entries.clear();
            return null;
        });
        method(Signature.of("copy"), a -> snapshot());
        method(Signature.of("keys"), a -> keys());
        method(Signature.of("values"), a -> {
            List<Object> out = new ArrayList<>(entries.size());
            for (Object[] e : entries.values()) out.add(e[1]);
            return out;
        });
        method(Signature.of("items"), a -> {
            List<Object> out = new ArrayList<>(entries.size());
            for (Object[] e : entries.values()) out.add(PyTuple.of(e[0], e[1]));
            return out;
        });
        method(Signature.of("fromkeys", "iterable", "value").defaults((Object) null), a -> {
            Map<Object, Object> out = new LinkedHashMap<>();
            SharedDict fresh = new SharedDict();
            for (Object k : Sequences.iterable(a[0])) fresh.setItem(k, a[1]);
            for (Object[] e : fresh.entries.values()) out.put(e[0], e[1]);
            return out;
        });
    }

    /** {@code dict(mapping_or_pairs, **kwargs)}. */
    public static SharedDict of(PyTuple args, Map<Object, Object> kwargs) throws PythonException {
        if (args.size() > 1) throw PythonErrors.builtin("TypeError", "dict expected at most 1 argument, got " + args.size());
        SharedDict d = new SharedDict();
        if (args.size() == 1) d.merge(args.get(0));
        for (Map.Entry<Object, Object> e : kwargs.entrySet()) d.setItem(e.getKey(), e.getValue());
        return d;
    }

    private Object getItem(Object key) throws PythonException {
        Object[] e = entries.get(Py.hashKey(key));
        if (e == null) throw PythonErrors.builtin("KeyError", key);
        return e[1];
    }

    private void setItem(Object key, Object value) throws PythonException {
        Object k = Py.hashKey(key);
        Object[] e = entries.get(k);
        if (e != null) e[1] = value;
        else entries.put(k, new Object[] {key, value});
    }

    private void merge(Object other) throws PythonException {
        if (other instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) setItem(e.getKey(), e.getValue());
            return;
        }
        int i = 0;
        for (Object pair : Sequences.iterable(other)) {
            if (!(pair instanceof List<?> kv) || kv.size() != 2) {
                throw PythonErrors.builtin("ValueError", "dictionary update sequence element #" + i + " has length "
                        + (pair instanceof List<?> l ? l.size() : 1) + "; 2 is required");
            }
            setItem(kv.get(0), kv.get(1));
            i++;
        }
    }

    private List<Object> keys() {
        List<Object> out = new ArrayList<>(entries.size());
        for (Object[] e : entries.values()) out.add(e[0]);
        return out;
    }

    private Map<Object, Object> snapshot() {
        Map<Object, Object> out = new LinkedHashMap<>();
        for (Object[] e : entries.values()) out.put(e[0], e[1]);
        return out;
    }

    @Override
    protected String pythonType() {
        return "builtins.dict";
    }

    @Override
    public synchronized String repr() {
        return PyRepr.repr(snapshot());
    }

    @Override
    public synchronized Object value() {
        return snapshot();
    }

    private synchronized int size() {
        return entries.size();
    }

    /**
     * {@code dict.__iter__}: the keys in order; as CPython's dict iterator, a change of the dict's size since the
     * iterator was made raises {@code RuntimeError: dictionary changed size during iteration} (and keeps raising),
     * while an exhausted iterator stays exhausted.
     */
    static final class SharedIterator extends AbstractReferent {
        private final SharedDict dict;
        private final List<Object> keys;
        private final int size;
        private int next;
        private boolean broken;

        SharedIterator(SharedDict dict, List<Object> keys) {
            super(true);
            this.dict = dict;
            this.keys = keys;
            this.size = keys.size();
            method(Signature.of("__next__"), a -> advance());
        }

        private Object advance() throws PythonException {
            if (next > keys.size()) throw PythonErrors.builtin("StopIteration");
            if (broken || dict.size() != size) {
                broken = true;
                throw PythonErrors.builtin("RuntimeError", "dictionary changed size during iteration");
            }
            if (next == keys.size()) {
                next++;  // exhausted: StopIteration from now on, as CPython drops its reference to the dict
                throw PythonErrors.builtin("StopIteration");
            }
            return keys.get(next++);
        }

        @Override
        protected String pythonType() {
            return "builtins.dict_keyiterator";
        }
    }
}
