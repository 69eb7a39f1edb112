package org.mpbridge.py4j;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import javax.net.SocketFactory;
import org.mpbridge.ProcessException;
import org.mpbridge.PythonException;
import org.mpbridge.pickle.PickleCodec;
import org.mpbridge.pickle.PyTuple;
import py4j.CallbackClient;
import py4j.GatewayServer;
import py4j.Py4JException;

/**
 * Java calls Python: a CPython process (3.8-3.13) joined to this JVM by Py4J, with a random auth token and
 * loopback ports chosen by the OS. Call Python functions with Java values ({@link #call}: arguments and result
 * cross as pickles through mpbridge's codec, so Python sees exact types), or take a Python object as an
 * implementation of a Java interface ({@link #proxy}: a callback; Py4J converts its arguments). Every call is
 * bounded by the timeout; {@link #close()} stops the process (stdin closed, then TERM, then KILL) and the
 * gateway's threads.
 *
 * <pre>{@code
 * try (PythonGateway py = PythonGateway.start(Path.of("/usr/bin/python3.12"))) {
 *     py.exec("import statistics");
 *     Object m = py.call("statistics.median", List.of(3, 1, 2));       // 2
 *     Comparator<String> byLen = py.proxy("type('C', (), {'compare': lambda s, a, b: len(a) - len(b)})()", Comparator.class);
 * }
 * }</pre>
 *
 * <p>Py4J's Python package comes from the interpreter, else from {@code $MPBRIDGE_PY4J_PYTHONPATH}, else from the
 * project virtualenv ({@code $MPBRIDGE_PYTHON}); see {@link Py4JPython}.
 */
