package org.mpbridge.manager.server;

import java.util.List;
import java.util.Map;
import org.mpbridge.PythonException;
import org.mpbridge.pickle.PyTuple;

/**
 * A shared object living in a Java {@link ManagerServer}: what CPython's {@code Server} keeps in
 * {@code id_to_obj}. Python clients call its methods by name through their proxies.
 */
public interface Referent {
    /** {@code public_methods(obj)}: the names exposed when the registration names none (sorted, no leading _). */
    List<String> publicMethods();

    /** Whether {@code getattr(obj, name)} would find a callable. */
    boolean hasMethod(String name);

    /**
     * Calls a method. A {@link PythonException} is raised to the Python caller as that exception
     * ({@code #ERROR}); the result is sent back as a copy.
     */
    Object call(String method, PyTuple args, Map<Object, Object> kwargs) throws PythonException;

    /** {@code repr(obj)}, for the {@code __repr__} fallback (what {@code print(proxy)} shows). */
    String repr();

    /** {@code str(obj)}, for the {@code __str__} fallback. */
    default String str() {
        return repr();
    }

    /**
     * {@code #GETVALUE}: the object to send as a copy of the referent; {@link Unserializable} when CPython could
     * not pickle the equivalent object either (queues, locks, events).
     */
    Object value() throws Unserializable;

    /** The referent cannot be copied to a client; the message is the Python error CPython would report. */
    final class Unserializable extends Exception {
        private static final long serialVersionUID = 1L;

        public Unserializable(String pythonError) {
            super(pythonError);
        }
    }
}
