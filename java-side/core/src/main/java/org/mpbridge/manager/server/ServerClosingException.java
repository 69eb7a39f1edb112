package org.mpbridge.manager.server;

/** Unchecked: a serving thread blocked in a referent was interrupted because the server is closing; no reply follows. */
final class ServerClosingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ServerClosingException() {
        super("manager server closing", null, false, false);
    }

    /** Keeps the thread's interrupt status and ends the call. */
    static ServerClosingException interrupted() {
        Thread.currentThread().interrupt();
        return new ServerClosingException();
    }
}
