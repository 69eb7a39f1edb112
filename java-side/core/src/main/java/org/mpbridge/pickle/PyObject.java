package org.mpbridge.pickle;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An instance of a Python class mpbridge has no Java type for, kept as the pieces its pickle was made of:
 * {@code callable(*args, **kwargs)} (REDUCE, or {@code cls.__new__} for NEWOBJ), then list items, dict items
 * and the BUILD state. It re-encodes to an equal pickle, so it survives a trip through Java unchanged.
 * Python exceptions arrive as PyObjects too (e.g. {@code builtins.KeyError} with args {@code ('k',)}).
 */
public final class PyObject {
    /** Marks "no BUILD state" (a state of None is a real state). */
    public static final Object NO_STATE = new Object() {
        @Override
        public String toString() {
            return "<no state>";
        }
    };

    private final PyGlobal callable;
    private final PyTuple args;
    private final Map<Object, Object> kwargs;
    private final boolean newObj;
    private final List<Object> listItems = new ArrayList<>();
    private final Map<Object, Object> dictItems = new LinkedHashMap<>();
    private Object state = NO_STATE;

    public PyObject(PyGlobal callable, PyTuple args, Map<Object, Object> kwargs, boolean newObj) {
        this.callable = Objects.requireNonNull(callable);
        this.args = Objects.requireNonNull(args);
        this.kwargs = kwargs == null ? Map.of() : kwargs;
        this.newObj = newObj;
    }

    public static PyObject reduce(String module, String name, Object... args) {
        return new PyObject(new PyGlobal(module, name), PyTuple.of(args), null, false);
    }

    public PyGlobal callable() {
        return callable;
    }

    public String qualifiedName() {
        return callable.qualifiedName();
    }

    public PyTuple args() {
        return args;
    }

    public Map<Object, Object> kwargs() {
        return kwargs;
    }

    /** True when made by {@code cls.__new__(cls, *args)} (NEWOBJ) rather than {@code callable(*args)}. */
    public boolean isNewObj() {
        return newObj;
    }

    /**
     * A value of the type table's classes kept generic (Decimal('NaN'), a datetime Java cannot hold): CPython's
     * instances of these have no {@code append}, item assignment or {@code __dict__}.
     */
    boolean isTypeTableValue() {
        String m = callable.module();
        return m.equals("decimal") || m.equals("datetime") && (callable.name().equals("date") || callable.name().equals("time")
                || callable.name().equals("datetime") || callable.name().equals("timedelta") || callable.name().equals("timezone"));
    }

    public List<Object> listItems() {
        return listItems;
    }

    public Map<Object, Object> dictItems() {
        return dictItems;
    }

    public boolean hasState() {
        return state != NO_STATE;
    }

    /** The BUILD state (usually the instance {@code __dict__}), or {@link #NO_STATE}. */
    public Object state() {
        return state;
    }

    public PyObject withState(Object newState) {
        this.state = newState;
        return this;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PyObject p && callable.equals(p.callable) && args.equals(p.args) && kwargs.equals(p.kwargs)
                && newObj == p.newObj && listItems.equals(p.listItems) && dictItems.equals(p.dictItems)
                && Objects.equals(state, p.state);
    }

    @Override
    public int hashCode() {
        return Objects.hash(callable, args);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(callable.qualifiedName()).append(args);
        if (hasState()) sb.append(" state=").append(PyRepr.repr(state));
        return sb.toString();
    }
}
