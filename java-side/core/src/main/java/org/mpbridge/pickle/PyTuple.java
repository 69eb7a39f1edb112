package org.mpbridge.pickle;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;
import java.util.Set;

/**
 * Python's {@code tuple}: immutable, with value equality and hashing, so it works as a map key or set member
 * (razorvine's {@code Object[]} compares by identity). Elements may be null ({@code None}).
 * <p>The hash is computed once, when the tuple is built, from its elements' (cached) hashes: a tuple nested
 * 100,000 deep, or a DAG of shared tuples ({@code t = (t, t)} 26 times), hashes in time linear in its size, never
 * recursing. A tuple holding a mutable value (list, dict, set, bytearray) is unhashable in Python
 * ({@link #isHashable()} is false); its Java hash then skips the mutable parts, so it is still consistent with
 * {@code equals} and never walks into a cycle.
 */
public final class PyTuple extends AbstractList<Object> implements RandomAccess {
    public static final PyTuple EMPTY = new PyTuple(new Object[0]);
    private final Object[] items;
    private final boolean hashable;
    private int hash;
    private boolean hashDone;

    private PyTuple(Object[] items) {
        this.items = items;
        boolean h = true;
        boolean cheap = true;
        for (Object x : items) {
            if (!PickleReader.isHashable(x)) h = false;
            if (!(x == null || x instanceof String || x instanceof Integer || x instanceof Long || x instanceof Boolean
                    || x instanceof Double || x instanceof PyTuple || x instanceof PyFrozenSet || x instanceof PyGlobal)) {
                cheap = false;
            }
        }
        this.hashable = h;
        if (cheap) {
            hash = computeHash();
            hashDone = true;
        }
    }

    public static PyTuple of(Object... items) {
        return items.length == 0 ? EMPTY : new PyTuple(items.clone());
    }

    public static PyTuple copyOf(List<?> items) {
        return items.isEmpty() ? EMPTY : new PyTuple(items.toArray());
    }

    /** Takes ownership of {@code items} (the decoder's own fresh array). */
    static PyTuple wrap(Object[] items) {
        return items.length == 0 ? EMPTY : new PyTuple(items);
    }

    /** Python's {@code hash(t)} would succeed: no list, dict, set or bytearray inside. */
    public boolean isHashable() {
        return hashable;
    }

    @Override
    public Object get(int index) {
        return items[index];
    }

    @Override
    public int size() {
        return items.length;
    }

    @Override
    public Object[] toArray() {
        return items.clone();
    }

    @Override
    public boolean equals(Object o) {
        if (o == this) return true;
        if (!(o instanceof PyTuple t) || t.items.length != items.length) return false;
        if (hashDone && t.hashDone && hash != t.hash) return false;
        for (int i = 0; i < items.length; i++) {
            Object a = items[i];
            Object b = t.items[i];
            if (a == b) continue;
            if (a == null || b == null) return false;
            if (a instanceof byte[] x) {
                if (!(b instanceof byte[] y) || !Arrays.equals(x, y)) return false;
            } else if (!a.equals(b)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        if (!hashDone) {
            hash = computeHash();
            hashDone = true;
        }
        return hash;
    }

    private int computeHash() {
        int h = 7;
        for (Object x : items) h = 31 * h + elementHash(x);
        return 31 * h + items.length;
    }

    private static int elementHash(Object x) {
        if (x == null) return 0;
        if (x instanceof byte[] b) return Arrays.hashCode(b);
        if (x instanceof PyTuple || x instanceof PyFrozenSet) return x.hashCode();
        if (x instanceof List<?>) return 0x4c495354;   // mutable: not part of the hash (unhashable in Python)
        if (x instanceof Map<?, ?>) return 0x44494354;
        if (x instanceof Set<?>) return 0x53455420;
        if (x instanceof PyByteArray) return 0x42415252;
        return x.hashCode();
    }

    @Override
    public String toString() {
        return PyRepr.repr(this);
    }
}
