package org.mpbridge.manager.server;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mpbridge.PythonException;
import org.mpbridge.manager.PythonErrors;
import org.mpbridge.pickle.PyByteArray;
import org.mpbridge.pickle.PyComplex;
import org.mpbridge.pickle.PyFrozenSet;
import org.mpbridge.pickle.PyGlobal;
import org.mpbridge.pickle.PyObject;
import org.mpbridge.pickle.PyTuple;

/**
 * Python's value semantics over decoded values, for the Java referents: {@code ==} across int/float/bool,
 * hashing for dict keys, ordering for {@code sort}, indexes and slices, Python type names for messages.
 */
public final class Py {
    private Py() {}

    private static final Object NONE_KEY = new Object() {
        @Override
        public String toString() {
            return "None";
        }
    };
    private static final PyGlobal SLICE = new PyGlobal("builtins", "slice");

    // ---- type names

    /** {@code type(o).__name__}. */
    public static String typeName(Object o) {
        return org.mpbridge.pickle.PyTypes.name(o);
    }

    // ---- equality and hashing

    /** Python's {@code a == b} for decoded values ({@code 1 == 1.0 == True}, {@code b'a' == bytearray(b'a')}). */
    public static boolean eq(Object a, Object b) {
        if (a == b) return true;
        return canon(a, new IdentityHashMap<>()).equals(canon(b, new IdentityHashMap<>()));
    }

    /** A key with Python's dict semantics; {@code TypeError: unhashable type} for lists, dicts, sets, bytearrays. */
    public static Object hashKey(Object o) throws PythonException {
        checkHashable(o);
        try {
            return canon(o, new IdentityHashMap<>());
        } catch (StackOverflowError e) {
            throw PythonErrors.builtin("RecursionError", "maximum recursion depth exceeded while calling a Python object");
        }
    }

    private static void checkHashable(Object o) throws PythonException {
        if (o instanceof PyTuple t) {
            if (t.isHashable()) return;
            for (Object x : t) checkHashable(x);  // names the first unhashable part, as CPython does
        } else if (o instanceof PyFrozenSet) {
            return;
        } else if (o instanceof List<?> || o instanceof Map<?, ?> || o instanceof Set<?> || o instanceof PyByteArray) {
            throw PythonErrors.builtin("TypeError", "unhashable type: '" + typeName(o) + "'");
        }
    }

    /**
     * A canonical container: its hash computed once from its (canonical) children, and equality that remembers a
     * key found equal, so shared sub-values ({@code t = (t, t)} 26 times) hash and compare in time linear in the
     * number of distinct objects, not in the size of the unshared tree.
     */
    private static final class Key {
        private final int kind;
        private final Object items;
        private final int hash;
        private Key sameAs;

        Key(int kind, Object items) {
            this.kind = kind;
            this.items = items;
            this.hash = 31 * kind + items.hashCode();
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            if (o == this || o == sameAs) return true;
            if (!(o instanceof Key k) || k.kind != kind || k.hash != hash || !items.equals(k.items)) return false;
            sameAs = k;
            k.sameAs = this;
            return true;
        }
    }

    private static final int TUPLE = 1;
    private static final int LIST = 2;
    private static final int SET = 3;
    private static final int FROZENSET = 4;
    private static final int MAP = 5;

    /**
     * A Java object whose equals/hashCode are Python's == / hash for this value; shared sub-values canonicalised
     * once. Iterative (an explicit stack), so a tuple nested 100,000 deep costs no Java stack.
     */
    private static Object canon(Object root, IdentityHashMap<Object, Object> done) {
        if (!isContainer(root)) return scalar(root);
        java.util.ArrayDeque<Frame> stack = new java.util.ArrayDeque<>();
        IdentityHashMap<Object, Boolean> open = new IdentityHashMap<>();  // containers whose walk has not finished
        stack.push(new Frame(root));
        open.put(root, Boolean.TRUE);
        Object result = null;
        while (!stack.isEmpty()) {
            Frame f = stack.peek();
            if (f.children.hasNext()) {
                Object child = f.children.next();
                if (!isContainer(child)) {
                    f.out.add(scalar(child));
                } else {
                    Object seen = done.get(child);
                    if (seen != null) {
                        f.out.add(seen);
                    } else if (open.containsKey(child)) {
                        // a container reached again inside itself: CPython's comparison recurses until RecursionError
                        throw new CyclicValue();
                    } else {
                        stack.push(new Frame(child));
                        open.put(child, Boolean.TRUE);
                    }
                }
                continue;
            }
            stack.pop();
            open.remove(f.value);
            Object key = f.finish();
            done.put(f.value, key);
            if (stack.isEmpty()) result = key;
            else stack.peek().out.add(key);
        }
        return result;
    }

