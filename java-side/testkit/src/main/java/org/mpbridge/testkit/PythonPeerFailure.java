package org.mpbridge.testkit;

/**
 * A test failed while {@link PythonPeer}s were running: the original failure (the cause, whose stack trace this
 * keeps) with each peer's command, state and stderr appended to the message.
 */
public final class PythonPeerFailure extends AssertionError {
    private static final long serialVersionUID = 1L;

    PythonPeerFailure(String message, Throwable cause) {
        super(message, cause);
        setStackTrace(cause.getStackTrace());
    }
}
