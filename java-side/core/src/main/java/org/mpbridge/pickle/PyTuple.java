package org.mpbridge.pickle;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;

/**
 * Python's {@code tuple}: immutable, with value equality and hashing, so it works as a map key or set member
 * (razorvine's {@code Object[]} compares by identity). Elements may be null ({@code None}).
 */
public final class PyTuple extends AbstractList<Object> implements RandomAccess {
    public static final PyTuple EMPTY = new PyTuple(new Object[0]);
    private final Object[] items;

    private PyTuple(Object[] items) {
        this.items = items;
    }

    public static PyTuple of(Object... items) {
        return items.length == 0 ? EMPTY : new PyTuple(items.clone());
    }

    public static PyTuple copyOf(List<?> items) {
        return items.isEmpty() ? EMPTY : new PyTuple(items.toArray());
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
        return o instanceof PyTuple t && Arrays.deepEquals(items, t.items);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.deepHashCode(items) + 7;
    }

    @Override
    public String toString() {
        if (items.length == 1) return "(" + PyRepr.repr(items[0]) + ",)";
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < items.length; i++) {
            if (i > 0) sb.append(", ");
            sb.append(PyRepr.repr(items[i]));
        }
        return sb.append(')').toString();
    }
}
