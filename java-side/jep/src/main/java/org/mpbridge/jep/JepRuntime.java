package org.mpbridge.jep;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jep.MainInterpreter;
import jep.PyConfig;

/**
 * The CPython that Jep embeds in this JVM and where Jep's native library is. Found once per JVM (Jep can load
 * one libpython, once): {@code -Dmpbridge.jep.python} / {@code $MPBRIDGE_JEP_PYTHON}, else
 * {@code -Dmpbridge.python} / {@code $MPBRIDGE_PYTHON} (the project's virtualenv), else {@code python3} on PATH.
 * The native library is {@code <site-packages>/jep/libjep.so} of that interpreter (or {@code -Dmpbridge.jep.library}).
 */
public final class JepRuntime {
    /** The Jep release of the jar on the classpath; pip's native part must be the same (a mismatch can crash the JVM). */
    public static final String JEP_VERSION = "4.3.1";

    /** The interpreter found: its executable, version ({@code 3.11.7}), Jep's directory in its site-packages. */
    public record Found(Path python, String version, Path jepDirectory) {
        public Path library() {
            String prop = System.getProperty("mpbridge.jep.library");
            return prop != null && !prop.isBlank() ? Path.of(prop) : jepDirectory.resolve("libjep.so");
        }
    }

    private static Found found;
    private static RuntimeException failure;

    private JepRuntime() {}

    /** Finds the interpreter and loads libjep (once); a {@link JepUnavailableException} says what is missing. */
    public static synchronized Found load() {
        if (found != null) return found;
        if (failure != null) throw failure;
        try {
            Found f = probe(interpreter());
            MainInterpreter.setJepLibraryPath(f.library().toString());
            // the program name makes CPython find the virtualenv's pyvenv.cfg: its site-packages (jep itself) on sys.path
            MainInterpreter.setInitParams(new PyConfig().setProgramName(f.python().toString()));
            found = f;
            return f;
        } catch (RuntimeException e) {
            failure = e;
            throw e;
        }
    }

    /** True when {@link #load()} succeeds; for tests that skip with {@link #whyUnavailable()}. */
    public static boolean available() {
        try {
            load();
            return true;
        } catch (JepUnavailableException e) {
            return false;
        }
    }

    /** The reason Jep cannot run, or null. */
    public static String whyUnavailable() {
        try {
            load();
            return null;
        } catch (JepUnavailableException e) {
            return e.getMessage();
        }
    }

    static String interpreter() {
        for (String v : new String[] {System.getProperty("mpbridge.jep.python"), System.getenv("MPBRIDGE_JEP_PYTHON"),
                System.getProperty("mpbridge.python"), System.getenv("MPBRIDGE_PYTHON")}) {
            if (v != null && !v.isBlank() && !v.startsWith("${")) return v;
        }
        return "python3";
    }

    private static final String PROBE = String.join("\n",
            "import sys, os, sysconfig, importlib.util",
            "print(sys.version.split()[0])",
            "print(sys.executable)",
            "print(int(bool(sysconfig.get_config_var('Py_ENABLE_SHARED'))))",
            "spec = importlib.util.find_spec('jep')",
            "print(os.path.dirname(spec.origin) if spec and spec.origin else '')");

    static Found probe(String python) {
        List<String> out;
        try {
            Process p = new ProcessBuilder(python, "-I", "-c", PROBE).redirectErrorStream(true).start();
            p.getOutputStream().close();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new JepUnavailableException("Jep: " + python + " did not answer within 60 s");
            }
            out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            if (p.exitValue() != 0 || out.size() < 4) {
                throw new JepUnavailableException("Jep: cannot ask " + python + " where jep is: " + String.join("\n", out));
            }
        } catch (IOException e) {
            throw new JepUnavailableException("Jep needs a CPython >= 3.10 with jep==" + JEP_VERSION + "; cannot run "
                    + python + " (" + e.getMessage() + "); set -Dmpbridge.jep.python or MPBRIDGE_JEP_PYTHON", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JepUnavailableException("Jep: interrupted asking " + python + " where jep is", e);
        }
        String version = out.get(0);
        Path exe = Path.of(out.get(1));
        String install = "JAVA_HOME=" + javaHome() + " " + exe + " -m pip install --no-cache-dir --no-build-isolation jep=="
                + JEP_VERSION + "   (with wheel installed; `make build` does this for the project's .venv)";
        String[] v = version.split("\\.");
        if (Integer.parseInt(v[0]) < 3 || (Integer.parseInt(v[0]) == 3 && Integer.parseInt(v[1]) < 10)) {
            throw new JepUnavailableException("Jep " + JEP_VERSION + " needs CPython >= 3.10; " + exe + " is " + version
                    + " (set -Dmpbridge.jep.python or MPBRIDGE_JEP_PYTHON to a newer one)");
        }
        if (!"1".equals(out.get(2))) {
            throw new JepUnavailableException("Jep needs a shared libpython; CPython " + version + " at " + exe
                    + " was built without --enable-shared (rebuild it with PYTHON_CONFIGURE_OPTS=--enable-shared)");
        }
        if (out.get(3).isEmpty()) {
            throw new JepUnavailableException("Jep is not installed for CPython " + version + " (" + exe + "); install it: " + install);
        }
        Path dir = Path.of(out.get(3));
        String pipVersion = pipVersion(dir);
        if (!JEP_VERSION.equals(pipVersion)) {
            throw new JepUnavailableException("Jep's native part for CPython " + version + " is " + pipVersion + " but the jar is "
                    + JEP_VERSION + " (a mismatch can crash the JVM); install the matching one: " + install);
        }
        if (!Files.exists(dir.resolve("libjep.so"))) {
            throw new JepUnavailableException("Jep " + pipVersion + " for CPython " + version + " has no libjep.so in " + dir
                    + "; reinstall it: " + install);
        }
        return new Found(exe, version, dir);
    }

    private static String pipVersion(Path jepDir) {
        try {
            for (String line : Files.readAllLines(jepDir.resolve("version.py"))) {
                if (line.startsWith("__VERSION__")) return line.substring(line.indexOf('=') + 1).trim().replace("'", "").replace("\"", "");
            }
        } catch (IOException ignored) {
            // reported as unknown
        }
        return "unknown";
    }

    private static String javaHome() {
        String env = System.getenv("JAVA_HOME");
        return env != null && !env.isBlank() ? env : System.getProperty("java.home");
    }
}
