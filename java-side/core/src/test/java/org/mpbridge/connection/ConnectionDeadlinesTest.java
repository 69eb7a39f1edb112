package org.mpbridge.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Idle, read and handshake deadlines, and what a socket connection costs (one descriptor, no thread). */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConnectionDeadlinesTest {
    @TempDir
    Path tmp;

    private Address address(String family) {
        return family.equals("tcp") ? new Address.Tcp("127.0.0.1", 0) : new Address.Unix(tmp.resolve("d.sock"));
    }

    private static SocketChannel rawClient(Address a) throws Exception {
        return SocketChannel.open(a.socketAddress());
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "unix"})
    void idleTimeoutClosesASilentConnection(String family) throws Exception {
        ConnectionOptions opts = ConnectionOptions.defaults().withIdleTimeout(Duration.ofMillis(300));
        try (Listener l = Listener.bind(address(family), null, opts, 4); SocketChannel client = rawClient(l.address());
             Connection c = l.accept()) {
            assertThatThrownBy(c::recvBytes).isInstanceOf(InterruptedIOException.class).hasMessageContaining("idle timeout");
            assertThat(client.read(ByteBuffer.allocate(1))).isEqualTo(-1);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "unix"})
    void readTimeoutClosesHalfAHeaderButNotAPatientTalker(String family) throws Exception {
        ConnectionOptions opts = ConnectionOptions.defaults().withReadTimeout(Duration.ofMillis(300));
        try (Listener l = Listener.bind(address(family), null, opts, 4); SocketChannel client = rawClient(l.address());
             Connection c = l.accept()) {
            // a whole message after a long silence is fine: the read timeout starts at a frame's first byte
            Thread.sleep(500);
            client.write(ByteBuffer.wrap(new byte[] {0, 0, 0, 2, 'h', 'i'}));
            assertThat(c.recvBytes()).isEqualTo("hi".getBytes());
            client.write(ByteBuffer.wrap(new byte[] {0, 0}));
            assertThatThrownBy(c::recvBytes).isInstanceOf(InterruptedIOException.class).hasMessageContaining("read timeout");
            assertThat(c.isClosed()).isTrue();
        }
    }

    @Test
    void handshakeTimeoutIsKeptWithoutATimedRead() throws Exception {
        ConnectionOptions opts = ConnectionOptions.defaults().withHandshakeTimeout(Duration.ofMillis(300));
        try (Listener l = Listener.bind(address("unix"), "key".getBytes(), opts, 4); SocketChannel client = rawClient(l.address())) {
            long t = System.nanoTime();
            assertThatThrownBy(l::accept).isInstanceOf(InterruptedIOException.class).hasMessageContaining("handshake not finished");
            assertThat(System.nanoTime() - t).isLessThan(TimeUnit.SECONDS.toNanos(20));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "unix"})
    void pollWaitsAndTheConnectionStaysUsable(String family) throws Exception {
        try (Listener l = Listener.bind(address(family), null); Connection client = Client.connect(l.address(), null);
             Connection c = l.accept()) {
            assertThat(c.poll()).isFalse();
            assertThat(c.poll(Duration.ofMillis(100))).isFalse();
            assertThatThrownBy(() -> c.recvBytes(Duration.ofMillis(100))).isInstanceOf(InterruptedIOException.class);
            client.sendBytes("late".getBytes());
            assertThat(c.poll(Duration.ofSeconds(10))).isTrue();
            assertThat(c.recvBytes(Duration.ofSeconds(10))).isEqualTo("late".getBytes());
            client.sendBytes("more".getBytes());
            assertThat(c.recvBytes()).isEqualTo("more".getBytes());
        }
    }

    @Test
    void aSocketConnectionHoldsOneDescriptor() throws Exception {
        File fds = new File("/proc/self/fd");
        org.junit.jupiter.api.Assumptions.assumeTrue(fds.isDirectory(), "no /proc/self/fd");
        try (Listener l = Listener.bind(address("tcp"), null)) {
            List<Connection> open = new ArrayList<>();
            int before = fds.list().length;
            try {
                for (int i = 0; i < 20; i++) {
                    open.add(Client.connect(l.address(), null));
                    open.add(l.accept());
                }
                int after = fds.list().length;
                // both ends live in this process: 2 descriptors per pair (the old transport held 6: 2 selectors each)
                assertThat(after - before).isBetween(40, 44);
            } finally {
                for (Connection c : open) c.close();
            }
        }
    }
}
