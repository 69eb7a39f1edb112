package org.mpbridge.pickle;

import java.util.AbstractSet;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;

/** Python's {@code frozenset}: an immutable set, told apart from {@code set} (a mutable {@link Set}). */
public final class PyFrozenSet extends AbstractSet<Object> {
    private final Set<Object> items;
    private final int hash;

    public PyFrozenSet(Collection<?> items) {
        this.items = Collections.unmodifiableSet(new LinkedHashSet<>(items));
        int h = 0;
        for (Object x : this.items) h += x == null ? 0 : x.hashCode();
        this.hash = h;  // AbstractSet's hash, once: members are hashable (immutable), so it never changes
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public boolean equals(Object o) {
        if (o == this) return true;
        if (o instanceof PyFrozenSet f && f.hash != hash) return false;
        return super.equals(o);
    }

    public static PyFrozenSet of(Object... items) {
        return new PyFrozenSet(java.util.Arrays.asList(items));
    }

    @Override
    public Iterator<Object> iterator() {
        return items.iterator();
    }

    @Override
    public int size() {
        return items.size();
    }

    @Override
    public String toString() {
        return PyRepr.repr(this);
    }
}
