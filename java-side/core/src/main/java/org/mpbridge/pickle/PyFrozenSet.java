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

    public PyFrozenSet(Collection<?> items) {
        this.items = Collections.unmodifiableSet(new LinkedHashSet<>(items));
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
        return "frozenset(" + PyRepr.repr(new LinkedHashSet<>(items)) + ")";
    }
}
