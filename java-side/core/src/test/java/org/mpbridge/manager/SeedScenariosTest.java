package org.mpbridge.manager;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mpbridge.connection.Address;
import org.mpbridge.manager.PythonPeers.Interpreter;
import org.mpbridge.manager.PythonPeers.Peer;
import org.mpbridge.manager.server.ManagerServer;
import org.mpbridge.pickle.PickleCodec;

/**
 * The seeds' {@code Manager().dict()} scenarios with mixed processes: the counter of 20 decremented under a lock
 * by 20 processes (10 Java, 10 CPython spread over every version found) ends at 0; two writers (one per language)
 * into one dict. Workers get the dict and lock as pickled proxies, as the seed's children do; run against
 * CPython's manager (newest version found) and against the Java one.
 */
class SeedScenariosTest {
    private static final String KEY = "secret";
    private static final Map<String, String> ENV = Map.of("MPBRIDGE_TEST_KEY", KEY);

    @Test
    @Timeout(180)
    void counterWithLockOnPythonManager() throws Exception {
        onPythonManager(PythonPeers.newest(), SeedScenariosTest::counter);
    }

    @Test
    @Timeout(180)
    void counterWithLockOnJavaManager() throws Exception {
        onJavaManager(SeedScenariosTest::counter);
    }

    @Test
    @Timeout(120)
    void twoWritersOnPythonManager() throws Exception {
        onPythonManager(PythonPeers.oldest(), SeedScenariosTest::twoWriters);
    }

    @Test
    @Timeout(120)
    void twoWritersOnJavaManager() throws Exception {
        onJavaManager(SeedScenariosTest::twoWriters);
    }

    @FunctionalInterface
    private interface Scenario {
        void run(Address manager) throws Exception;
    }

    /** CPython's own manager server (SyncManager) under one interpreter. */
    private static void onPythonManager(Interpreter python, Scenario scenario) throws Exception {
        try (Peer server = PythonPeers.startPeer(python, "manager_server", List.of("--authkey-env", "MPBRIDGE_TEST_KEY"), ENV)) {
            scenario.run(server.address);
        }
    }

    /** The Java manager server, in this JVM. */
    private static void onJavaManager(Scenario scenario) throws Exception {
        PythonPeers.requireAny();
        try (ManagerServer server = ManagerServer.builder().authkey(KEY.getBytes(StandardCharsets.UTF_8)).start()) {
            scenario.run(server.address());
        }
    }

    private static void counter(Address address) throws Exception {
        try (ManagerClient m = ManagerClient.connect(address, KEY.getBytes(StandardCharsets.UTF_8))) {
            DictProxy d = m.dict(Map.of("count", 20));
            AcquirerProxy lock = m.lock();
            String dict = hex(d);
            String lockHex = hex(lock);
            List<Worker> workers = new ArrayList<>();
            List<Interpreter> pythons = PythonPeers.interpreters();
            for (int i = 0; i < 20; i++) {
                if (i % 2 == 0) {
                    workers.add(java("counter", dict, lockHex));
                } else {
                    workers.add(python(pythons.get((i / 2) % pythons.size()), "counter", "--proxies", dict + "," + lockHex));
                }
            }
            awaitAll(workers);
            assertThat(d.getItem("count")).isEqualTo(0);
        }
    }

    private static void twoWriters(Address address) throws Exception {
        try (ManagerClient m = ManagerClient.connect(address, KEY.getBytes(StandardCharsets.UTF_8))) {
            DictProxy d = m.dict();
            String dict = hex(d);
            List<Worker> workers = List.of(
                    python(PythonPeers.newest(), "write", "--proxies", dict, "--key", "Darr_en1", "--value", "22"),
                    java("write", dict, "Darr_en2", "44"));
            awaitAll(workers);
            Map<Object, Object> expected = new LinkedHashMap<>();
            expected.put("Darr_en1", 22);
            expected.put("Darr_en2", 44);
            assertThat(d.copy()).isEqualTo(expected);
        }
    }

    private static String hex(Proxy p) throws Exception {
        return HexFormat.of().formatHex(PickleCodec.dumps(p.toPickle()));
    }

    private record Worker(String name, Process process, List<String> command) {}

    private static Worker java(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(PythonPeers.javaBinary(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", PythonPeers.testClasspath(), SeedWorker.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(ENV);
        return new Worker("java " + args[0], pb.start(), command);
    }

    private static Worker python(Interpreter py, String role, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(py.path().toString(), "-m", "mpbridge.peers.manager_client", role,
                "--authkey-env", "MPBRIDGE_TEST_KEY"));
        command.addAll(List.of(args));
        ProcessBuilder pb = PythonPeers.builder(command, ENV).redirectErrorStream(true);
        return new Worker(py + " " + role, pb.start(), command);
    }

    /** Waits for every worker (bounded) and checks each exited 0, naming the failures with their output. */
    private static void awaitAll(List<Worker> workers) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        List<String> failures = new ArrayList<>();
        for (Worker w : workers) {
            long left = Math.max(0, deadline - System.nanoTime());
            if (!w.process.waitFor(left, TimeUnit.NANOSECONDS)) {
                w.process.destroyForcibly();
                failures.add(w.name + ": still running at the deadline");
                continue;
            }
            if (w.process.exitValue() != 0) {
                failures.add(w.name + " exited " + w.process.exitValue() + ": "
                        + new String(w.process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        assertThat(failures).as("worker failures").isEmpty();
    }
}
