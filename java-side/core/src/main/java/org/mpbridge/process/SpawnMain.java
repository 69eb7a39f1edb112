package org.mpbridge.process;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mpbridge.internal.posix.FdIo;
import org.mpbridge.pickle.PyObject;
import org.mpbridge.pickle.PyTuple;

/**
 * The JVM end of CPython's spawn protocol: {@code java -cp ... org.mpbridge.process.SpawnMain --tracker-fd N
 * --pipe-handle M}, as {@code mpbridge.JavaProcess} starts it in place of {@code spawn_main(tracker_fd, pipe_handle)}.
 * Reads the preparation data and the pickled process object from the pipe, maps the arguments to Java objects
 * ({@link SpawnObjects}), instantiates {@code Process._target} (a {@link JavaTarget}) and runs it.
 *
 * <p>Exit codes as a CPython child's: 0 after {@code run} returns, {@link ProcessContext#exit(int)}'s code, 1 after an
 * uncaught exception (reported on stderr as {@code Process NAME:} and a traceback), 1 when the data cannot be read.
 */
public final class SpawnMain {
    private SpawnMain() {}

    public static void main(String[] argv) {
        // buffered, so that println is one write(2): lines of processes sharing the stdout pipe do not interleave
        System.setOut(new PrintStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8));
        int code;
        try {
            code = run(argv);
        } catch (Throwable t) {
            System.err.println("mpbridge SpawnMain: " + t);
            code = 1;
        }
        System.out.flush();
        System.err.flush();
        System.exit(code);
    }

    static int run(String[] argv) throws Exception {
        int pipeHandle = -1;
        int readyFd = -1;
        for (int i = 0; i + 1 < argv.length; i++) {
            if (argv[i].equals("--pipe-handle")) pipeHandle = Integer.parseInt(argv[i + 1]);
            if (argv[i].equals("--ready-fd")) readyFd = Integer.parseInt(argv[i + 1]);
        }
        if (pipeHandle < 0) throw new IllegalArgumentException("usage: SpawnMain --tracker-fd N --pipe-handle M");
        SpawnPayload payload = new SpawnPayload(pipeHandle);
        // the preparation data (sys.path, main module, cwd...) concerns a CPython child: read past it
        payload.next();
        Object process = payload.next();
        payload.close();
        if (!(process instanceof PyObject p) || !(p.state() instanceof Map<?, ?> state)) {
            throw new IllegalStateException("the spawn data holds no process object: " + process);
        }
        SpawnedContext ctx = SpawnedContext.from(state, new SpawnObjects());
        if (readyFd >= 0) {
            // every descriptor and semaphore is held now: the parent's start() may return (and the parent exit)
            FdIo.write(readyFd, new byte[] {'R'}, 1);
        }
        JavaTarget target;
        try {
            target = instantiate(ctx.target);
        } catch (Exception e) {
            System.err.println("Process " + ctx.name + ":");
            System.err.println("mpbridge: cannot start target " + ctx.target + ": " + e);
            return 1;
        }
        try {
            target.run(ctx);
            return 0;
        } catch (ProcessExit e) {
            return e.code();
        } catch (Throwable t) {
            System.err.println("Process " + ctx.name + ":");
            System.err.println("Traceback (most recent call last, Java):");
            t.printStackTrace(System.err);
            return 1;
        } finally {
            System.out.flush();
        }
    }

    private static JavaTarget instantiate(String className) throws Exception {
        Class<?> c = Class.forName(className, true, Thread.currentThread().getContextClassLoader());
        if (!JavaTarget.class.isAssignableFrom(c)) {
            throw new IllegalArgumentException(className + " does not implement " + JavaTarget.class.getName());
        }
        return (JavaTarget) c.getDeclaredConstructor().newInstance();
    }

    /** The process object's {@code __dict__} as a {@link ProcessContext}. */
    static final class SpawnedContext implements ProcessContext {
        final String target;
        final String name;
        private final List<Object> args;
        private final Map<String, Object> kwargs;
        private final byte[] authkey;
        private final long parentPid;
        private final boolean daemon;

        private SpawnedContext(String target, String name, List<Object> args, Map<String, Object> kwargs, byte[] authkey,
                               long parentPid, boolean daemon) {
            this.target = target;
            this.name = name;
            this.args = args;
            this.kwargs = kwargs;
            this.authkey = authkey;
            this.parentPid = parentPid;
            this.daemon = daemon;
        }

        static SpawnedContext from(Map<?, ?> state, SpawnObjects objects) throws Exception {
            Object target = state.get("_target");
            if (!(target instanceof String t)) throw new IllegalStateException("Process._target is not a class name: " + target);
            if (state.get("_config") instanceof Map<?, ?> config && objects.map(config.get("authkey")) instanceof byte[] k) {
                objects.authkey(k);
            }
            Object args = objects.map(state.get("_args"));
            Map<String, Object> kwargs = new LinkedHashMap<>();
            if (objects.map(state.get("_kwargs")) instanceof Map<?, ?> kw) {
                for (Map.Entry<?, ?> e : kw.entrySet()) kwargs.put(String.valueOf(e.getKey()), e.getValue());
            }
            byte[] authkey = new byte[0];
            boolean daemon = false;
            if (state.get("_config") instanceof Map<?, ?> config) {
                if (objects.map(config.get("authkey")) instanceof byte[] k) authkey = k;
                daemon = Boolean.TRUE.equals(config.get("daemon"));
            }
            long ppid = state.get("_parent_pid") instanceof Number n ? n.longValue() : -1;
            List<Object> argList = args instanceof PyTuple tuple ? tuple : args instanceof List<?> l ? List.copyOf(l) : List.of();
            return new SpawnedContext(t, String.valueOf(state.get("_name")), Collections.unmodifiableList(argList),
                    Collections.unmodifiableMap(kwargs), authkey, ppid, daemon);
        }

        @Override public List<Object> args() { return args; }
        @Override public Map<String, Object> kwargs() { return kwargs; }
        @Override public String name() { return name; }
        @Override public byte[] authkey() { return authkey.clone(); }
        @Override public long parentPid() { return parentPid; }
        @Override public boolean daemon() { return daemon; }
    }
}
