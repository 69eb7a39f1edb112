package org.mpbridge.manager.server;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.mpbridge.PythonException;
import org.mpbridge.manager.PyArrays;
import org.mpbridge.manager.PythonErrors;
import org.mpbridge.pickle.PyByteArray;
import org.mpbridge.pickle.PyGlobal;
import org.mpbridge.pickle.PyObject;

/**
 * {@code iter(x)} over decoded values: what {@code list(x)}, {@code list.extend}, {@code dict.update} … accept.
 * Besides the containers the pickle codec decodes (list, tuple, set, frozenset, dict, str, bytes, bytearray), the
 * iterables a client can pickle by reduction: {@code range(...)}, the iterators {@code iter(list | tuple | str |
 * range | ...)} (and {@code iter(dict)}, which pickles as {@code iter(list_of_keys)}) with their position,
 * {@code reversed(list)}, {@code array.array} and {@code collections.deque}. A {@code range} longer than
 * {@link #MAX_ITEMS} raises {@code MemoryError} instead of being materialised.
 */
final class Sequences {
    /**
     * The most items one argument may expand to, and one managed list may hold (a range of 2**31 would need
     * gigabytes, as in CPython): {@code -Dmpbridge.manager.maxItems}, 2^24 by default.
     */
    static final int MAX_ITEMS = (int) Math.min(Integer.MAX_VALUE - 8, Long.getLong("mpbridge.manager.maxItems", 1L << 24));

    private static final PyGlobal RANGE = new PyGlobal("builtins", "range");
    private static final PyGlobal ITER = new PyGlobal("builtins", "iter");
    private static final PyGlobal REVERSED = new PyGlobal("builtins", "reversed");
    private static final PyGlobal DEQUE = new PyGlobal("collections", "deque");

    private Sequences() {}

    static List<Object> iterable(Object o) throws PythonException {
        if (o instanceof Collection<?> c) return new ArrayList<>(c);
        if (o instanceof Map<?, ?> m) return new ArrayList<>(m.keySet());
        if (o instanceof String s) {
            List<Object> out = new ArrayList<>();
            s.codePoints().forEach(cp -> out.add(new String(Character.toChars(cp))));
            return out;
        }
        if (o instanceof byte[] || o instanceof PyByteArray) {
            byte[] b = o instanceof byte[] bytes ? bytes : ((PyByteArray) o).bytes();
            List<Object> out = new ArrayList<>(b.length);
            for (byte x : b) out.add(x & 0xff);
            return out;
        }
        if (o instanceof PyObject obj) {
            List<Object> reduced = reduced(obj);
            if (reduced != null) return reduced;
        }
        throw PythonErrors.builtin("TypeError", "'" + typeName(o) + "' object is not iterable");
    }

    /** The items of an iterable that pickled by reduction, or null when it is not one we know. */
    private static List<Object> reduced(PyObject obj) throws PythonException {
        PyGlobal callable = obj.callable();
        List<Object> args = obj.args();
        if (callable.equals(RANGE) && args.size() == 3) return range(args.get(0), args.get(1), args.get(2));
        if (callable.equals(ITER) && args.size() == 1) {
            // list/tuple/str/range iterators: (iter, (seq,), index); dict iterators: (iter, (remaining_keys,))
            List<Object> all = iterable(args.get(0));
            int from = obj.hasState() ? (int) Math.max(0, Math.min(all.size(), Py.integer(obj.state()))) : 0;
            return new ArrayList<>(all.subList(from, all.size()));
        }
        if (callable.equals(REVERSED) && args.size() == 1) {
            // list_reverseiterator: (reversed, (list,), index of the next item), counting down to 0
            List<Object> all = iterable(args.get(0));
            int next = obj.hasState() ? (int) Math.min(all.size() - 1L, Py.integer(obj.state())) : all.size() - 1;
            List<Object> out = new ArrayList<>(all.subList(0, Math.max(0, next + 1)));
            Collections.reverse(out);
            return out;
        }
        if (callable.equals(DEQUE)) {
            // deque.__reduce__: (deque, ((), maxlen)?, None, iter(items)) -> APPENDS
            List<Object> out = new ArrayList<>(obj.listItems());
            if (out.isEmpty() && !args.isEmpty()) out.addAll(iterable(args.get(0)));
            return out;
        }
        if (callable.equals(PyArrays.ARRAY) || callable.name().equals("_array_reconstructor")) {
            return new ArrayList<>(PyArrays.fromPickle(obj).items());
        }
        return null;
    }

    private static List<Object> range(Object start, Object stop, Object step) throws PythonException {
        BigInteger a = big(start);
        BigInteger b = big(stop);
        BigInteger s = big(step);
        if (s.signum() == 0) throw PythonErrors.builtin("ValueError", "range() arg 3 must not be zero");
        BigInteger span = s.signum() > 0 ? b.subtract(a) : a.subtract(b);
        BigInteger n = span.signum() <= 0 ? BigInteger.ZERO : span.add(s.abs()).subtract(BigInteger.ONE).divide(s.abs());
        if (n.compareTo(BigInteger.valueOf(MAX_ITEMS)) > 0) {
            throw PythonErrors.builtin("MemoryError", "a Java manager expands at most " + MAX_ITEMS + " items, range has " + n);
        }
        List<Object> out = new ArrayList<>(n.intValue());
        BigInteger x = a;
        for (int i = 0; i < n.intValue(); i++) {
            out.add(x.bitLength() < 32 ? (Object) x.intValue() : x.bitLength() < 64 ? (Object) x.longValue() : x);
            x = x.add(s);
        }
        return out;
    }

    private static BigInteger big(Object o) throws PythonException {
        if (o instanceof BigInteger b) return b;
        return BigInteger.valueOf(Py.integer(o));
    }

    private static String typeName(Object o) {
        if (o instanceof PyObject obj) return obj.callable().name();
        return Py.typeName(o);
    }
}
