package org.mpbridge.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The handshake deadline fires as documented ({@link ConnectionOptions#handshakeTimeout}): a peer that connects and
 * never answers the challenge, or sends half a frame header, costs the listener at most that long, and the
 * listener then serves the next client.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HandshakeDeadlineTest {
    private static final Duration DEADLINE = Duration.ofMillis(500);

    @Test
    void aSilentPeerIsDroppedAtTheHandshakeDeadline() throws Exception {
        stalls(new byte[0]);
    }

    @Test
    void halfAFrameHeaderIsDroppedAtTheHandshakeDeadline() throws Exception {
        stalls(new byte[] {0, 0});
    }

    private void stalls(byte[] sent) throws Exception {
        byte[] key = "k".getBytes();
        try (Listener l = Listener.bind(new Address.Tcp("127.0.0.1", 0), key,
                ConnectionOptions.defaults().withHandshakeTimeout(DEADLINE), 16)) {
            Address.Tcp a = (Address.Tcp) l.address();
            try (SocketChannel stalled = SocketChannel.open(new InetSocketAddress(a.host(), a.port()))) {
                stalled.write(ByteBuffer.wrap(sent));
                long start = System.nanoTime();
                CompletableFuture<Throwable> accepted = CompletableFuture.supplyAsync(() -> {
                    try (Connection c = l.accept()) {
                        return null;
                    } catch (Throwable t) {
                        return t;
                    }
                });
                Throwable t = accepted.get(30, TimeUnit.SECONDS);
                long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertThat(t).isInstanceOf(InterruptedIOException.class);
                assertThat(ms).isBetween(DEADLINE.toMillis() - 50, DEADLINE.toMillis() + 5000);
            }
            CompletableFuture<Object> next = CompletableFuture.supplyAsync(() -> {
                try (Connection c = l.accept()) {
                    return c.recv();
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            try (Connection c = Client.connect(l.address(), key)) {
                c.send("next");
            }
            assertThat(next.get(20, TimeUnit.SECONDS)).isEqualTo("next");
        }
    }
}
