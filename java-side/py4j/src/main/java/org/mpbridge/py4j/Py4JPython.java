package org.mpbridge.py4j;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Where the pure-Python py4j package is for a CPython: {@code -Dmpbridge.py4j.pythonpath} /
 * {@code $MPBRIDGE_PY4J_PYTHONPATH}, else the interpreter's own py4j, else the project virtualenv's
 * ({@code $MPBRIDGE_PYTHON}: linked into a directory of its own, so nothing else of that site-packages leaks in).
 */
final class Py4JPython {
    static final String PY4J_VERSION = "0.10.9.9";

    record Probe(String version, String py4jVersion, Path py4jPackage) {}

    private Py4JPython() {}

    static Probe probe(Path python) throws IOException {
        String code = String.join("\n", "import sys", "print(sys.version.split()[0])",
                "try:", "    import py4j, os", "    from py4j.version import __version__ as v",
                "    print(v); print(os.path.dirname(py4j.__file__))",
                "except ImportError:", "    print(''); print('')");
        Process p = new ProcessBuilder(python.toString(), "-c", code).redirectErrorStream(true).start();
        p.getOutputStream().close();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(python + " did not answer within 60 s");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted asking " + python + " for py4j", e);
        }
        List<String> out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        if (p.exitValue() != 0 || out.size() < 3) throw new IOException("cannot run " + python + ": " + String.join("\n", out));
        return new Probe(out.get(0), out.get(1), out.get(2).isEmpty() ? null : Path.of(out.get(2)));
    }

    /** The PYTHONPATH entry that gives {@code python} py4j, or null when it has the right one; made under {@code dir}. */
    static String pathFor(Probe target, Path dir) throws IOException {
        String explicit = System.getProperty("mpbridge.py4j.pythonpath", System.getenv("MPBRIDGE_PY4J_PYTHONPATH"));
        if (explicit != null && !explicit.isBlank()) return explicit;
        if (PY4J_VERSION.equals(target.py4jVersion())) return null;
        for (String venv : new String[] {System.getProperty("mpbridge.python"), System.getenv("MPBRIDGE_PYTHON")}) {
            if (venv == null || venv.isBlank() || venv.startsWith("${")) continue;
            Probe v = probe(Path.of(venv));
            if (PY4J_VERSION.equals(v.py4jVersion()) && v.py4jPackage() != null) {
                Path lib = Files.createDirectories(dir.resolve("pylib"));
                Files.createSymbolicLink(lib.resolve("py4j"), v.py4jPackage());
                return lib.toString();
            }
        }
        throw new IOException("py4j " + PY4J_VERSION + " not found for CPython " + target.version()
                + (target.py4jVersion().isEmpty() ? "" : " (it has py4j " + target.py4jVersion() + ")")
                + ": pip install py4j==" + PY4J_VERSION + " for it, or set MPBRIDGE_PY4J_PYTHONPATH to a directory holding py4j "
                + PY4J_VERSION + " (pip install --target DIR py4j==" + PY4J_VERSION + ")");
    }
}
