package org.mpbridge.manager.server;

import java.util.LinkedHashMap;
import java.util.Map;
import org.mpbridge.pickle.PyGlobal;
import org.mpbridge.pickle.PyObject;
import org.mpbridge.pickle.PyRepr;
import org.mpbridge.pickle.PyTuple;

/**
 * {@code multiprocessing.managers.Value(typecode, value, lock=True)}: in a manager it is a plain holder (no
 * shared memory, no type check), with {@code get}/{@code set}.
 */
public final class SharedValue extends AbstractReferent {
    private final Object typecode;
    private Object value;

    public SharedValue(Object typecode, Object value) {
        super(false);
        this.typecode = typecode;
        this.value = value;
        method(Signature.of("get"), a -> get());
        method(Signature.of("set", "value"), a -> {
            set(a[0]);
            return null;
        });
    }

    private synchronized Object get() {
        return value;
    }

    private synchronized void set(Object v) {
        value = v;
    }

    @Override
    protected String pythonType() {
        return "multiprocessing.managers.Value";
    }

    @Override
    public synchronized String repr() {
        return "Value(" + PyRepr.repr(typecode) + ", " + PyRepr.repr(value) + ")";
    }

    /** Pickled as CPython does: {@code Value.__new__(Value)} with {@code __dict__} {@code {'_typecode', '_value'}}. */
    @Override
    public synchronized Object value() {
        Map<Object, Object> state = new LinkedHashMap<>();
        state.put("_typecode", typecode);
        state.put("_value", value);
        return new PyObject(new PyGlobal("multiprocessing.managers", "Value"), PyTuple.EMPTY, null, true).withState(state);
    }
}
