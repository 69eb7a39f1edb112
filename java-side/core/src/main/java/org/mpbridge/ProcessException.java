package org.mpbridge;

import java.io.IOException;

/**
 * Base of mpbridge's checked failures; mirrors CPython's {@code multiprocessing.ProcessError}.
 * A closed peer is reported with the JDK's own {@link java.io.EOFException}, a deadline with
 * {@link java.io.InterruptedIOException}, as {@code Connection.recv} raises {@code EOFError} in CPython.
 */
public class ProcessException extends IOException {
    private static final long serialVersionUID = 1L;

    public ProcessException(String message) {
        super(message);
    }

    public ProcessException(String message, Throwable cause) {
        super(message, cause);
    }
}
