package org.mpbridge;

/**
 * The peer broke the wire format: a bad frame length, a message cut short by end of file
 * (CPython: {@code OSError("got end of file during message")}), a malformed pickle.
 */
public class ProtocolException extends ProcessException {
    private static final long serialVersionUID = 1L;

    public ProtocolException(String message) {
        super(message);
    }

    public ProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
