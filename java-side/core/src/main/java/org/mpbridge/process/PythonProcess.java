package org.mpbridge.process;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.mpbridge.pickle.PickleCodec;
import org.mpbridge.pickle.PyGlobal;
import org.mpbridge.pickle.PyObject;
import org.mpbridge.pickle.PyTuple;

/**
 * The reverse of {@code JavaProcess}: a Java parent starts an unmodified Python function ({@code module:function})
 * as a {@code multiprocessing} child through CPython's own spawn protocol: {@code python -c 'from
 * multiprocessing.spawn import spawn_main; spawn_main(pipe_handle=0)' --multiprocessing-fork}, the preparation data
 * and a pickled {@code multiprocessing.context.SpawnProcess} written to the child's pipe (its stdin). The function
 * runs in {@code Process._bootstrap}, so its exit code, traceback and {@code current_process()} are a spawned
 * child's. Arguments: plain values and what pickles by name ({@link org.mpbridge.sem.SemLock} via
 * {@link #semLock}, shared memory by name, manager proxies); descriptors (Pipe ends) are not passed yet.
 */
public final class PythonProcess implements AutoCloseable {
    private final Process process;
    private final String name;

    private PythonProcess(Process process, String name) {
        this.process = process;
        this.name = name;
    }

    /**
     * Starts {@code python} running {@code function(*args, **kwargs)}, {@code function} as {@code "module:name"};
     * {@code sysPath}: directories to import it from (prepended to PYTHONPATH).
     */
    public static PythonProcess start(String python, String function, List<?> args, Map<String, ?> kwargs,
                                      String name, byte[] authkey, List<String> sysPath) throws IOException {
        int colon = function.indexOf(':');
        if (colon <= 0 || colon == function.length() - 1) {
            throw new IllegalArgumentException("function must be 'module:function', got " + function);
        }
        PyGlobal target = new PyGlobal(function.substring(0, colon), function.substring(colon + 1));
        PyObject key = PyObject.reduce("multiprocessing.process", "AuthenticationString", (Object) authkey);
        Map<Object, Object> prep = new LinkedHashMap<>();
        prep.put("name", name);
        // no sys_path: the parent is not CPython, so the child keeps its own (stdlib included); extra entries go on
        // PYTHONPATH below
        prep.put("sys_argv", List.of("-c"));
        prep.put("authkey", key);
        prep.put("dir", Path.of("").toAbsolutePath().toString());
        prep.put("start_method", "spawn");
        Map<Object, Object> config = new LinkedHashMap<>();
        config.put("authkey", key);
        config.put("semprefix", "/mp");
        Map<Object, Object> state = new LinkedHashMap<>();
        state.put("_identity", PyTuple.of(1));
        state.put("_config", config);
        state.put("_parent_pid", ProcessHandle.current().pid());
        state.put("_parent_name", "MainProcess");
        state.put("_popen", null);
        state.put("_closed", false);
        state.put("_target", target);
        state.put("_name", name);
        state.put("_args", PyTuple.copyOf(args));
        state.put("_kwargs", new LinkedHashMap<Object, Object>(kwargs));
        PyObject processObj = new PyObject(new PyGlobal("multiprocessing.context", "SpawnProcess"), PyTuple.EMPTY, null, true)
                .withState(state);
        byte[] first = PickleCodec.dumps(prep);
        byte[] second = PickleCodec.dumps(processObj);
        ProcessBuilder pb = new ProcessBuilder(python, "-c",
                "from multiprocessing.spawn import spawn_main; spawn_main(pipe_handle=0)", "--multiprocessing-fork")
                .redirectOutput(ProcessBuilder.Redirect.INHERIT).redirectError(ProcessBuilder.Redirect.INHERIT);
        if (!sysPath.isEmpty()) {
            List<String> path = new ArrayList<>(sysPath);
            String inherited = pb.environment().get("PYTHONPATH");
            if (inherited != null && !inherited.isEmpty()) path.add(inherited);
            pb.environment().put("PYTHONPATH", String.join(java.io.File.pathSeparator, path));
        }
        Process p = pb.start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(first);
            in.write(second);
        }
        return new PythonProcess(p, name);
    }

    /** {@code SemLock} as CPython pickles it for a spawned child: {@code (handle, kind, maxvalue, name)}. */
    public static PyObject semLock(String pythonClass, org.mpbridge.sem.SemLock lock) {
        return new PyObject(new PyGlobal("multiprocessing.synchronize", pythonClass), PyTuple.EMPTY, null, true)
                .withState(PyTuple.of(0L, lock.kind(), lock.maxvalue(), lock.name()));
    }

    public long pid() {
        return process.pid();
    }

    public String name() {
        return name;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** {@code join(timeout)}: the exit code (negative for a signal, as {@code Process.exitcode}), or null if running. */
    public Integer join(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) return null;
        return exitcode();
    }

    public Integer exitcode() {
        if (process.isAlive()) return null;
        int code = process.exitValue();
        return code > 128 && code < 160 ? -(code - 128) : code;  // Java reports death by signal N as 128 + N
    }

    /** SIGTERM, as {@code Process.terminate()}. */
    public void terminate() {
        process.destroy();
    }

    /** SIGKILL, as {@code Process.kill()}. */
    public void kill() {
        process.destroyForcibly();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly();
        }
        process.waitFor();
    }
}
