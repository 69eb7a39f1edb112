package org.mpbridge.testkit;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The CPython 3.8-3.13 interpreters on this machine, found as the Python half finds them
 * ({@code mpbridge.interpreters}): {@code MPBRIDGE_PYTHONS} (paths, ':' or ',' separated) when set, and then only
 * those; otherwise the pyenv versions, then {@code python3.X} on PATH; one per minor version, the first found. Every candidate not taken is kept with the
 * reason, so that "no Python" can say what was tried.
 */
public final class PythonInterpreters {
    private static final int MIN_MINOR = 8;
    private static final int MAX_MINOR = 13;
    private static volatile Discovery cached;

    private PythonInterpreters() {}

    /** What discovery found, and every candidate it passed over with the reason. */
    public record Discovery(List<PythonInterpreter> found, List<String> skipped) {
        /** "tried: A (reason); B (reason)" for error messages. */
        public String describeAttempts() {
            return skipped.isEmpty() ? "no candidates (MPBRIDGE_PYTHONS unset, no pyenv versions, no python3.X on PATH)"
                    : "tried: " + String.join("; ", skipped);
        }
    }

    /** Discovery, done once per JVM. */
    public static Discovery discover() {
        Discovery d = cached;
        if (d == null) {
            d = discoverNow();
            cached = d;
        }
        return d;
    }

    public static List<PythonInterpreter> all() {
        return discover().found();
    }

    /** The interpreters matching {@code spec} ({@code ""}: all; {@code "3.12"}; {@code "3.9,3.12"}). */
    public static List<PythonInterpreter> select(String spec) {
        if (spec == null || spec.isBlank()) return all();
        List<PythonInterpreter> out = new ArrayList<>();
        for (PythonInterpreter p : all()) {
            for (String s : spec.split(",")) {
                if (p.matches(s.trim())) {
                    out.add(p);
                    break;
                }
            }
        }
        return out;
    }

    /** The newest interpreter matching {@code spec}; an {@link IllegalStateException} saying what was tried if none. */
    public static PythonInterpreter require(String spec) {
        List<PythonInterpreter> found = select(spec);
        if (found.isEmpty()) {
            String what = spec == null || spec.isBlank() ? "CPython 3.8-3.13" : "CPython " + spec;
            throw new IllegalStateException("no " + what + " found; " + discover().describeAttempts()
                    + (all().isEmpty() ? "" : "; found: " + all().stream().map(PythonInterpreter::version).toList())
                    + ". Set MPBRIDGE_PYTHONS or install it with pyenv.");
        }
        return found.get(found.size() - 1);
    }

    private static Discovery discoverNow() {
        Map<String, PythonInterpreter> byMinor = new LinkedHashMap<>();
        List<String> skipped = new ArrayList<>();
        Set<Path> seen = new LinkedHashSet<>();
        for (Path candidate : candidates()) {
            Path real;
            try {
                real = candidate.toRealPath();
            } catch (IOException e) {
                skipped.add(candidate + " (does not exist)");
                continue;
            }
            if (!seen.add(real)) continue;
            String version = probe(candidate);
            if (version == null) {
                skipped.add(candidate + " (does not run as CPython)");
                continue;
            }
            String[] p = version.split("\\.");
            int major = Integer.parseInt(p[0]);
            int minor = Integer.parseInt(p[1]);
            if (major != 3 || minor < MIN_MINOR || minor > MAX_MINOR) {
                skipped.add(candidate + " (CPython " + version + " is outside 3." + MIN_MINOR + "-3." + MAX_MINOR + ")");
                continue;
            }
            String key = major + "." + minor;
            if (byMinor.containsKey(key)) {
                skipped.add(candidate + " (CPython " + version + ": " + byMinor.get(key).path() + " already chosen)");
                continue;
            }
            byMinor.put(key, new PythonInterpreter(candidate, version));
        }
        List<PythonInterpreter> found = new ArrayList<>(byMinor.values());
        found.sort(Comparator.comparingInt(i -> Integer.parseInt(i.version().split("\\.")[1])));
        return new Discovery(List.copyOf(found), List.copyOf(skipped));
    }

    private static List<Path> candidates() {
        List<Path> out = new ArrayList<>();
        String env = System.getenv("MPBRIDGE_PYTHONS");
        if (env != null) {
            for (String s : env.split("[,:]")) if (!s.isBlank()) out.add(Path.of(s.trim()));
        }
        if (!out.isEmpty()) return out;  // pinned: exactly these interpreters, no discovery
        String root = System.getenv("PYENV_ROOT");
        Path versions = Path.of(root != null ? root : System.getProperty("user.home") + "/.pyenv", "versions");
        if (Files.isDirectory(versions)) {
            try (Stream<Path> s = Files.list(versions)) {
                s.sorted().map(v -> v.resolve("bin/python")).filter(Files::isExecutable).forEach(out::add);
            } catch (IOException ignored) {
                // nothing from pyenv
            }
        }
        String path = System.getenv("PATH");
        for (int minor = MIN_MINOR; minor <= MAX_MINOR && path != null; minor++) {
            for (String dir : path.split(File.pathSeparator)) {
                Path exe = Path.of(dir, "python3." + minor);
                if (Files.isExecutable(exe)) {
                    out.add(exe);
                    break;
                }
            }
        }
        return out;
    }

    private static String probe(Path python) {
        try {
            Process p = new ProcessBuilder(python.toString(), "-c",
                    "import platform; print(platform.python_implementation(), platform.python_version())")
                    .redirectErrorStream(true).start();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            String[] out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim().split("\\s+");
            if (p.exitValue() != 0 || out.length != 2 || !out[0].equals("CPython") || !out[1].matches("\\d+\\.\\d+\\.\\d+.*")) {
                return null;
            }
            return out[1].replaceAll("\\+$", "");
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
