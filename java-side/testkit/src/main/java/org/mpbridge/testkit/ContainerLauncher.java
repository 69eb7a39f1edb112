package org.mpbridge.testkit;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Runs a {@link PythonPeer} in a container ({@link PeerRuntime#CONTAINER}). The implementation lives in
 * {@code mpbridge-testkit-containers} (Testcontainers), found with {@link ServiceLoader}, so the testkit itself
 * needs no Docker client.
 */
public interface ContainerLauncher {

    /** What a container peer is started from ({@code project}: the test's own project directory, for {@code {project}}). */
    record Request(String name, PythonInterpreter python, List<String> arguments, Map<String, String> environment,
                   Path directory, Path pythonSource, Path project, Transport transport) {}

    /** Null when peers can run in containers here; else why not, naming what was tried. */
    String unavailable();

    /**
     * Starts the peer ({@code python3 ARGUMENTS} in its version's image, the directory bound at its own path) and
     * returns it as a {@link Process}: stdin/stdout are the peer's (the pipe of a {@link Transport#STDIO} peer, the
     * READY line otherwise), the error stream its stderr; closing it (it is {@link AutoCloseable}) removes the
     * container.
     */
    Process launch(Request request) throws IOException;

    /** The CPython versions ({@code "3.12.1"}) that have an image here, oldest first (none when unavailable). */
    default List<String> imageVersions() {
        return List.of();
    }

    /**
     * The interpreters a container peer can use for {@code spec} ({@code "3.12"}, empty: all): those found on this
     * machine, plus (with a null path) each 3.8-3.13 version that has only an image here, so that a CI host needs
     * one CPython, not six.
     */
    static List<PythonInterpreter> interpreters(String spec) {
        List<PythonInterpreter> out = new java.util.ArrayList<>(PythonInterpreters.select(spec));
        ContainerLauncher launcher = find();
        if (launcher == null || launcher.unavailable() != null) return out;
        java.util.Set<String> minors = new java.util.HashSet<>();
        out.forEach(p -> minors.add(p.minor()));
        List<String> wanted = spec == null || spec.isBlank() ? List.of() : List.of(spec.split(","));
        for (String version : launcher.imageVersions()) {
            PythonInterpreter imageOnly = new PythonInterpreter(null, version);
            boolean selected = wanted.isEmpty() || wanted.stream().anyMatch(w -> imageOnly.matches(w.trim()));
            if (selected && minors.add(imageOnly.minor())) out.add(imageOnly);
        }
        out.sort(java.util.Comparator.comparing(PythonInterpreter::version, ContainerLauncher::compareVersions));
        return out;
    }

    private static int compareVersions(String a, String b) {
        String[] x = a.split("\\."), y = b.split("\\.");
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            int c = Integer.compare(Integer.parseInt(x[i].replaceAll("\\D.*", "0")), Integer.parseInt(y[i].replaceAll("\\D.*", "0")));
            if (c != 0) return c;
        }
        return Integer.compare(x.length, y.length);
    }

    /** The launcher on the class path, or null. */
    static ContainerLauncher find() {
        return ServiceLoader.load(ContainerLauncher.class, ContainerLauncher.class.getClassLoader()).findFirst()
                .or(() -> ServiceLoader.load(ContainerLauncher.class).findFirst()).orElse(null);
    }
}
