package org.mpbridge.jep;

/**
 * Jep cannot run here: the CPython has no Jep (or the wrong version, or is older than 3.10), or its native
 * library would not load. The message names what is missing and the command that installs it.
 */
public final class JepUnavailableException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public JepUnavailableException(String message) {
        super(message);
    }

    public JepUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
