package org.mpbridge.manager;

import java.util.List;
import java.util.Map;
import org.mpbridge.PythonException;
import org.mpbridge.pickle.PyGlobal;
import org.mpbridge.pickle.PyObject;
import org.mpbridge.pickle.PyRepr;

/**
 * Python exceptions as data, both ways: a {@code #ERROR} value (the pickled exception object) becomes a
 * {@link PythonException} (or {@link QueueEmptyException} / {@link QueueFullException}); a
 * {@link PythonException} thrown by a Java referent becomes the object a Python client raises.
 */
public final class PythonErrors {
    private PythonErrors() {}

    /** What {@code pickle} names {@code queue.Empty}: the class lives in the C module {@code _queue}. */
    public static final String QUEUE_EMPTY = "_queue.Empty";
    public static final String QUEUE_FULL = "queue.Full";

    /** A Python exception of type {@code module.name} (e.g. {@code builtins.KeyError}) with these args. */
    public static PythonException raise(String pythonType, Object... args) {
        List<Object> a = java.util.Arrays.asList(args);
        return switch (pythonType) {
            case QUEUE_EMPTY, "queue.Empty" -> new QueueEmptyException(a);
            case QUEUE_FULL -> new QueueFullException(a);
            default -> new PythonException(pythonType, a, null);
        };
    }

    /** A builtin exception, e.g. {@code builtin("KeyError", key)}. */
    public static PythonException builtin(String name, Object... args) {
        return raise("builtins." + name, args);
    }

    /** The exception a {@code #ERROR} reply carries. */
    public static PythonException fromErrorValue(Object value) {
        if (value instanceof PyObject obj) {
            PythonException e = raise(obj.qualifiedName(), obj.args().toArray());
            return e;
        }
        // xmlrpclib cannot carry an exception object: CPython's Marshaller sends its empty __dict__ instead
        String what = value instanceof Map<?, ?> m && m.isEmpty()
                ? "#ERROR without the exception object (xmlrpclib sends an exception as the struct of its __dict__: {})"
                : "#ERROR value is not an exception: " + ManagerProtocol.abbreviate(PyRepr.repr(value));
        return new RemoteManagerException(ManagerProtocol.ERROR, what);
    }

    /** The object to send as a {@code #ERROR} value: {@code cls(*args)} by REDUCE, as CPython pickles exceptions. */
    public static PyObject toErrorValue(PythonException e) {
        String type = e.pythonType();
        int dot = type.lastIndexOf('.');
        PyGlobal cls = dot < 0 ? new PyGlobal("builtins", type) : new PyGlobal(type.substring(0, dot), type.substring(dot + 1));
        return new PyObject(cls, org.mpbridge.pickle.PyTuple.copyOf(e.pythonArgs()), null, false);
    }
}
