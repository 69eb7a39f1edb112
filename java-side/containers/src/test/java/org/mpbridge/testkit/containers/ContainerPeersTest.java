package org.mpbridge.testkit.containers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mpbridge.connection.Connection;
import org.mpbridge.connection.NamedPipe;
import org.mpbridge.manager.DictProxy;
import org.mpbridge.manager.ManagerClient;
import org.mpbridge.pickle.PyTuple;
import org.mpbridge.sem.NamedSemaphore;
import org.mpbridge.shm.MappedFile;
import org.mpbridge.shm.SharedMemory;
import org.mpbridge.testkit.PeerRuntime;
import org.mpbridge.testkit.PythonPeer;
import org.mpbridge.testkit.PythonPeerProcess;
import org.mpbridge.testkit.PythonPeerTest;
import org.mpbridge.testkit.Transport;

/**
 * Every transport across a container boundary, through the JUnit extension: the Java test on the host, each
 * Python peer in the container of the newest CPython's image ({@code PeerRuntime.CONTAINER}). The probe peer
 * ({@code mpbridge.peers.ipc_probe}, on a STDIO pipe through the container) does the Python half of shared memory,
 * named semaphores, mmap and FIFOs on request. No engine: skipped with the reason (a failure when
 * MPBRIDGE_REQUIRE_DOCKER=1).
 */
@PythonPeerTest
@Timeout(180)
class ContainerPeersTest {
    static final PeerRuntime CONTAINER = PeerRuntime.CONTAINER;

    @PythonPeer(value = {"-m", "mpbridge.peers.echo_listener", "{listen}", "--pickle"}, runtime = PeerRuntime.CONTAINER)
    static PythonPeerProcess tcp;

    @PythonPeer(value = {"-m", "mpbridge.peers.echo_listener", "{listen}", "--pickle"}, transport = Transport.UNIX,
            runtime = PeerRuntime.CONTAINER)
    static PythonPeerProcess unix;

    @PythonPeer(value = {"-m", "mpbridge.peers.stdio_echo"}, transport = Transport.STDIO, runtime = PeerRuntime.CONTAINER)
    static PythonPeerProcess pipe;

    @PythonPeer(value = {"-m", "mpbridge.peers.manager_server", "--listen", "{listen}", "--authkey-env", "{authkey_env}"},
            authkeyEnv = "MPB_AUTHKEY", runtime = PeerRuntime.CONTAINER)
    static PythonPeerProcess manager;

    @PythonPeer(value = {"-m", "mpbridge.peers.ipc_probe"}, transport = Transport.STDIO, runtime = PeerRuntime.CONTAINER)
    static PythonPeerProcess probe;

    static String token() {
        return "mpbc" + HexFormat.of().formatHex(ThreadLocalRandom.current().nextLong(1L << 40, 1L << 48) == 0 ? new byte[3]
                : java.nio.ByteBuffer.allocate(8).putLong(ThreadLocalRandom.current().nextLong()).array(), 0, 4);
    }

    /** One request to the probe: its result, or an AssertionError with the Python exception. */
    static Object ask(Object... request) throws IOException {
        Connection c = probe.connection();
        c.send(PyTuple.of(request));
        Object reply = c.recv();
        assertThat(reply).isInstanceOf(PyTuple.class);
        PyTuple t = (PyTuple) reply;
        if (!"ok".equals(t.get(0))) throw new AssertionError("probe " + request[0] + ": " + t.get(1));
        return t.get(1);
    }

    @Test
    void tcpRoundTrip() throws IOException {
        assertThat(tcp.runtime()).isEqualTo(CONTAINER);
        assertThat(tcp.describe()).contains("in container");
        assertThat(tcp.address().toString()).startsWith("tcp:127.0.0.1:");
        try (Connection c = tcp.connect()) {
            c.send(PyTuple.of("Dave", "123"));
            assertThat(c.recv()).isEqualTo(PyTuple.of("Dave", "123"));
        }
    }

    @Test
    void unixSocketInTheBoundDirectory() throws IOException {
        assertThat(unix.address().toString()).startsWith("unix:/");
        try (Connection c = unix.connect()) {
            c.send("包子");
            assertThat(c.recv()).isEqualTo("包子");
        }
    }

    @Test
    void stdioPipeThroughTheContainer() throws IOException {
        Connection c = pipe.connection();
        for (int i = 0; i < 10; i++) {
            c.send(List.of(i, "c1 收到包子:" + i));
            assertThat(c.recv()).isEqualTo(List.of(i, "c1 收到包子:" + i));
        }
        assertThat(pipe.pid()).isPositive();  // the peer's pid on the host
    }

