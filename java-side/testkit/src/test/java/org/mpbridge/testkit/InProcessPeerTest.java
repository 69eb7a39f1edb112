package org.mpbridge.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mpbridge.connection.Connection;
import org.mpbridge.pickle.PyTuple;

/**
 * A Python peer inside the JVM (Jep), over a real socket, and its start-up time against a process peer
 * (measured and written to target/inprocess-startup.txt; nothing is asserted about time).
 */
@PythonPeerTest
class InProcessPeerTest {
    @InProcessPythonPeer({"-m", "mpbridge.peers.echo_listener", "{listen}", "--pickle"})
    static InProcessPeer tcpEcho;

    @InProcessPythonPeer(value = {"-m", "mpbridge.peers.echo_listener", "{listen}", "--pickle"}, transport = Transport.UNIX)
    InProcessPeer unixEcho;

    @Test
    void theInProcessPeerTalksOverARealSocket() throws Exception {
        assertThat(tcpEcho.address().toString()).startsWith("tcp:127.0.0.1:");
        try (Connection c = tcpEcho.connect()) {
            c.send(PyTuple.of("Dave", "123", List.of(1, 2.5)));
            assertThat(c.recv()).isEqualTo(PyTuple.of("Dave", "123", new ArrayList<>(List.of(1, 2.5))));
        }
        try (Connection c = unixEcho.connect()) {
            c.send(new byte[] {1, 2, 3});
            assertThat((byte[]) c.recv()).containsExactly(1, 2, 3);
        }
    }

    @Test
    void startUpInProcessVersusAProcess() throws Exception {
        PythonPeer processSpec = Template.class.getDeclaredField("echo").getAnnotation(PythonPeer.class);
        InProcessPythonPeer inSpec = InProcessPeerTest.class.getDeclaredField("tcpEcho").getAnnotation(InProcessPythonPeer.class);
        String[] v = tcpEcho.pythonVersion().split("\\.");
        String same = v[0] + "." + v[1];  // the process peer on the same CPython minor version when there is one
        PythonInterpreter python = PythonInterpreters.select(same).isEmpty() ? PythonInterpreters.require("") : PythonInterpreters.require(same);
        int rounds = 5;
        long[] inProcess = new long[rounds];
        long[] process = new long[rounds];
        for (int i = 0; i < rounds; i++) {
            long t0 = System.nanoTime();
            try (InProcessPeer p = InProcessPeer.start("bench", inSpec); Connection c = p.connect()) {
                inProcess[i] = System.nanoTime() - t0;  // started and answering a connection
                c.send(1);
                assertThat(c.recv()).isEqualTo(1);
            }
            long t1 = System.nanoTime();
            try (PythonPeerProcess p = PythonPeerProcess.start("bench", processSpec, python); Connection c = p.connect()) {
                process[i] = System.nanoTime() - t1;
                c.send(1);
                assertThat(c.recv()).isEqualTo(1);
            }
        }
        String report = String.format("peer start-up to first connection, median of %d: in-process (Jep, CPython %s) %.1f ms; "
                        + "process (CPython %s) %.1f ms%n", rounds, tcpEcho.pythonVersion(), median(inProcess) / 1e6,
                python.version(), median(process) / 1e6);
        System.out.print(report);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "inprocess-startup.txt"), report);
    }

    /** Only for its annotation: the process peer the comparison starts by hand. */
    static final class Template {
        @PythonPeer({"-m", "mpbridge.peers.echo_listener", "{listen}", "--pickle"})
        PythonPeerProcess echo;
    }

    private static double median(long[] xs) {
        long[] s = xs.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
