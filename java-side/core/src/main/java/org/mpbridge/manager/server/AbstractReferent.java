package org.mpbridge.manager.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.mpbridge.PythonException;
import org.mpbridge.pickle.PyTuple;

/**
 * A {@link Referent} built from a table of methods: subclasses declare each with {@link #method} in their
 * constructor. {@link #publicMethods()} lists the declared names without a leading underscore, sorted as
 * Python's {@code dir()} is. An <em>atomic</em> referent runs each call under its own monitor (a container,
 * whose operations the GIL makes atomic in CPython); a blocking one (queue, lock) synchronizes by itself.
 */
public abstract class AbstractReferent implements Referent {
    /** One method body: positional args and keyword args as sent. */
    @FunctionalInterface
    protected interface Method {
        Object call(PyTuple args, Map<Object, Object> kwargs) throws PythonException;
    }

    /** A body that takes its arguments bound by a {@link Signature}. */
    @FunctionalInterface
    protected interface Bound {
        Object call(Object[] a) throws PythonException;
    }

    private final Map<String, Method> methods = new TreeMap<>();
    private final boolean atomic;

    /** @param atomic whether every call runs under this object's monitor */
    protected AbstractReferent(boolean atomic) {
        this.atomic = atomic;
    }

    protected final void method(String name, Method body) {
        methods.put(name, body);
    }

    protected final void method(Signature signature, Bound body) {
        methods.put(signature.name(), (args, kwargs) -> body.call(signature.bind(args, kwargs)));
    }

    @Override
    public List<String> publicMethods() {
        List<String> names = new ArrayList<>();
        for (String name : methods.keySet()) {
            if (!name.startsWith("_")) names.add(name);
        }
        return names;
    }

    @Override
    public boolean hasMethod(String name) {
        return methods.containsKey(name);
    }

    @Override
    public Object call(String method, PyTuple args, Map<Object, Object> kwargs) throws PythonException {
        Method body = methods.get(method);
        if (body == null) throw new IllegalStateException("no method " + method + " (check hasMethod first)");
        if (!atomic) return body.call(args, kwargs);
        synchronized (this) {
            return body.call(args, kwargs);
        }
    }

    @Override
    public String repr() {
        return "<" + pythonType() + " object>";
    }

    /** {@code module.Class} of the Python object this stands for, e.g. {@code queue.Queue}. */
    protected abstract String pythonType();

    @Override
    public Object value() throws Unserializable {
        throw new Unserializable("TypeError: cannot pickle '" + pythonType() + "' object");
    }

    /** The Python class name ({@code <class 'dict'>}) used in "not in exposed" messages. */
    public String classRepr() {
        String t = pythonType();
        return "<class '" + (t.startsWith("builtins.") ? t.substring(9) : t) + "'>";
    }
}