    @Test
    void managerServedFromTheContainer() throws IOException {
        try (ManagerClient m = ManagerClient.connect(manager.address(), manager.authkey())) {
            DictProxy d = m.dict();
            d.setItem("count", 20);
            d.setItem("who", "java");
            assertThat(d.getItem("count")).isEqualTo(20);
            assertThat(d.len()).isEqualTo(2);
        }
    }

    @Test
    void sharedMemoryBothWays() throws IOException {
        try (SharedMemory seg = SharedMemory.create(64)) {
            try {
                seg.putBytes(0, "java->py".getBytes(StandardCharsets.US_ASCII));
                assertThat((byte[]) ask("shm-read", seg.name(), 8)).isEqualTo("java->py".getBytes(StandardCharsets.US_ASCII));
                ask("shm-write", seg.name(), "py->java".getBytes(StandardCharsets.US_ASCII));
                assertThat(new String(seg.getBytes(0, 8), StandardCharsets.US_ASCII)).isEqualTo("py->java");
            } finally {
                seg.unlink();
            }
        }
        String name = token();
        ask("shm-create", name, "made in the container".getBytes(StandardCharsets.US_ASCII));
        try (SharedMemory seg = SharedMemory.attach(name)) {
            assertThat(new String(seg.getBytes(0, 21), StandardCharsets.US_ASCII)).isEqualTo("made in the container");
        } finally {
            SharedMemory.unlink(name);
        }
    }

    @Test
    void namedSemaphoreBothWays() throws Exception {
        String name = "/" + token();
        try (NamedSemaphore s = NamedSemaphore.create(name, 0)) {
            try {
                ask("sem-release", name);
                assertThat(s.tryAcquire(30, TimeUnit.SECONDS)).isTrue();
                s.release();
                assertThat(ask("sem-acquire", name, 30.0)).isEqualTo(true);
                assertThat(ask("sem-value", name)).isEqualTo(0);
                assertThat(s.value()).isZero();
            } finally {
                s.unlink();
            }
        }
    }

    @Test
    void mmapFileInTheBoundDirectory() throws IOException {
        Path dir = Path.of((String) ask("cwd"));
        Path file = dir.resolve("test.dat");
        ask("mmap-write", file.toString(), 1024, "msg 1".getBytes(StandardCharsets.US_ASCII));
        assertThat(Files.getAttribute(file, "unix:uid")).isEqualTo(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        try (MappedFile m = MappedFile.open(file, 1024, true)) {
            assertThat(new String(m.getBytes(0, 5), StandardCharsets.US_ASCII)).isEqualTo("msg 1");
            m.putBytes(512, "ack 1".getBytes(StandardCharsets.US_ASCII));
            m.flush();
        }
        byte[] seen = (byte[]) ask("mmap-read", file.toString(), 1024);
        assertThat(new String(seen, 512, 5, StandardCharsets.US_ASCII)).isEqualTo("ack 1");
    }

    @Test
    void fifoBothWays() throws Exception {
        Path dir = Path.of((String) ask("cwd"));
        Path toPython = dir.resolve("to-python.fifo");
        NamedPipe.create(toPython);
        CompletableFuture<Object> received = CompletableFuture.supplyAsync(() -> call("fifo-recv", toPython.toString()));
        try (Connection w = NamedPipe.openWriter(toPython, Duration.ofSeconds(60))) {
            for (int i = 0; i < 10; i++) w.send("包子" + i);
        }
        List<Object> expected = new ArrayList<>();
        for (int i = 0; i < 10; i++) expected.add("包子" + i);
        assertThat(received.get(60, TimeUnit.SECONDS)).isEqualTo(expected);

        Path toJava = dir.resolve("to-java.fifo");
        NamedPipe.create(toJava);
        CompletableFuture<Object> sent = CompletableFuture.supplyAsync(() -> call("fifo-send", toJava.toString(), expected));
        List<Object> got = new ArrayList<>();
        try (Connection r = NamedPipe.openReader(toJava, Duration.ofSeconds(60))) {
            while (true) {
                try {
                    got.add(r.recv());
                } catch (java.io.EOFException end) {
                    break;
                }
            }
        }
        assertThat(sent.get(60, TimeUnit.SECONDS)).isEqualTo(10);
        assertThat(got).isEqualTo(expected);
    }

    private static Object call(Object... request) {
        try {
            return ask(request);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
