package org.mpbridge.manager;

import java.nio.file.Path;
import java.util.List;
import org.mpbridge.ProtocolException;
import org.mpbridge.connection.Address;
import org.mpbridge.pickle.PyGlobal;
import org.mpbridge.pickle.PyObject;
import org.mpbridge.pickle.PyTuple;
import org.mpbridge.pickle.PyRepr;

/**
 * {@code multiprocessing.managers.Token}: which shared object ({@code id}, an opaque string such as
 * {@code '7f04f4d21910'}), of which registered {@code typeid}, in the manager at {@code address}. The address
 * is kept in its Python form: an {@code (host, port)} tuple or an AF_UNIX path string.
 *
 * <p>On the wire (pickle) a Token is {@code Token.__new__(Token)} followed by BUILD with the state tuple
 * {@code (typeid, address, id)}; {@link #toPickle()} and {@link #fromPickle(Object)} convert.
 */
public record Token(String typeid, Object address, String id) {
    public static final PyGlobal CLASS = new PyGlobal("multiprocessing.managers", "Token");

    /** The object a Python unpickler turns into an equal Token. */
    public PyObject toPickle() {
        return new PyObject(CLASS, PyTuple.EMPTY, null, true).withState(PyTuple.of(typeid, address, id));
    }

    /** A decoded pickled Token (or an already decoded {@code (typeid, address, id)} sequence). */
    public static Token fromPickle(Object value) throws ProtocolException {
        Object state = value;
        if (value instanceof PyObject obj) {
            if (!obj.callable().equals(CLASS)) throw new ProtocolException("expected a Token, got " + obj.qualifiedName());
            state = obj.state();
        }
        if (state instanceof List<?> s && s.size() == 3 && s.get(0) instanceof String typeid && s.get(2) instanceof String id) {
            return new Token(typeid, s.get(1), id);
        }
        throw new ProtocolException("malformed Token state: " + PyRepr.repr(state));
    }

    public Token withAddress(Object pythonAddress) {
        return new Token(typeid, pythonAddress, id);
    }

    /** An mpbridge address in the form Python's managers use for it. */
    public static Object pythonAddress(Address address) {
        if (address instanceof Address.Tcp tcp) return PyTuple.of(tcp.host(), tcp.port());
        return ((Address.Unix) address).path().toString();
    }

    /** The mpbridge address of a Python address ({@code (host, port)} or a path). */
    public static Address toAddress(Object pythonAddress) throws ProtocolException {
        if (pythonAddress instanceof List<?> hp && hp.size() == 2 && hp.get(0) instanceof String host && hp.get(1) instanceof Number port) {
            return Address.tcp(host, port.intValue());
        }
        if (pythonAddress instanceof String path) return Address.unix(Path.of(path));
        throw new ProtocolException("unsupported manager address " + PyRepr.repr(pythonAddress));
    }

    @Override
    public String toString() {
        return "Token(typeid=" + PyRepr.repr(typeid) + ", address=" + PyRepr.repr(address) + ", id=" + PyRepr.repr(id) + ")";
    }
}
