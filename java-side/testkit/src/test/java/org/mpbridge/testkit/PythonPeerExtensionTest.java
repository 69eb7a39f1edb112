package org.mpbridge.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;
import org.mpbridge.connection.Connection;
import org.mpbridge.pickle.PyTuple;
import org.opentest4j.TestAbortedException;

/**
 * The extension's own lifecycle, as Testcontainers tests its JUnit 5 module: each sample class below is run
 * through the JUnit engine and the outcome checked (shared, restarted, nested, per interpreter, misuse, a
 * failing test's message, a peer that never gets ready). The samples are real: CPython peers, real sockets.
 */
@Timeout(240)
class PythonPeerExtensionTest {
    static final String ECHO_TCP = "mpbridge.peers.echo_listener";
    static final Map<String, List<Long>> PIDS = new ConcurrentHashMap<>();
    static final List<PythonPeerProcess> SEEN = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void needPython() {
        if (PythonInterpreters.all().isEmpty()) {
            String why = "no CPython 3.8-3.13: " + PythonInterpreters.discover().describeAttempts();
            if ("1".equals(System.getenv("MPBRIDGE_STRICT"))) throw new AssertionError(why);
            throw new TestAbortedException(why);
        }
    }

    static EngineExecutionResults run(Class<?> sample) {
        PIDS.clear();
        SEEN.clear();
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(sample)).execute();
    }

    static void record(String key, PythonPeerProcess peer) {
        PIDS.computeIfAbsent(key, k -> Collections.synchronizedList(new ArrayList<>())).add(peer.pid());
        SEEN.add(peer);
    }

    static Object roundTrip(Connection c, Object value) throws IOException {
        c.send(value);
        return c.recv();
    }

    // ---- samples

    @PythonPeerTest
    static class SharedAndPerTest {
        @PythonPeer({"-m", ECHO_TCP, "{listen}", "--pickle"})
        static PythonPeerProcess shared;
        @PythonPeer(value = {"-m", ECHO_TCP, "{listen}", "--pickle"}, transport = Transport.UNIX)
        PythonPeerProcess fresh;

        @Test
        void first() throws IOException {
            use();
        }

        @Test
        void second() throws IOException {
            use();
        }

        private void use() throws IOException {
            record("shared", shared);
            record("fresh", fresh);
            try (Connection a = shared.connect(); Connection b = fresh.connect()) {
                assertThat(roundTrip(a, PyTuple.of("Dave", "123"))).isEqualTo(PyTuple.of("Dave", "123"));
                assertThat(roundTrip(b, "包子")).isEqualTo("包子");
            }
            assertThat(fresh.address().toString()).startsWith("unix:");
        }
    }

    @PythonPeerTest
    static class Outer {
        @PythonPeer({"-m", ECHO_TCP, "{listen}"})
        static PythonPeerProcess outerShared;

        @Nested
        class Inner {
            @PythonPeer(value = {"-m", "mpbridge.peers.stdio_echo"}, transport = Transport.STDIO)
            PythonPeerProcess pipe;

            @Test
            void seesBoth() throws IOException {
                record("outer", outerShared);
                record("inner", pipe);
                assertThat(roundTrip(pipe.connection(), List.of(1, 2))).isEqualTo(List.of(1, 2));
                assertThat(outerShared.isAlive()).isTrue();
            }
        }
    }

    @PythonPeerTest
    static class PerInterpreter {
        @PythonPeer(value = {"-m", "mpbridge.peers.stdio_echo"}, transport = Transport.STDIO)
        PythonPeerProcess pipe;

        @EveryPython
        void each(PythonInterpreter python) throws IOException {
            record(python.version(), pipe);
            assertThat(pipe.interpreter()).isEqualTo(python);
            assertThat(roundTrip(pipe.connection(), 7)).isEqualTo(7);
        }
    }

    @PythonPeerTest
    static class Keyed {
        @PythonPeer(value = {"-c", "import os\nfrom multiprocessing.connection import Listener\n"
                + "l = Listener(('127.0.0.1', 0), authkey=os.environ['MPB_AUTHKEY'].encode())\n"
                + "print('READY tcp:127.0.0.1:%d' % l.address[1], flush=True)\n"
                + "c = l.accept()\nc.send(c.recv())\n"}, authkeyEnv = "MPB_AUTHKEY")
        PythonPeerProcess keyed;

        @Test
        void handshake() throws IOException {
            try (Connection c = keyed.connect()) {
                assertThat(roundTrip(c, "key")).isEqualTo("key");
            }
        }
    }

    @PythonPeerTest
    static class OwnScript {
        @PythonPeer({"{project}/src/test/python/project_peer.py"})
        PythonPeerProcess own;

        @Test
        void runs() throws IOException {
            try (Connection c = own.connect()) {
                assertThat(roundTrip(c, "hi")).isEqualTo(PyTuple.of("from the project's own script", "hi"));
            }
        }
    }

    @PythonPeerTest
    static class FailingTest {
        @PythonPeer({"-c", "import sys\nsys.stderr.write('peer-marker-42\\n')\nsys.stderr.flush()\n"
                + "print('READY tcp:127.0.0.1:9', flush=True)\nsys.stdin.read()\n"})
        PythonPeerProcess noisy;

        @Test
        void fails() {
            record("noisy", noisy);
            await(() -> noisy.stderr().contains("peer-marker-42"));
            throw new AssertionError("the test's own failure");
        }
    }

    @PythonPeerTest
    static class NeverReady {
        @PythonPeer({"-c", "import sys\nsys.stderr.write('no-ready-marker\\n')\nsys.exit(4)\n"})
        PythonPeerProcess broken;

        @Test
        void unreachable() {
            throw new AssertionError("must not run");
        }
    }

    @PythonPeerTest
    static class WrongType {
        @PythonPeer({"-m", ECHO_TCP, "{listen}"})
        String notAPeer;

        @Test
        void unreachable() {
        }
    }

    static void await(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("condition not met within 30 s");
            Thread.onSpinWait();
        }
    }

    // ---- the lifecycle checks

    @Test
    void staticPeerIsSharedAndInstancePeerIsRestartedAndAllAreStoppedAfterwards() {
        run(SharedAndPerTest.class).testEvents().assertStatistics(s -> s.started(2).succeeded(2));
        assertThat(PIDS.get("shared")).hasSize(2).containsOnly(PIDS.get("shared").get(0));
        assertThat(PIDS.get("fresh")).hasSize(2).doesNotHaveDuplicates();
        assertThat(SEEN).allSatisfy(p -> assertThat(p.isAlive()).as(p.describe()).isFalse());
    }

    @Test
    void nestedTestSeesTheOuterSharedPeerAndItsOwn() {
        run(Outer.class).testEvents().assertStatistics(s -> s.started(1).succeeded(1));
        assertThat(PIDS).containsKeys("outer", "inner");
        assertThat(SEEN).allSatisfy(p -> assertThat(p.isAlive()).isFalse());
    }

    @Test
    void everyPythonRunsOnceUnderEachInterpreter() {
        Events tests = run(PerInterpreter.class).testEvents();
        tests.assertStatistics(s -> s.started(PythonInterpreters.all().size()).succeeded(PythonInterpreters.all().size()));
        for (PythonInterpreter python : PythonInterpreters.all()) {
            assertThat(PIDS).containsKey(python.version());
        }
    }

    @Test
    void projectPlaceholderIsTheTestsOwnProjectDirectory() {
        run(OwnScript.class).testEvents().assertStatistics(s -> s.started(1).succeeded(1));
    }

    @Test
    void theHelpersShipInsideTheJarAndAreExtractedOnceIntoAVersionedCache() throws IOException {
        java.nio.file.Path dir = BundledPython.directory();
        assertThat(dir.getFileName().toString()).startsWith(org.mpbridge.Mpbridge.version() + "-");
        assertThat(dir).startsWith(BundledPython.cacheRoot());
        java.nio.file.Path echo = dir.resolve("mpbridge/peers/echo_listener.py");
        assertThat(echo).isRegularFile();
        assertThat(BundledPython.directory()).isEqualTo(dir);
        java.nio.file.Path source = java.nio.file.Path.of("../../python-side/src/mpbridge/peers/echo_listener.py");
        if (java.nio.file.Files.exists(source)) assertThat(echo).hasSameTextualContentAs(source);
    }

    @Test
    void authkeyIsGivenToThePeerAndUsedByConnect() {
        run(Keyed.class).testEvents().assertStatistics(s -> s.started(1).succeeded(1));
    }

    @Test
    void aFailingTestsMessageCarriesThePeersStderr() {
        Events tests = run(FailingTest.class).testEvents();
        tests.assertStatistics(s -> s.failed(1));
        tests.assertThatEvents().haveExactly(1, event(test("fails"), finishedWithFailure(instanceOf(PythonPeerFailure.class),
                message(m -> m.startsWith("the test's own failure") && m.contains("peer-marker-42") && m.contains("FailingTest.noisy")))));
        assertThat(SEEN).allSatisfy(p -> assertThat(p.isAlive()).isFalse());
    }

    @Test
    void aPeerThatNeverGetsReadyFailsTheTestWithItsExitAndStderr() {
        Events tests = run(NeverReady.class).testEvents();
        tests.assertThatEvents().haveExactly(1, event(test("unreachable"), finishedWithFailure(instanceOf(PeerStartException.class),
                message(m -> m.contains("exited with code 4 before printing READY") && m.contains("no-ready-marker")))));
    }

    @Test
    void aFieldOfTheWrongTypeIsAConfigurationErrorNamingIt() {
        Events all = run(WrongType.class).allEvents();
        all.assertThatEvents().haveExactly(1, finishedWithFailure(instanceOf(ExtensionConfigurationException.class),
                message(m -> m.contains("WrongType.notAPeer") && m.contains("PythonPeerProcess"))));
    }
}
