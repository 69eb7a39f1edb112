package org.mpbridge.auth;

import java.io.IOException;

/** What the handshake needs from a connection: whole messages out and bounded messages in. */
public interface MessageChannel {
    void sendBytes(byte[] message) throws IOException;

    /** Receives one message of at most {@code maxLength} bytes, waiting until the deadline. */
    byte[] recvBytes(long maxLength, long deadlineNanos) throws IOException;
}
