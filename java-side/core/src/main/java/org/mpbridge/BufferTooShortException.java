package org.mpbridge;

/**
 * Mirrors {@code multiprocessing.BufferTooShort}: {@code recvBytesInto} got a message larger than the
 * buffer. As in CPython the whole message is carried, so nothing is lost.
 */
public class BufferTooShortException extends ProcessException {
    private static final long serialVersionUID = 1L;
    private final byte[] message;

    public BufferTooShortException(byte[] message, int available) {
        super("message of " + message.length + " bytes does not fit in " + available + " bytes of buffer");
        this.message = message;
    }

    /** The whole message that did not fit. */
    public byte[] message() {
        return message;
    }
}