    /**
     * A value that contains itself, met while comparing or hashing: where CPython recurses until {@code RecursionError},
     * this ends the walk at once. A {@link StackOverflowError}, so every place that turns a too-deep value into
     * CPython's {@code RecursionError} (the dispatcher, {@link #hashKey}) answers it the same way.
     */
    static final class CyclicValue extends StackOverflowError {
        private static final long serialVersionUID = 1L;

        CyclicValue() {
            super("maximum recursion depth exceeded in comparison");
        }
    }

    private static boolean isContainer(Object o) {
        return o instanceof Collection<?> || o instanceof Map<?, ?>;
    }

    private static Object scalar(Object o) {
        if (o == null) return NONE_KEY;
        if (o instanceof Boolean b) return b ? 1L : 0L;
        if (o instanceof Integer || o instanceof Long || o instanceof Short || o instanceof Byte) return ((Number) o).longValue();
        if (o instanceof BigInteger big) return big.bitLength() < 64 ? (Object) big.longValue() : big;
        if (o instanceof Double || o instanceof Float) {
            double d = ((Number) o).doubleValue();
            if (d == Math.rint(d) && !Double.isInfinite(d)) {
                if (Math.abs(d) < 0x1p63) return (long) d;
                return new BigDecimal(d).toBigIntegerExact();
            }
            return d;
        }
        if (o instanceof PyComplex c && c.imag() == 0) return scalar(c.real());
        if (o instanceof byte[] b) return ByteBuffer.wrap(b.clone());
        if (o instanceof PyByteArray ba) return ByteBuffer.wrap(ba.bytes().clone());
        return o;
    }

    /** One container being canonicalised: its children (a map's keys and values interleaved) and their canon forms. */
    private static final class Frame {
        final Object value;
        final Iterator<?> children;
        final List<Object> out = new ArrayList<>();

        Frame(Object value) {
            this.value = value;
            if (value instanceof Map<?, ?> m) {
                Iterator<? extends Map.Entry<?, ?>> entries = m.entrySet().iterator();
                this.children = new Iterator<Object>() {
                    private Map.Entry<?, ?> pending;

                    @Override
                    public boolean hasNext() {
                        return pending != null || entries.hasNext();
                    }

                    @Override
                    public Object next() {
                        if (pending != null) {
                            Object v = pending.getValue();
                            pending = null;
                            return v;
                        }
                        pending = entries.next();
                        return pending.getKey();
                    }
                };
            } else {
                this.children = ((Collection<?>) value).iterator();
            }
        }

        Object finish() {
            if (value instanceof PyTuple) return new Key(TUPLE, out);
            if (value instanceof PyFrozenSet) return new Key(FROZENSET, new LinkedHashSet<>(out));
            if (value instanceof Set<?>) return new Key(SET, new LinkedHashSet<>(out));
            if (value instanceof Map<?, ?>) {
                Map<Object, Object> m = new LinkedHashMap<>();
                for (int i = 0; i + 1 < out.size(); i += 2) m.put(out.get(i), out.get(i + 1));
                return new Key(MAP, m);
            }
            return new Key(LIST, out);
        }
    }

    // ---- ordering

