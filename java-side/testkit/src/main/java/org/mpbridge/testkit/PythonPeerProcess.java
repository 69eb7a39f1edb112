package org.mpbridge.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.mpbridge.connection.Address;
import org.mpbridge.connection.ChildProcess;
import org.mpbridge.connection.Client;
import org.mpbridge.connection.Connection;

/**
 * A running Python program for a test ({@link PythonPeer}): started with {@code PYTHONPATH} pointing at the
 * {@code mpbridge} Python helpers (the copy inside this jar, or {@code $MPBRIDGE_REPO/python-side/src}), ready once it printed {@code READY <ADDR>} (TCP, UNIX) or at once (STDIO), stopped
 * by {@link #close()} with its whole process tree, its temporary directory removed.
 * A {@link PeerRuntime#CONTAINER} peer is the same handle over a container ({@link ContainerLauncher}).
 */
public final class PythonPeerProcess implements AutoCloseable {
    private static final int KEEP = 64 * 1024;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String name;
    private final PythonInterpreter interpreter;
    private final List<String> command;
    private final Transport transport;
    private final Path dir;
    private final byte[] authkey;
    private final Process process;
    private final PeerRuntime runtime;
    private final ChildProcess child;     // STDIO only
    private final Path stderrFile;        // TCP, UNIX
    private final StringBuilder stdout = new StringBuilder();
    private final CompletableFuture<String> ready = new CompletableFuture<>();
    private volatile boolean closed;

    private PythonPeerProcess(String name, PythonInterpreter interpreter, List<String> command, Transport transport,
                              Path dir, byte[] authkey, Map<String, String> env, Process launched) throws IOException {
        this.name = name;
        this.interpreter = interpreter;
        this.command = command;
        this.transport = transport;
        this.dir = dir;
        this.authkey = authkey;
        this.stderrFile = dir.resolve("stderr.txt");
        this.runtime = launched == null ? PeerRuntime.LOCAL : PeerRuntime.CONTAINER;
        if (transport == Transport.STDIO) {  // stdin/stdout are the pipe: no READY line
            this.child = launched != null ? ChildProcess.of(launched) : ChildProcess.start(command, env, dir);
            this.process = child.process();
            ready.complete(null);
        } else if (launched != null) {
            this.child = null;
            this.process = launched;
            Thread err = new Thread(() -> copyToFile(launched.getErrorStream(), stderrFile), "python-peer-stderr " + name);
            err.setDaemon(true);
            err.start();
            Thread reader = new Thread(() -> readStdout(process.getInputStream()), "python-peer-stdout " + name);
            reader.setDaemon(true);
            reader.start();
        } else {
            ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectError(stderrFile.toFile());
            pb.environment().putAll(env);
            this.child = null;
            this.process = pb.start();
            Thread reader = new Thread(() -> readStdout(process.getInputStream()), "python-peer-stdout " + name);
            reader.setDaemon(true);
            reader.start();
        }
    }

    /** Starts the peer and waits for its readiness; a {@link PeerStartException} with its stderr if it fails. */
    public static PythonPeerProcess start(String name, PythonPeer spec, PythonInterpreter python) {
        return start(name, spec, python, PeerRuntime.resolve(spec.runtime(), null));
    }

