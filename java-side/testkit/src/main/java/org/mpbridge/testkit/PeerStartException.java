package org.mpbridge.testkit;

/** A {@link PythonPeer} that did not come up: it exited, or printed no {@code READY} line in time. Carries its stderr. */
public final class PeerStartException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PeerStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