    /** Python's ordering for {@code sort}: numbers, str, bytes, tuples and lists; else {@code TypeError}. */
    public static int compare(Object a, Object b) throws PythonException {
        if (isNumber(a) && isNumber(b)) return compareNumbers(a, b);
        if (a instanceof String x && b instanceof String y) return compareStrings(x, y);
        if (isBytes(a) && isBytes(b)) return java.util.Arrays.compareUnsigned(bytes(a), bytes(b));
        if ((a instanceof PyTuple && b instanceof PyTuple) || (a instanceof List<?> && b instanceof List<?>
                && !(a instanceof PyTuple) && !(b instanceof PyTuple))) {
            Iterator<?> i = ((List<?>) a).iterator();
            Iterator<?> j = ((List<?>) b).iterator();
            while (i.hasNext() && j.hasNext()) {
                Object x = i.next();
                Object y = j.next();
                if (!eq(x, y)) return compare(x, y);
            }
            return Boolean.compare(i.hasNext(), j.hasNext());
        }
        throw PythonErrors.builtin("TypeError", "'<' not supported between instances of '" + typeName(a) + "' and '" + typeName(b) + "'");
    }

    private static boolean isNumber(Object o) {
        return o instanceof Boolean || o instanceof Integer || o instanceof Long || o instanceof BigInteger
                || o instanceof Double || o instanceof Float || o instanceof Short || o instanceof Byte;
    }

    private static int compareNumbers(Object a, Object b) {
        if (a instanceof Double || a instanceof Float || b instanceof Double || b instanceof Float) {
            double x = toDouble(a);
            double y = toDouble(b);
            if (!Double.isNaN(x) && !Double.isNaN(y) && !Double.isInfinite(x) && !Double.isInfinite(y)) {
                return decimal(a).compareTo(decimal(b));
            }
            return Double.compare(x, y);
        }
        return toBigInteger(a).compareTo(toBigInteger(b));
    }

    private static BigDecimal decimal(Object o) {
        if (o instanceof Double || o instanceof Float) return new BigDecimal(((Number) o).doubleValue());
        return new BigDecimal(toBigInteger(o));
    }

    private static double toDouble(Object o) {
        if (o instanceof Boolean b) return b ? 1 : 0;
        return ((Number) o).doubleValue();
    }

    private static BigInteger toBigInteger(Object o) {
        if (o instanceof Boolean b) return b ? BigInteger.ONE : BigInteger.ZERO;
        if (o instanceof BigInteger big) return big;
        return BigInteger.valueOf(((Number) o).longValue());
    }

    private static int compareStrings(String x, String y) {
        int i = 0;
        int j = 0;
        while (i < x.length() && j < y.length()) {
            int cx = x.codePointAt(i);
            int cy = y.codePointAt(j);
            if (cx != cy) return Integer.compare(cx, cy);
            i += Character.charCount(cx);
            j += Character.charCount(cy);
        }
        return Boolean.compare(i < x.length(), j < y.length());
    }

    private static boolean isBytes(Object o) {
        return o instanceof byte[] || o instanceof PyByteArray;
    }

    private static byte[] bytes(Object o) {
        return o instanceof byte[] b ? b : ((PyByteArray) o).bytes();
    }

    // ---- integers, indexes, slices