    /** As {@link #start(String, PythonPeer, PythonInterpreter)}, in {@code runtime} (LOCAL or CONTAINER). */
    public static PythonPeerProcess start(String name, PythonPeer spec, PythonInterpreter python, PeerRuntime runtime) {
        ContainerLauncher launcher = null;
        if (runtime == PeerRuntime.CONTAINER) launcher = containerLauncher(name);
        Path dir;
        try {
            dir = Files.createTempDirectory("mpb-peer-");
        } catch (IOException e) {
            throw new PeerStartException("python peer " + name + ": cannot make a temporary directory: " + e.getMessage(), e);
        }
        byte[] key = spec.authkeyEnv().isEmpty() ? null : HexFormat.of().formatHex(randomBytes()).getBytes(StandardCharsets.UTF_8);
        Map<String, String> values = new LinkedHashMap<>();
        values.put("listen", spec.transport() == Transport.UNIX ? "unix:" + dir.resolve("peer.sock") : "tcp:127.0.0.1:0");
        values.put("dir", dir.toString());
        values.put("authkey_env", spec.authkeyEnv());
        values.put("project", Repo.project().toString());
        List<String> command = new ArrayList<>();
        command.add(python.path() == null ? "python3" : python.path().toString());  // null: a version with only an image
        for (String arg : spec.value()) command.add(substitute(arg, values));
        Map<String, String> env = environment(spec, key);
        PythonPeerProcess peer;
        Process launched = null;
        try {
            if (launcher != null) {
                launched = launcher.launch(new ContainerLauncher.Request(name, python, List.copyOf(command.subList(1, command.size())),
                        env, dir, Repo.pythonSource(), Repo.project(), spec.transport()));
                command.set(0, "python3");
                command.add(0, "[" + launched + "]");
            }
            peer = new PythonPeerProcess(name, python, List.copyOf(command), spec.transport(), dir, key, env, launched);
        } catch (IOException | RuntimeException e) {
            if (launched instanceof AutoCloseable container) {
                try {
                    container.close();
                } catch (Exception ignored) {
                    // reported below
                }
            }
            deleteTree(dir);
            throw new PeerStartException("python peer " + name + ": cannot start " + command + ": " + e.getMessage(), e);
        }
        peer.awaitReady(Duration.ofSeconds(spec.readyTimeoutSeconds()));
        return peer;
    }

    /** The container launcher, or a skip (no engine) / failure (no launcher; MPBRIDGE_REQUIRE_DOCKER=1) saying why. */
    private static ContainerLauncher containerLauncher(String name) {
        ContainerLauncher launcher = ContainerLauncher.find();
        if (launcher == null) {
            throw new PeerStartException("python peer " + name + ": runtime CONTAINER needs org.mpbridge:mpbridge-testkit-containers "
                    + "(Testcontainers) on the test class path; none found by ServiceLoader", null);
        }
        String why = launcher.unavailable();
        if (why != null) {
            String message = "python peer " + name + " in a container: " + why;
            if ("1".equals(System.getenv("MPBRIDGE_REQUIRE_DOCKER"))) {
                throw new PeerStartException("MPBRIDGE_REQUIRE_DOCKER=1: " + message, null);
            }
            throw new org.opentest4j.TestAbortedException(message + " (MPBRIDGE_REQUIRE_DOCKER=1 makes this a failure)");
        }
        return launcher;
    }

    private static void copyToFile(InputStream in, Path file) {
        try (in; java.io.OutputStream out = Files.newOutputStream(file)) {
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) > 0) {
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (IOException ignored) {
            // the peer is gone
        }
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return b;
    }

    private static String substitute(String arg, Map<String, String> values) {
        String out = arg;
        for (Map.Entry<String, String> e : values.entrySet()) out = out.replace("{" + e.getKey() + "}", e.getValue());
        return out;
    }

