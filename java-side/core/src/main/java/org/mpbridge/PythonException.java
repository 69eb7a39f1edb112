package org.mpbridge;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.mpbridge.pickle.PyRepr;
import org.mpbridge.pickle.PyTuple;

/**
 * An exception raised on the Python side, carried as data: the Python type
 * ({@code module.qualname}, e.g. {@code builtins.KeyError}), its args rendered as a message, and the
 * remote traceback text when the peer sent one. Nothing here does I/O.
 */
public class PythonException extends ProcessException {
    private static final long serialVersionUID = 1L;
    private final String pythonType;
    private final transient List<Object> args;
    private final String remoteTraceback;

    public PythonException(String pythonType, List<Object> args, String remoteTraceback) {
        super(pythonType + ": " + render(args) + (remoteTraceback == null ? "" : "\n--- remote traceback ---\n" + remoteTraceback));
        this.pythonType = pythonType;
        this.args = Collections.unmodifiableList(new ArrayList<>(args));
        this.remoteTraceback = remoteTraceback;
    }

    private static String render(List<Object> args) {
        if (args.isEmpty()) return "";
        if (args.size() == 1) return args.get(0) instanceof String s ? s : PyRepr.repr(args.get(0));
        return PyRepr.repr(PyTuple.copyOf(args));
    }

    /** {@code module.qualname} of the Python exception class, e.g. {@code queue.Empty}. */
    public String pythonType() {
        return pythonType;
    }

    /** The short class name, e.g. {@code KeyError}. */
    public String pythonName() {
        int dot = pythonType.lastIndexOf('.');
        return dot < 0 ? pythonType : pythonType.substring(dot + 1);
    }

    /** The exception's {@code args}, as decoded (None is null). */
    public List<Object> pythonArgs() {
        return args;
    }

    /** The traceback text the Python side formatted, or null when it sent none. */
    public String remoteTraceback() {
        return remoteTraceback;
    }
}
