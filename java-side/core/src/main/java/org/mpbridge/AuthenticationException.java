package org.mpbridge;

/** Mirrors {@code multiprocessing.AuthenticationError}: the HMAC challenge/response failed. */
public class AuthenticationException extends ProcessException {
    private static final long serialVersionUID = 1L;

    public AuthenticationException(String message) {
        super(message);
    }
}