    /** {@code operator.index(o)}: an int (or bool); else {@code TypeError}. */
    public static long index(Object o, String what) throws PythonException {
        if (o instanceof Boolean b) return b ? 1 : 0;
        if (o instanceof Integer || o instanceof Long || o instanceof Short || o instanceof Byte) return ((Number) o).longValue();
        if (o instanceof BigInteger big) {
            return big.signum() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        throw PythonErrors.builtin("TypeError", what + " must be integers or slices, not " + typeName(o));
    }

    /** An int argument ({@code TypeError} otherwise). */
    public static long integer(Object o) throws PythonException {
        if (o instanceof Boolean b) return b ? 1 : 0;
        if (o instanceof Integer || o instanceof Long || o instanceof Short || o instanceof Byte) return ((Number) o).longValue();
        if (o instanceof BigInteger big && big.bitLength() < 64) return big.longValue();
        throw PythonErrors.builtin("TypeError", "'" + typeName(o) + "' object cannot be interpreted as an integer");
    }

    /** A subscript into a sequence of {@code length}: negative counts from the end; {@code IndexError} outside. */
    public static int item(Object subscript, int length, String kind) throws PythonException {
        long i = index(subscript, kind + " indices");
        if (i < 0) i += length;
        if (i < 0 || i >= length) throw PythonErrors.builtin("IndexError", kind + " index out of range");
        return (int) i;
    }

    public static boolean isSlice(Object o) {
        return o instanceof PyObject obj && obj.callable().equals(SLICE) && obj.args().size() == 3;
    }

    /** {@code slice.indices(length)}, as PySlice_AdjustIndices. */
    public record Slice(int start, int stop, int step, int length) {
        public List<Integer> positions() {
            List<Integer> out = new ArrayList<>(length);
            for (int k = 0, i = start; k < length; k++, i += step) out.add(i);
            return out;
        }
    }

    public static Slice slice(Object o, int length) throws PythonException {
        List<Object> a = ((PyObject) o).args();
        long step = a.get(2) == null ? 1 : sliceIndex(a.get(2));
        if (step == 0) throw PythonErrors.builtin("ValueError", "slice step cannot be zero");
        long lower = step < 0 ? -1 : 0;
        long upper = step < 0 ? length - 1 : length;
        long start = a.get(0) == null ? (step < 0 ? upper : lower) : clamp(sliceIndex(a.get(0)), length, lower, upper);
        long stop = a.get(1) == null ? (step < 0 ? lower : upper) : clamp(sliceIndex(a.get(1)), length, lower, upper);
        long n;
        if (step > 0) n = start < stop ? (stop - start - 1) / step + 1 : 0;
        else n = stop < start ? (start - stop - 1) / (-step) + 1 : 0;
        return new Slice((int) start, (int) stop, (int) step, (int) n);
    }

    private static long sliceIndex(Object o) throws PythonException {
        if (o instanceof BigInteger big) return big.signum() < 0 ? Integer.MIN_VALUE : Integer.MAX_VALUE;
        try {
            return Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, index(o, "slice indices")));
        } catch (PythonException e) {
            throw PythonErrors.builtin("TypeError", "slice indices must be integers or None or have an __index__ method");
        }
    }

    private static long clamp(long i, int length, long lower, long upper) {
        if (i < 0) {
            i += length;
            return Math.max(i, lower);
        }
        return Math.min(i, upper);
    }

    // ---- timeouts

    /** A timeout argument in nanoseconds; None → -1 (wait forever). */
    public static long timeoutNanos(Object timeout) throws PythonException {
        if (timeout == null) return -1;
        if (!isNumber(timeout)) {
            throw PythonErrors.builtin("TypeError", "'" + typeName(timeout) + "' object cannot be interpreted as a timeout");
        }
        double seconds = toDouble(timeout);
        if (Double.isNaN(seconds)) throw PythonErrors.builtin("ValueError", "Invalid value NaN (not a number)");
        if (seconds >= 9.2e9) return Long.MAX_VALUE;
        return (long) Math.max(0, seconds * 1e9);
    }

    /**
     * A timeout in seconds (None → -1) where CPython compares it with a number first ({@code timeout < 0} in
     * queue.Queue, {@code timeout > 0} in Condition.wait): anything else is that comparison's {@code TypeError}.
     */
    public static double seconds(Object timeout, String comparison) throws PythonException {
        if (timeout == null) return -1;
        if (!isNumber(timeout)) {
            throw PythonErrors.builtin("TypeError", "'" + comparison + "' not supported between instances of '"
                    + typeName(timeout) + "' and 'int'");
        }
        return toDouble(timeout);
    }

    /** A lock's {@code acquire} timeout in seconds (None → -1); {@code _thread.lock} raises TypeError otherwise. */
    public static double lockSeconds(Object timeout) throws PythonException {
        if (timeout == null) return -1;
        if (!isNumber(timeout)) {
            throw PythonErrors.builtin("TypeError", "'" + typeName(timeout) + "' object cannot be interpreted as an integer");
        }
        return toDouble(timeout);
    }

    /** Python truthiness of an argument. */
    public static boolean truth(Object o) {
        if (o == null) return false;
        if (o instanceof Boolean b) return b;
        if (isNumber(o)) return toDouble(o) != 0 || (o instanceof BigInteger big && big.signum() != 0);
        if (o instanceof String s) return !s.isEmpty();
        if (o instanceof byte[] b) return b.length > 0;
        if (o instanceof java.util.Collection<?> c) return !c.isEmpty();
        if (o instanceof Map<?, ?> m) return !m.isEmpty();
        return true;
    }
}
