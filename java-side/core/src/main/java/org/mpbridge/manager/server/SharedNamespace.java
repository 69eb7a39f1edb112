package org.mpbridge.manager.server;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mpbridge.PythonException;
import org.mpbridge.manager.PythonErrors;
import org.mpbridge.pickle.PyGlobal;
import org.mpbridge.pickle.PyObject;
import org.mpbridge.pickle.PyRepr;
import org.mpbridge.pickle.PyTuple;

/**
 * {@code multiprocessing.managers.Namespace(**kwds)}: attributes reached through {@code __getattribute__},
 * {@code __setattr__}, {@code __delattr__}; a missing one raises {@code AttributeError}.
 */
public final class SharedNamespace extends AbstractReferent {
    private final Map<String, Object> attributes = new LinkedHashMap<>();

    public SharedNamespace(Map<Object, Object> kwargs) {
        super(true);
        for (Map.Entry<Object, Object> e : kwargs.entrySet()) attributes.put(String.valueOf(e.getKey()), e.getValue());
        method(Signature.of("__getattribute__", "name"), a -> {
            String name = name(a[0]);
            if (!attributes.containsKey(name)) throw missing(name);
            return attributes.get(name);
        });
        method(Signature.of("__setattr__", "name", "value"), a -> {
            attributes.put(name(a[0]), a[1]);
            return null;
        });
        method(Signature.of("__delattr__", "name"), a -> {
            String name = name(a[0]);
            if (attributes.remove(name) == null && !attributes.containsKey(name)) throw missing(name);
            return null;
        });
    }

    private static String name(Object o) throws PythonException {
        if (o instanceof String s) return s;
        throw PythonErrors.builtin("TypeError", "attribute name must be string, not '" + Py.typeName(o) + "'");
    }

    private static PythonException missing(String name) {
        return PythonErrors.builtin("AttributeError", "'Namespace' object has no attribute '" + name + "'");
    }

    @Override
    protected String pythonType() {
        return "multiprocessing.managers.Namespace";
    }

    /** {@code Namespace(a=1, b='x')}: public attributes, sorted. */
    @Override
    public synchronized String repr() {
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, Object> e : attributes.entrySet()) {
            if (!e.getKey().startsWith("_")) parts.add(e.getKey() + "=" + PyRepr.repr(e.getValue()));
        }
        parts.sort(null);
        return "Namespace(" + String.join(", ", parts) + ")";
    }

    @Override
    public synchronized Object value() {
        return new PyObject(new PyGlobal("multiprocessing.managers", "Namespace"), PyTuple.EMPTY, null, true)
                .withState(new LinkedHashMap<Object, Object>(attributes));
    }
}
