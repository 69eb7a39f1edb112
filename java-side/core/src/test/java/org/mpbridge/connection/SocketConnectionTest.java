package org.mpbridge.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.StandardProtocolFamily;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.mpbridge.AuthenticationException;
import org.mpbridge.BufferTooShortException;
import org.mpbridge.ProtocolException;
import org.mpbridge.auth.AuthScheme;
import org.mpbridge.auth.Handshake;
import org.mpbridge.pickle.PyTuple;
import org.mpbridge.transport.ChannelTransport;
import org.mpbridge.transport.Deadlines;
import org.mpbridge.transport.FragmentingTransport;

/** Java listener and Java client over real TCP and Unix sockets (the Java<->Java pairing). */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SocketConnectionTest {
    @TempDir
    Path tmp;

    private Address address(String family) {
        return family.equals("tcp") ? new Address.Tcp("127.0.0.1", 0) : new Address.Unix(tmp.resolve("l.sock"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "unix"})
    void authenticatedRoundTripBothSchemes(String family) throws Exception {
        for (AuthScheme scheme : AuthScheme.values()) {
            ConnectionOptions opts = ConnectionOptions.defaults().withAuthScheme(scheme);
            try (Listener l = Listener.bind(address(family), "secret".getBytes(), opts, 4)) {
                CompletableFuture<Object> server = CompletableFuture.supplyAsync(() -> {
                    try (Connection c = l.accept()) {
                        Object got = c.recv();
                        c.send(PyTuple.of("Dave", "123"));
                        return got;
                    } catch (IOException e) {
                        throw new RuntimeException(e);
                    }
                });
                try (Connection c = Client.connect(l.address(), "secret".getBytes(), opts)) {
                    c.send(List.of("login", 1));
                    assertThat(c.recv()).isEqualTo(PyTuple.of("Dave", "123"));
                }
                assertThat(server.get(20, TimeUnit.SECONDS)).isEqualTo(List.of("login", 1));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "unix"})
    void wrongKeyFailsBothSidesAndTheListenerKeepsServing(String family) throws Exception {
        try (Listener l = Listener.bind(address(family), "right".getBytes())) {
            CompletableFuture<Throwable> first = CompletableFuture.supplyAsync(() -> {
                try (Connection c = l.accept()) {
                    return null;
                } catch (Throwable t) {
                    return t;
                }
            });
            assertThatThrownBy(() -> Client.connect(l.address(), "wrong".getBytes())).isInstanceOf(AuthenticationException.class);
            assertThat(first.get(20, TimeUnit.SECONDS)).isInstanceOf(AuthenticationException.class);
            CompletableFuture<Object> second = CompletableFuture.supplyAsync(() -> {
                try (Connection c = l.accept()) {
                    return c.recv();
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            try (Connection c = Client.connect(l.address(), "right".getBytes())) {
                c.send("after");
            }
            assertThat(second.get(20, TimeUnit.SECONDS)).isEqualTo("after");
        }
        if (family.equals("unix")) assertThat(Files.exists(tmp.resolve("l.sock"))).as("socket file removed on close").isFalse();
    }

    @Test
    void aClientWithoutAKeyIsToldThatThePeerAskedForAuthentication() throws Exception {
        try (Listener l = Listener.bind(address("tcp"), "right".getBytes())) {
            CompletableFuture<Throwable> server = CompletableFuture.supplyAsync(() -> {
                try (Connection c = l.accept()) {
                    return null;
                } catch (Throwable t) {
                    return t;
                }
            });
            try (Connection c = Client.connect(l.address(), null)) {
                assertThatThrownBy(c::recv).isInstanceOf(AuthenticationException.class)
                        .hasMessageContaining("the peer asked for authentication").hasMessageContaining("no authkey");
            }
            assertThat(server.get(40, TimeUnit.SECONDS)).isNotNull();  // its handshake failed when the client left
        }
    }

    @Test
    void noKeyMeansNoHandshake() throws Exception {
        try (Listener l = Listener.bind(address("tcp"), null)) {
            CompletableFuture<byte[]> server = CompletableFuture.supplyAsync(() -> {
                try (Connection c = l.accept()) {
                    return c.recvBytes();
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            try (Connection c = Client.connect(l.address(), null)) {
                c.sendBytes("data".getBytes());
            }
            assertThat(server.get(20, TimeUnit.SECONDS)).isEqualTo("data".getBytes());
        }
    }

    @Test
    void handshakeAndMessagesSurviveAOneByteAtATimeTransport() throws Exception {
        try (Listener l = Listener.bind(address("unix"), "k".getBytes())) {
            CompletableFuture<Object> server = CompletableFuture.supplyAsync(() -> {
                try (Connection c = l.acceptUnauthenticated()) {
                    Connection hostile = new Connection(FragmentingTransport.oneByteAtATime(c.transport()), true, true, c.options());
                    l.authenticate(hostile);
                    Object got = hostile.recv();
                    hostile.send(got);
                    return got;
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            ch.connect(l.address().socketAddress());
            try (Connection c = new Connection(new FragmentingTransport(new ChannelTransport(ch, "test"), 3, 5), true, true,
                    ConnectionOptions.defaults())) {
                Handshake.clientSide(c, "k".getBytes(), AuthScheme.MODERN, Deadlines.after(Duration.ofSeconds(10)));
                Object value = List.of("x".repeat(1000), PyTuple.of(1, 2.5, new byte[300]));
                c.send(value);
                Object back = c.recv();
                assertThat(back.toString()).isEqualTo(value.toString());
            }
            assertThat(server.get(20, TimeUnit.SECONDS)).isNotNull();
        }
    }

    @Test
    void pollRecvTimeoutBufferTooShortAndEof() throws Exception {
        try (Listener l = Listener.bind(address("tcp"), null)) {
            CompletableFuture<Connection> accepted = CompletableFuture.supplyAsync(() -> {
                try {
                    return l.accept();
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            try (Connection c = Client.connect(l.address(), null); Connection s = accepted.get(10, TimeUnit.SECONDS)) {
                assertThat(s.poll(Duration.ofMillis(50))).isFalse();
                assertThatThrownBy(() -> s.recvBytes(Duration.ofMillis(50))).isInstanceOf(InterruptedIOException.class);
                c.sendBytes("hello".getBytes(), 1, 3);
                assertThat(s.poll(Duration.ofSeconds(10))).isTrue();
                byte[] small = new byte[2];
                assertThatThrownBy(() -> s.recvBytesInto(small)).isInstanceOf(BufferTooShortException.class)
                        .satisfies(e -> assertThat(((BufferTooShortException) e).message()).isEqualTo("ell".getBytes()));
                c.sendBytes("abc".getBytes());
                byte[] big = new byte[10];
                assertThat(s.recvBytesInto(big, 4)).isEqualTo(3);
                assertThat(new String(big, 4, 3)).isEqualTo("abc");
                c.sendBytes(new byte[100]);
                assertThatThrownBy(() -> s.recvBytes(10)).isInstanceOf(ProtocolException.class).hasMessageContaining("bad message length");
                c.close();
                assertThatThrownBy(s::recv).isInstanceOf(ProtocolException.class);
            }
        }
    }

    @Test
    void peerClosingIsEof() throws Exception {
        try (Listener l = Listener.bind(address("tcp"), null)) {
            CompletableFuture<Void> server = CompletableFuture.runAsync(() -> {
                try (Connection c = l.accept()) {
                    c.send("last");
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            try (Connection c = Client.connect(l.address(), null)) {
                assertThat(c.recv()).isEqualTo("last");
                server.get(10, TimeUnit.SECONDS);
                assertThatThrownBy(c::recv).isInstanceOf(EOFException.class);
            }
        }
    }

    @Test
    void oversizeHandshakeReplyIsRefused() throws Exception {
        try (Listener l = Listener.bind(address("tcp"), "k".getBytes())) {
            CompletableFuture<Throwable> server = CompletableFuture.supplyAsync(() -> {
                try (Connection c = l.accept()) {
                    return null;
                } catch (Throwable t) {
                    return t;
                }
            });
            SocketChannel ch = SocketChannel.open(StandardProtocolFamily.INET);
            ch.connect(l.address().socketAddress());
            try (Connection c = new Connection(new ChannelTransport(ch, "raw"), true, true, ConnectionOptions.defaults())) {
                c.recvBytes(256);
                c.sendBytes(new byte[300]);
            }
            assertThat(server.get(10, TimeUnit.SECONDS)).isInstanceOf(ProtocolException.class).hasMessageContaining("bad message length");
        }
    }
}
