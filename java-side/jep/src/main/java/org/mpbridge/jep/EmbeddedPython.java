package org.mpbridge.jep;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import jep.Interpreter;
import jep.JepException;
import jep.SharedInterpreter;
import org.mpbridge.ProcessException;
import org.mpbridge.PythonException;
import org.mpbridge.pickle.PickleCodec;
import org.mpbridge.pickle.PyTuple;

/**
 * A CPython inside this JVM (Jep): one interpreter with its own globals, living on its own thread, so any
 * thread may call it (Jep's thread affinity stays inside). Values cross as pickles through {@link PickleCodec}
 * in both directions, so Python sees exactly the types of the README's type table (a {@code PyTuple} is a
 * tuple, a {@code byte[]} is bytes) and Java gets them back the same way. A Python exception is a
 * {@link PythonException} with its type, args and traceback.
 *
 * <pre>{@code
 * try (EmbeddedPython py = EmbeddedPython.start()) {
 *     py.exec("import math");
 *     Object r = py.call("math.gcd", 12, 18);          // 6 (an Integer)
 *     Object t = py.eval("(1, b'x', {2.5})");          // PyTuple[1, byte[]{'x'}, LinkedHashSet[2.5]]
 * }
 * }</pre>
 *
 * <p>All instances in a JVM share one CPython (Jep's {@code SharedInterpreter}: modules and {@code sys} are
 * shared, globals are not); which CPython is {@link JepRuntime}'s choice. Calls queue on the interpreter's
 * thread; a call that outlives its timeout throws {@link InterruptedIOException} (Python code cannot be
 * interrupted: it runs on, and the next call waits for it).
 */
public final class EmbeddedPython implements AutoCloseable {
    private static final AtomicInteger COUNT = new AtomicInteger();
    private static final String BOOTSTRAP = resource("bootstrap.py");

    private final ExecutorService thread;
    private final Interpreter interpreter;
    private final Duration timeout;
    private final String version;
    private volatile boolean closed;

    private EmbeddedPython(Duration timeout) throws IOException {
        JepRuntime.Found runtime = JepRuntime.load();
        this.version = runtime.version();
        this.timeout = timeout;
        String name = "mpbridge-jep-" + COUNT.incrementAndGet();
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        Interpreter made;
        try {
            made = thread.submit(() -> {
                SharedInterpreter i = new SharedInterpreter();
                i.exec(BOOTSTRAP);
                return i;
            }).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            thread.shutdownNow();
            Throwable c = e.getCause();
            if (c instanceof UnsatisfiedLinkError || c instanceof JepException) {
                throw new JepUnavailableException("Jep could not start CPython " + runtime.version() + " from " + runtime.library()
                        + ": " + c.getMessage(), c);
            }
            throw new ProcessException("Jep could not start CPython " + runtime.version() + ": " + c, c);
        } catch (TimeoutException e) {
            thread.shutdownNow();
            throw new ProcessException("Jep did not start CPython within " + timeout.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            thread.shutdownNow();
            Thread.currentThread().interrupt();
            throw new ProcessException("interrupted starting Jep", e);
        }
        this.interpreter = made;
    }

    /** Starts an interpreter with a 5-minute limit per call. */
    public static EmbeddedPython start() throws IOException {
        return start(Duration.ofMinutes(5));
    }

    /** Starts an interpreter; {@code timeout} bounds its start and every call. */
    public static EmbeddedPython start(Duration timeout) throws IOException {
        return new EmbeddedPython(timeout);
    }

    /** The embedded CPython's version, {@code 3.11.7}. */
    public String pythonVersion() {
        return version;
    }

    /** Runs statements in this interpreter's globals. */
    public void exec(String code) throws IOException {
        request("exec", code, null);
    }

    /** The value of a Python expression, decoded as {@link PickleCodec#loads} decodes. */
    public Object eval(String expression) throws IOException {
        return request("eval", expression, null);
    }

    /** Calls what {@code callable} evaluates to ({@code "json.dumps"}, {@code "obj.method"}) with these arguments. */
    public Object call(String callable, Object... args) throws IOException {
        return request("call", callable, PickleCodec.dumps(PyTuple.copyOf(Arrays.asList(args))));
    }

    /** Binds a global to a value (encoded as {@link PickleCodec#dumps} encodes). */
    public void set(String name, Object value) throws IOException {
        request("set", name, PickleCodec.dumps(value));
    }

    /** Runs {@code work} on the interpreter's thread with Jep's own interpreter (Jep's conversions, not pickles). */
    public <T> T withInterpreter(JepWork<T> work) throws IOException {
        return onThread(() -> work.run(interpreter));
    }

    /** Work for {@link #withInterpreter}. */
    @FunctionalInterface
    public interface JepWork<T> {
        T run(Interpreter interpreter) throws Exception;
    }

    private Object request(String kind, String text, byte[] payload) throws IOException {
        String latin1 = payload == null ? null : new String(payload, StandardCharsets.ISO_8859_1);
        byte[] reply = onThread(() -> (byte[]) interpreter.invoke("_mpb_run", kind, text, latin1));
        Object value = PickleCodec.loads(reply, 1, reply.length - 1);
        if (reply[0] == 0) return value;
        List<?> error = (List<?>) value;
        throw new PythonException((String) error.get(0), castList(error.get(1)), (String) error.get(2));
    }

    @SuppressWarnings("unchecked")
    private static List<Object> castList(Object o) {
        return (List<Object>) o;
    }

    private <T> T onThread(Callable<T> work) throws IOException {
        if (closed) throw new ProcessException("this EmbeddedPython is closed");
        Future<T> f = thread.submit(work);
        try {
            return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new InterruptedIOException("embedded CPython did not answer within " + timeout.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted waiting for the embedded CPython");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IOException io) throw io;
            if (c instanceof RuntimeException re) throw re;
            if (c instanceof Error err) throw err;
            throw new ProcessException("embedded CPython: " + c.getMessage(), c);
        }
    }

    /** Closes the interpreter on its thread and ends the thread (bounded by the timeout). Idempotent. */
    @Override
    public void close() {
        if (closed) return;
        try {
            onThread(() -> {
                interpreter.close();
                return null;
            });
        } catch (IOException | RuntimeException ignored) {
            // the thread goes anyway
        } finally {
            closed = true;
            thread.shutdown();
            try {
                if (!thread.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) thread.shutdownNow();
            } catch (InterruptedException e) {
                thread.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
    }

    private static String resource(String name) {
        try (InputStream in = EmbeddedPython.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("missing resource " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
