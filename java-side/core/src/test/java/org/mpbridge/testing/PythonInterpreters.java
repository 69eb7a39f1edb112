package org.mpbridge.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.opentest4j.TestAbortedException;

/**
 * CPython 3.8-3.13 for the Java-side interop tests: {@code MPBRIDGE_PYTHONS} (paths) and the pyenv versions.
 * None found is a skip with the reason, or a failure when {@code MPBRIDGE_STRICT=1} (CI).
 */
public final class PythonInterpreters {
    private PythonInterpreters() {}

    public record Python(Path path, String version) {
        public String minor() {
            String[] p = version.split("\\.");
            return p[0] + "." + p[1];
        }
    }

    public static List<Python> all() {
        Map<String, Python> byMinor = new TreeMap<>((a, b) -> Integer.compare(Integer.parseInt(a.split("\\.")[1]), Integer.parseInt(b.split("\\.")[1])));
        for (Path candidate : candidates()) {
            String v = version(candidate);
            if (v == null) continue;
            String[] p = v.split("\\.");
            if (!p[0].equals("3")) continue;
            int minor = Integer.parseInt(p[1]);
            if (minor < 8 || minor > 13) continue;
            byMinor.putIfAbsent(p[0] + "." + p[1], new Python(candidate, v));
        }
        List<Python> found = new ArrayList<>(byMinor.values());
        if (found.isEmpty()) {
            String why = "no CPython 3.8-3.13 found (MPBRIDGE_PYTHONS unset or empty, no pyenv versions)";
            if ("1".equals(System.getenv("MPBRIDGE_STRICT"))) throw new AssertionError(why + " and MPBRIDGE_STRICT=1");
            throw new TestAbortedException(why);
        }
        return found;
    }

    private static List<Path> candidates() {
        List<Path> out = new ArrayList<>();
        String env = System.getenv("MPBRIDGE_PYTHONS");
        if (env != null) for (String s : env.split("[,:]")) if (!s.isBlank()) out.add(Path.of(s.trim()));
        String root = System.getenv("PYENV_ROOT");
        Path versions = Path.of(root != null ? root : System.getProperty("user.home") + "/.pyenv", "versions");
        if (Files.isDirectory(versions)) {
            try (Stream<Path> s = Files.list(versions)) {
                s.sorted().map(v -> v.resolve("bin/python")).filter(Files::isExecutable).forEach(out::add);
            } catch (IOException ignored) {
                // nothing from pyenv
            }
        }
        return out;
    }

    private static String version(Path python) {
        try {
            Process p = new ProcessBuilder(python.toString(), "-c", "import platform; print(platform.python_version())")
                    .redirectErrorStream(true).start();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            String out = new String(p.getInputStream().readAllBytes()).trim();
            return p.exitValue() == 0 && out.matches("\\d+\\.\\d+\\.\\d+.*") ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The python-side sources, for PYTHONPATH: $MPBRIDGE_REPO/python-side/src, else found above the working dir. */
    public static Path pythonSource() {
        String repo = System.getenv("MPBRIDGE_REPO");
        if (repo != null) return Path.of(repo, "python-side", "src");
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("python-side/src/mpbridge"))) return p.resolve("python-side/src");
        }
        throw new IllegalStateException("python-side/src not found above " + Path.of("").toAbsolutePath() + "; set MPBRIDGE_REPO");
    }
}
