package org.mpbridge.manager;

import java.util.List;
import org.mpbridge.PythonException;

/**
 * CPython's {@code multiprocessing.managers.RemoteError}: the manager answered {@code #TRACEBACK} (an unknown
 * function or method, a method not exposed, a failed admin call) or {@code #UNSERIALIZABLE} (its result could
 * not be encoded). The formatted Python traceback is {@link #remoteTraceback()}; its last line, e.g.
 * {@code AttributeError: method 'x' of <class 'dict'> object is not in exposed=...}, is split into
 * {@link #causeType()} and {@link #causeMessage()}.
 */
public class RemoteManagerException extends PythonException {
    private static final long serialVersionUID = 1L;
    private final String kind;

    public RemoteManagerException(String kind, String text) {
        super(ManagerProtocol.REMOTE_ERROR, List.of(lastLine(text)), text);
        this.kind = kind;
    }

    /** {@code #TRACEBACK} or {@code #UNSERIALIZABLE} (or the unrecognised kind the server sent). */
    public String kind() {
        return kind;
    }

    /** The exception type named on the traceback's last line, e.g. {@code AttributeError}; null if none. */
    public String causeType() {
        String last = lastLine(remoteTraceback());
        int colon = last.indexOf(':');
        String type = colon < 0 ? last : last.substring(0, colon);
        return type.matches("[A-Za-z_][\\w.]*") ? type : null;
    }

    /** The text after the type on the traceback's last line. */
    public String causeMessage() {
        String last = lastLine(remoteTraceback());
        int colon = last.indexOf(':');
        return colon < 0 ? "" : last.substring(colon + 1).strip();
    }

    static String lastLine(String text) {
        if (text == null) return "";
        String[] lines = text.strip().split("\n");
        return lines.length == 0 ? "" : lines[lines.length - 1].strip();
    }
}
