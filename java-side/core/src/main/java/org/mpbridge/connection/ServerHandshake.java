package org.mpbridge.connection;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.mpbridge.AuthenticationException;
import org.mpbridge.auth.AuthScheme;
import org.mpbridge.auth.Handshake;
import org.mpbridge.auth.MessageChannel;
import org.mpbridge.transport.ByteTransport;

/**
 * The listener's half of CPython's handshake (deliver the challenge, then answer the client's) for a caller that
 * cannot block: feed it each received frame, send what it returns. It replays {@link Handshake}'s own blocking
 * code over the frames received so far (the challenge is fixed once), so there is one implementation of the
 * protocol; a replay stops where the next frame is still missing.
 */
final class ServerHandshake {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final byte[] authkey;
    private final byte[] challenge;
    private final List<byte[]> received = new ArrayList<>();
    private int sent;
    private boolean done;
    private IOException failed;

    ServerHandshake(byte[] authkey, AuthScheme scheme) {
        this.authkey = authkey;
        byte[] random = new byte[scheme == AuthScheme.LEGACY ? Handshake.LEGACY_MESSAGE_LENGTH : Handshake.MESSAGE_LENGTH];
        RANDOM.nextBytes(random);
        if (scheme == AuthScheme.LEGACY) {
            challenge = random;
        } else {
            byte[] prefix = ("{" + Handshake.DEFAULT_DIGEST + "}").getBytes(StandardCharsets.US_ASCII);
            challenge = new byte[prefix.length + random.length];
            System.arraycopy(prefix, 0, challenge, 0, prefix.length);
            System.arraycopy(random, 0, challenge, prefix.length, random.length);
        }
    }

    /** The messages to send first (the challenge). */
    List<byte[]> start() {
        return replay();
    }

    /** One more frame from the client; returns the messages to send now. */
    List<byte[]> receive(byte[] frame) {
        received.add(frame);
        return replay();
    }

    boolean done() {
        return done;
    }

    /** The reason the handshake failed (after the last messages, e.g. {@code #FAILURE#}, were returned), or null. */
    IOException failed() {
        return failed;
    }

    private static final class NeedMore extends IOException {
        private static final long serialVersionUID = 1L;

        NeedMore() {
            super(null, null);
        }
    }

    private List<byte[]> replay() {
        List<byte[]> toSend = new ArrayList<>();
        int[] recvIndex = {0};
        int[] sendIndex = {0};
        MessageChannel channel = new MessageChannel() {
            @Override
            public void sendBytes(byte[] message) {
                if (sendIndex[0]++ >= sent) {
                    toSend.add(message);
                    sent++;
                }
            }

            @Override
            public byte[] recvBytes(long maxLength, long deadlineNanos) throws IOException {
                if (recvIndex[0] == received.size()) throw new NeedMore();
                return received.get(recvIndex[0]++);
            }
        };
        try {
            Handshake.deliverChallenge(channel, authkey, challenge, ByteTransport.NO_DEADLINE);
            Handshake.answerChallenge(channel, authkey, ByteTransport.NO_DEADLINE);
            done = true;
        } catch (NeedMore waiting) {
            // the next frame has not come yet
        } catch (AuthenticationException e) {
            failed = e;
        } catch (IOException | RuntimeException e) {
            failed = e instanceof IOException io ? io : new IOException(e);
        }
        return toSend;
    }
}
