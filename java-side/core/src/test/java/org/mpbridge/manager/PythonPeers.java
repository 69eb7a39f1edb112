package org.mpbridge.manager;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.mpbridge.connection.Address;

/**
 * Real CPython processes for interop tests: the interpreters 3.8–3.13 found on this machine (asked of the
 * Python half's own discovery, {@code python -m mpbridge.interpreters}), and peers from
 * {@code python-side/src/mpbridge/peers} started under each. Without any interpreter a test is skipped with the
 * reason, or fails in strict mode ({@code MPBRIDGE_STRICT=1}).
 */
final class PythonPeers {
    private PythonPeers() {}

    record Interpreter(String version, Path path) {
        String minor() {
            String[] p = version.split("\\.");
            return p[0] + "." + p[1];
        }

        @Override
        public String toString() {
            return "py" + minor();
        }
    }

    private static List<Interpreter> found;
    private static String notFoundReason;

    static Path repo() {
        String env = System.getenv("MPBRIDGE_REPO");
        if (env != null && Files.isDirectory(Path.of(env, "python-side"))) return Path.of(env);
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("python-side/src/mpbridge"))) return p;
        }
        throw new IllegalStateException("cannot find the repository (python-side/src) above " + dir + "; set MPBRIDGE_REPO");
    }

    /** Every CPython 3.8–3.13 found, oldest first; empty when none (see {@link #requireAny()}). */
    static synchronized List<Interpreter> interpreters() {
        if (found != null) return found;
        found = new ArrayList<>();
        String boot = System.getenv("MPBRIDGE_PYTHON");
        List<String> tried = new ArrayList<>();
        for (String candidate : boot != null ? List.of(boot, "python3") : List.of("python3")) {
            try {
                Result r = run(List.of(candidate, "-m", "mpbridge.interpreters"), Map.of(), Duration.ofSeconds(60));
                for (String line : r.stdout.split("\n")) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length == 3 && f[0].equals("found")) found.add(new Interpreter(f[1], Path.of(f[2])));
                }
                if (!found.isEmpty()) break;
                tried.add(candidate + ": " + r.stdout.strip().replace('\n', ';') + " " + r.stderr.strip());
            } catch (IOException e) {
                tried.add(candidate + ": " + e.getMessage());
            }
        }
        if (found.isEmpty()) notFoundReason = "no CPython 3.8-3.13 found (tried " + String.join(", ", tried) + ")";
        return found;
    }

    /** Skips the test (fails it in strict mode) when no interpreter was found. */
    static void requireAny() {
        if (!interpreters().isEmpty()) return;
        if ("1".equals(System.getenv("MPBRIDGE_STRICT"))) Assertions.fail("strict mode: " + notFoundReason);
        Assumptions.abort(notFoundReason);
    }

    /** The interpreters, or one null placeholder so that a parameterized test still runs (and skips with the reason). */
    static List<Interpreter> parameters() {
        List<Interpreter> all = interpreters();
        if (all.isEmpty()) {
            List<Interpreter> none = new ArrayList<>();
            none.add(null);
            return none;
        }
        return all;
    }

    static Interpreter newest() {
        requireAny();
        return interpreters().get(interpreters().size() - 1);
    }

    static Interpreter oldest() {
        requireAny();
        return interpreters().get(0);
    }

    record Result(int exitCode, String stdout, String stderr) {}

    static ProcessBuilder builder(List<String> command, Map<String, String> env) {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("PYTHONPATH", repo().resolve("python-side/src").toString());
        pb.environment().put("PYTHONDONTWRITEBYTECODE", "1");
        pb.environment().putAll(env);
        return pb;
    }

    /** Runs a command to completion, bounded by {@code timeout} (then killed, and an error). */
    static Result run(List<String> command, Map<String, String> env, Duration timeout) throws IOException {
        Process p = builder(command, env).start();
        return finish(p, command, timeout);
    }

    static Result finish(Process p, List<String> command, Duration timeout) throws IOException {
        CompletableFuture<String> out = drain(() -> p.getInputStream().readAllBytes());
        CompletableFuture<String> err = drain(() -> p.getErrorStream().readAllBytes());
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
                throw new IOException("timed out after " + timeout + ": " + String.join(" ", command) + "\nstderr:\n" + now(err));
            }
            return new Result(p.exitValue(), out.get(10, TimeUnit.SECONDS), err.get(10, TimeUnit.SECONDS));
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            p.destroyForcibly();
            throw new IOException("waiting for " + String.join(" ", command) + ": " + e, e);
        }
    }

    /** Reads a stream to its end on a thread of its own (the common pool may have a single thread). */
    private static CompletableFuture<String> drain(StreamSource source) {
        CompletableFuture<String> result = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                result.complete(new String(source.read(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                result.complete("<unreadable: " + e + ">");
            }
        }, "drain");
        t.setDaemon(true);
        t.start();
        return result;
    }

    @FunctionalInterface
    private interface StreamSource {
        byte[] read() throws IOException;
    }

    private static String now(CompletableFuture<String> f) {
        return f.getNow("<still running>");
    }

    /** {@code python -m mpbridge.peers.<module> args...} under one interpreter. */
    static Result runPeer(Interpreter python, String module, List<String> args, Map<String, String> env, Duration timeout)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(python.path().toString(), "-m", "mpbridge.peers." + module));
        command.addAll(args);
        return run(command, env, timeout);
    }

    /** A running peer that printed {@code READY <ADDR>}. */
    static final class Peer implements AutoCloseable {
        final Process process;
        final Address address;
        final Path stderrFile;

        private Peer(Process process, Address address, Path stderrFile) {
            this.process = process;
            this.address = address;
            this.stderrFile = stderrFile;
        }

        String stderr() {
            try {
                return Files.readString(stderrFile);
            } catch (IOException e) {
                return "<" + e + ">";
            }
        }

        /** Waits for the peer to exit by itself (e.g. after a shutdown request). */
        int awaitExit(Duration timeout) throws InterruptedException {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("peer still running after " + timeout + "; stderr:\n" + stderr());
            }
            return process.exitValue();
        }

        @Override
        public void close() throws IOException {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Files.deleteIfExists(stderrFile);
        }
    }

    /** Starts {@code python -m mpbridge.peers.<module> args...} and waits (bounded) for its READY line. */
    static Peer startPeer(Interpreter python, String module, List<String> args, Map<String, String> env) throws IOException {
        List<String> command = new ArrayList<>(List.of(python.path().toString(), "-m", "mpbridge.peers." + module));
        command.addAll(args);
        Path stderrFile = Files.createTempFile("mpbridge-peer-", ".stderr");
        Process p = builder(command, env).redirectError(stderrFile.toFile()).start();
        CompletableFuture<String> ready = drain(() -> {
            String first = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
            return first == null ? new byte[0] : first.getBytes(StandardCharsets.UTF_8);
        });
        String line;
        try {
            line = ready.get(30, TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            line = null;
        }
        if (line == null || !line.startsWith("READY ")) {
            p.destroyForcibly();
            String err = Files.readString(stderrFile);
            Files.deleteIfExists(stderrFile);
            throw new IOException("peer " + String.join(" ", command) + " did not print READY (got " + line + "); stderr:\n" + err);
        }
        return new Peer(p, Address.parse(line.substring(6).trim()), stderrFile);
    }

    /** The classpath of this test JVM, for Java worker processes. */
    static String testClasspath() {
        String cp = System.getProperty("surefire.test.class.path");
        return cp != null ? cp : System.getProperty("java.class.path");
    }

    static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