    private static Map<String, String> environment(PythonPeer spec, byte[] key) {
        Map<String, String> env = new LinkedHashMap<>();
        Path src = Repo.pythonSource();
        String old = System.getenv("PYTHONPATH");
        env.put("PYTHONPATH", src + (old == null || old.isEmpty() ? "" : java.io.File.pathSeparator + old));
        env.put("PYTHONIOENCODING", "utf-8");
        env.put("PYTHONUNBUFFERED", "1");
        env.put("PYTHONDONTWRITEBYTECODE", "1");
        Repo.cli().ifPresent(cli -> env.put("MPBRIDGE_CLI", cli.toString()));
        for (String kv : spec.env()) {
            int eq = kv.indexOf('=');
            if (eq <= 0) throw new IllegalArgumentException("@PythonPeer env entry must be NAME=VALUE, got " + kv);
            env.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        if (key != null) env.put(spec.authkeyEnv(), new String(key, StandardCharsets.UTF_8));
        return env;
    }

    private void readStdout(InputStream in) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (!ready.isDone() && line.startsWith("READY ")) {
                    ready.complete(line.substring("READY ".length()).trim());
                    continue;
                }
                synchronized (stdout) {
                    if (stdout.length() < KEEP) stdout.append(line).append('\n');
                }
            }
        } catch (IOException ignored) {
            // the peer is gone
        } finally {
            ready.completeExceptionally(new IOException("the peer closed its stdout without printing READY"));
        }
    }

    private void awaitReady(Duration timeout) {
        String problem;
        Throwable cause = null;
        try {
            ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return;
        } catch (TimeoutException e) {
            problem = "printed no READY line within " + timeout.toSeconds() + " s";
            cause = e;
        } catch (ExecutionException e) {
            waitQuietly();
            problem = process.isAlive() ? "closed its stdout without printing READY"
                    : "exited with code " + process.exitValue() + " before printing READY";
            cause = e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            problem = "interrupted waiting for READY";
            cause = e;
        }
        String err = stderr();
        close();
        throw new PeerStartException("python peer " + describe() + " " + problem + "; its stderr:\n" + err, cause);
    }

    private void waitQuietly() {
        try {
            process.waitFor(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The field this peer was made for, the interpreter and the command line. */
    public String describe() {
        return name + " [CPython " + interpreter.version() + (runtime == PeerRuntime.CONTAINER ? " in container" : "") + ", "
                + transport + ", pid " + process.pid() + "]: "
                + String.join(" ", command);
    }

    public PythonInterpreter interpreter() {
        return interpreter;
    }

    public Transport transport() {
        return transport;
    }

    /** LOCAL or CONTAINER. */
    public PeerRuntime runtime() {
        return runtime;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The address from the peer's {@code READY <ADDR>} line (TCP and UNIX transports). */
    public Address address() {
        if (transport == Transport.STDIO) throw new IllegalStateException(name + ": a STDIO peer has no address; use connection()");
        return Address.parse(ready.join());
    }

    /** The random authkey given to the peer through {@link PythonPeer#authkeyEnv()}, or null. */
    public byte[] authkey() {
        return authkey == null ? null : authkey.clone();
    }

    /** A new {@code multiprocessing.connection.Client} connection to the peer's address, with its authkey. */
    public Connection connect() throws IOException {
        return Client.connect(address(), authkey);
    }

    /** The test's end of a STDIO peer's pipe (the peer's stdin/stdout). */
    public Connection connection() {
        if (transport != Transport.STDIO) throw new IllegalStateException(name + ": only a STDIO peer has a pipe; use connect()");
        return child.connection();
    }

    /** What the peer wrote to stderr so far (the last 64 KiB). */
    public String stderr() {
        if (child != null) return child.stderr();
        try {
            byte[] all = Files.readAllBytes(stderrFile);
            int from = Math.max(0, all.length - KEEP);
            return new String(all, from, all.length - from, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(stderr unavailable: " + e.getMessage() + ")";
        }
    }

    /** What the peer wrote to stdout after its READY line (TCP, UNIX). */
    public String stdout() {
        synchronized (stdout) {
            return stdout.toString();
        }
    }

    /** Stops the peer and its children (TERM, then KILL after 5 s) and removes its temporary directory. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        List<ProcessHandle> tree = process.descendants().toList();
        try {
            if (child != null) {
                child.close();  // end of file on its pipe, then TERM and KILL as needed
            } else {
                process.destroy();
                if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            tree.forEach(ProcessHandle::destroyForcibly);
            if (process instanceof AutoCloseable container) {  // a container peer: remove the container
                try {
                    container.close();
                } catch (Exception ignored) {
                    // best effort; its label lets a later sweep find it
                }
            }
            deleteTree(dir);
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort
        }
    }

    @Override
    public String toString() {
        return "PythonPeerProcess(" + describe() + ")";
    }
}
