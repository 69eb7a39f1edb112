package org.mpbridge.manager;

import java.util.List;
import java.util.Map;
import org.mpbridge.ProtocolException;
import org.mpbridge.pickle.PyRepr;
import org.mpbridge.pickle.PyTuple;

/**
 * The words of Lib/multiprocessing/managers.py (identical 3.8–3.13): request
 * {@code (ident, methodname, args, kwds)}, reply {@code (kind, value)}, and the server's public functions.
 */
public final class ManagerProtocol {
    private ManagerProtocol() {}

    // reply kinds (Server.serve_client, Server._handle_request, convert_to_error)
    public static final String RETURN = "#RETURN";
    public static final String ERROR = "#ERROR";
    public static final String TRACEBACK = "#TRACEBACK";
    public static final String PROXY = "#PROXY";
    public static final String UNSERIALIZABLE = "#UNSERIALIZABLE";

    /** The fallback method that returns a copy of the referent ({@code BaseProxy._getvalue}). */
    public static final String GETVALUE = "#GETVALUE";

    /** {@code Server.public}: the functions an admin connection may call with ident None. */
    public static final List<String> PUBLIC = List.of("shutdown", "create", "accept_connection", "get_methods",
            "debug_info", "number_of_objects", "dummy", "incref", "decref");

    /** Python class of remote errors raised by {@code convert_to_error} for #TRACEBACK / #UNSERIALIZABLE. */
    public static final String REMOTE_ERROR = "multiprocessing.managers.RemoteError";

    /** {@code (ident, methodname, args, kwds)}. */
    public static PyTuple request(String ident, String methodname, List<?> args, Map<?, ?> kwds) {
        return PyTuple.of(ident, methodname, args instanceof PyTuple t ? t : PyTuple.copyOf(args), kwds == null ? Map.of() : kwds);
    }

    /** {@code (kind, value)}. */
    public static PyTuple reply(String kind, Object value) {
        return PyTuple.of(kind, value);
    }

    /** A decoded request, checked for shape (a tuple under pickle, a list under xmlrpclib). */
    public record Request(String ident, String methodname, PyTuple args, Map<Object, Object> kwds) {
        @SuppressWarnings("unchecked")
        public static Request parse(Object message) throws ProtocolException {
            if (message instanceof List<?> m && m.size() == 4 && (m.get(0) == null || m.get(0) instanceof String)
                    && m.get(1) instanceof String name && m.get(2) instanceof List<?> args && m.get(3) instanceof Map<?, ?> kwds) {
                return new Request((String) m.get(0), name, PyTuple.copyOf(args), (Map<Object, Object>) kwds);
            }
            throw new ProtocolException("malformed manager request (want (ident, methodname, args, kwds)): "
                    + preview(message));
        }
    }

    /** A decoded reply. */
    public record Reply(String kind, Object value) {
        public static Reply parse(Object message) throws ProtocolException {
            if (message instanceof List<?> m && m.size() == 2 && m.get(0) instanceof String kind) {
                return new Reply(kind, m.get(1));
            }
            throw new ProtocolException("malformed manager reply (want (kind, value)): " + preview(message));
        }
    }

    /** The start of a value's repr for an error message; a value too deep (or containing itself) to show says so. */
    static String preview(Object value) {
        try {
            return abbreviate(PyRepr.repr(value));
        } catch (StackOverflowError tooDeep) {
            return "<a value nested too deeply to show>";
        }
    }

    static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "…";
    }
}