public final class PythonGateway implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int KEEP = 64 * 1024;

    private final Path python;
    private final String version;
    private final Duration timeout;
    private final Path dir;
    private final GatewayServer server;
    private final Process process;
    private final StringBuilder stderr = new StringBuilder();
    private final PythonPeer peer;
    private volatile boolean closed;

    private PythonGateway(Path python, Duration timeout, List<String> pythonPath) throws IOException {
        this.python = python;
        this.timeout = timeout;
        Py4JPython.Probe probe = Py4JPython.probe(python);
        this.version = probe.version();
        this.dir = Files.createTempDirectory("mpb-py4j-");
        GatewayServer made = null;
        Process started = null;
        try {
            String py4jPath = Py4JPython.pathFor(probe, dir);
            Path script = dir.resolve("python_gateway_peer.py");
            try (InputStream in = PythonGateway.class.getResourceAsStream("python_gateway_peer.py")) {
                Files.write(script, in.readAllBytes());
            }
            byte[] raw = new byte[32];
            RANDOM.nextBytes(raw);
            String token = HexFormat.of().formatHex(raw);
            InetAddress loopback = InetAddress.getLoopbackAddress();
            int ms = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
            made = new GatewayServer.GatewayServerBuilder()
                    .javaPort(0).javaAddress(loopback).authToken(token).readTimeout(0).connectTimeout(ms)
                    .callbackClient(new CallbackClient(GatewayServer.DEFAULT_PYTHON_PORT, loopback, token, 30, TimeUnit.SECONDS,
                            SocketFactory.getDefault(), true, ms))
                    .build();
            made.start(true);
            ProcessBuilder pb = new ProcessBuilder(python.toString(), "-u", script.toString()).directory(dir.toFile());
            List<String> path = new ArrayList<>(pythonPath);
            if (py4jPath != null) path.add(py4jPath);
            String old = System.getenv("PYTHONPATH");
            if (old != null && !old.isEmpty()) path.add(old);
            if (!path.isEmpty()) pb.environment().put("PYTHONPATH", String.join(java.io.File.pathSeparator, path));
            pb.environment().put("MPBRIDGE_PY4J_PORT", Integer.toString(made.getListeningPort()));
            pb.environment().put("MPBRIDGE_PY4J_TOKEN", token);
            pb.environment().put("PYTHONIOENCODING", "utf-8");
            pb.environment().put("PYTHONDONTWRITEBYTECODE", "1");
            started = pb.start();
            Process p = started;
            Thread err = new Thread(() -> drain(p.getErrorStream()), "python-gateway-stderr");
            err.setDaemon(true);
            err.start();
            awaitReady(started);
            this.server = made;
            this.process = started;
            this.peer = (PythonPeer) made.getPythonServerEntryPoint(new Class<?>[] {PythonPeer.class});
        } catch (IOException | RuntimeException e) {
            if (started != null) stop(started);
            if (made != null) made.shutdown();
            deleteTree(dir);
            throw e;
        }
    }

    /** Starts {@code python} joined to this JVM, with a 60-second limit on its start and on every call. */
    public static PythonGateway start(Path python) throws IOException {
        return start(python, Duration.ofSeconds(60), List.of());
    }

    /** As {@link #start(Path)}, with the limit and extra {@code PYTHONPATH} entries (your modules). */
    public static PythonGateway start(Path python, Duration timeout, List<String> pythonPath) throws IOException {
        return new PythonGateway(python, timeout, pythonPath);
    }

    private void awaitReady(Process p) throws IOException {
        CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> {
            try {
                BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                for (String line; (line = r.readLine()) != null; ) if (line.startsWith("READY ")) return line;
                return null;
            } catch (IOException e) {
                return null;
            }
        });
        try {
            String line = ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (line == null) {
                p.waitFor(5, TimeUnit.SECONDS);
                throw new ProcessException("CPython " + version + " (" + python + ") ended before its Py4J gateway was ready; stderr:\n" + stderr());
            }
        } catch (TimeoutException e) {
            throw new InterruptedIOException("CPython " + version + " printed no READY within " + timeout.toSeconds() + " s; stderr:\n" + stderr());
        } catch (ExecutionException e) {
            throw new ProcessException("reading the Python gateway's stdout: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted waiting for the Python gateway");
        }
    }

    private void drain(InputStream in) {
        byte[] buf = new byte[4096];
        try {
            for (int n; (n = in.read(buf)) > 0; ) {
                synchronized (stderr) {
                    stderr.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                    if (stderr.length() > KEEP) stderr.delete(0, stderr.length() - KEEP);
                }
            }
        } catch (IOException ignored) {
            // the process is gone
        }
    }

    /** The CPython's version, {@code 3.12.1}. */
    public String pythonVersion() {
        return version;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** What the Python process wrote to stderr (the last 64 KiB). */
    public String stderr() {
        synchronized (stderr) {
            return stderr.toString();
        }
    }

    /** Calls what {@code callable} evaluates to in the peer's globals ({@code "math.gcd"} after {@code exec("import math")}). */
    public Object call(String callable, Object... args) throws IOException {
        byte[] pickled = PickleCodec.dumps(PyTuple.copyOf(Arrays.asList(args)));
        return decode(remote(() -> peer.call(callable, pickled)));
    }

    /** The value of a Python expression in the peer's globals. */
    public Object eval(String expression) throws IOException {
        return decode(remote(() -> peer.eval(expression)));
    }

    /** Runs statements in the peer's globals. */
    public void exec(String code) throws IOException {
        decode(remote(() -> peer.exec(code)));
    }

    /**
     * The Python object {@code expression} evaluates to, as an implementation of {@code javaInterface}: each call
     * of an interface method calls the Python method of that name (Py4J converts the arguments: primitives,
     * strings, Java objects by reference). Calls are bounded by the gateway's timeout.
     */
    public <T> T proxy(String expression, Class<T> javaInterface) throws IOException {
        if (!javaInterface.isInterface()) throw new IllegalArgumentException(javaInterface + " is not an interface");
        return javaInterface.cast(remote(() -> peer.object(expression, javaInterface.getName())));
    }

    private interface Remote<T> {
        T run();
    }

    private <T> T remote(Remote<T> call) throws IOException {
        if (closed) throw new ProcessException("this PythonGateway is closed");
        try {
            return call.run();
        } catch (Py4JException e) {
            String why = String.valueOf(e.getMessage());
            if (!process.isAlive()) throw new ProcessException("CPython " + version + " has exited (" + process.exitValue() + "); stderr:\n" + stderr(), e);
            if (timedOut(e)) {
                throw new InterruptedIOException("CPython " + version + " did not answer within " + timeout.toSeconds() + " s");
            }
            throw new ProcessException("Py4J: " + why, e);
        }
    }

    private static boolean timedOut(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof java.net.SocketTimeoutException || String.valueOf(c.getMessage()).contains("Read timed out")) return true;
        }
        return false;
    }

    private Object decode(byte[] reply) throws IOException {
        Object value = PickleCodec.loads(reply, 1, reply.length - 1);
        if (reply[0] == 0) return value;
        List<?> error = (List<?>) value;
        @SuppressWarnings("unchecked")
        List<Object> args = (List<Object>) error.get(1);
        throw new PythonException((String) error.get(0), args, (String) error.get(2));
    }

    /** Ends the Python process (its stdin closed: it shuts its gateway down; TERM, then KILL if it lingers) and the Java gateway. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        try {
            stop(process);
        } finally {
            server.shutdown();
            deleteTree(dir);
        }
    }

    private static void stop(Process p) {
        List<ProcessHandle> tree = p.descendants().toList();
        try {
            p.getOutputStream().close();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroy();
                if (!p.waitFor(5, TimeUnit.SECONDS)) p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (IOException e) {
            p.destroyForcibly();
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            tree.forEach(ProcessHandle::destroyForcibly);
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
        } catch (IOException ignored) {
            // best effort
        }
    }

    @Override
    public String toString() {
        return "PythonGateway(CPython " + version + ", " + python + ", pid " + process.pid() + ")";
    }
}
