package org.mpbridge.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.EOFException;
import java.io.IOException;
import java.util.Arrays;
import org.mpbridge.AuthenticationException;
import org.mpbridge.ProtocolException;
import org.mpbridge.auth.AuthScheme;
import org.mpbridge.auth.Handshake;
import org.mpbridge.connection.Connection;
import org.mpbridge.connection.ConnectionOptions;

/**
 * CPython's challenge/response in both roles and both eras, fed a peer's arbitrary framed bytes. Only
 * {@link AuthenticationException}, {@link ProtocolException} or a clean EOF may end it, and a handshake that
 * succeeds must have seen the right digest: the fuzzer cannot know the key, so success is a finding.
 */
class HandshakeFuzzTest {
    private static final byte[] KEY = "fuzz-key-the-peer-does-not-know".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final long DEADLINE = Long.MAX_VALUE;

    @FuzzTest
    void listenerLegacy(FuzzedDataProvider data) throws IOException {
        listener(data, AuthScheme.LEGACY);
    }

    @FuzzTest
    void listenerModern(FuzzedDataProvider data) throws IOException {
        listener(data, AuthScheme.MODERN);
    }

    /** The client's role: the peer (a listener) sends the challenge; legacy seeds carry a 20-byte one. */
    @FuzzTest
    void clientLegacy(FuzzedDataProvider data) throws IOException {
        client(data, AuthScheme.LEGACY);
    }

    @FuzzTest
    void clientModern(FuzzedDataProvider data) throws IOException {
        client(data, AuthScheme.MODERN);
    }

    private static void listener(FuzzedDataProvider data, AuthScheme scheme) throws IOException {
        Connection c = connection(data);
        try {
            Handshake.serverSide(c, KEY, scheme, DEADLINE);
        } catch (AuthenticationException | ProtocolException | EOFException expected) {
            return;
        }
        throw new AssertionError("a listener accepted a peer that does not know the key");
    }

    private static void client(FuzzedDataProvider data, AuthScheme scheme) throws IOException {
        Connection c = connection(data);
        try {
            Handshake.answerChallenge(c, KEY, DEADLINE);
        } catch (AuthenticationException | ProtocolException | EOFException expected) {
            return;
        }
        // #WELCOME# after any challenge is the peer's word; the client's own challenge must still hold
        try {
            Handshake.deliverChallenge(c, KEY, scheme, DEADLINE);
        } catch (AuthenticationException | ProtocolException | EOFException expected) {
            return;
        }
        throw new AssertionError("a client's challenge was answered without the key");
    }

    private static Connection connection(FuzzedDataProvider data) {
        int chunk = data.consumeInt(1, 64);
        byte[] stream = data.consumeRemainingAsBytes();
        return new Connection(new MemoryTransport(Arrays.copyOf(stream, stream.length), chunk), true, true,
                ConnectionOptions.defaults().withMaxFrameLength(1 << 16));
    }
}
