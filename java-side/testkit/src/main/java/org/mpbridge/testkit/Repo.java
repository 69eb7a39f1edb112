package org.mpbridge.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the Python helpers and the CLI come from. By default the helpers are the copy inside this jar
 * ({@link BundledPython}); {@code $MPBRIDGE_REPO} (a developer override) points at a checkout instead, whose
 * {@code python-side/src} and {@code bin/mpbridge} are used as they are.
 */
final class Repo {
    private Repo() {}

    /** The checkout named by {@code $MPBRIDGE_REPO}, if set. */
    static Optional<Path> root() {
        String env = System.getenv("MPBRIDGE_REPO");
        if (env != null && !env.isEmpty()) return Optional.of(Path.of(env));
        return Optional.empty();
    }

    /** The directory to put on the peers' {@code PYTHONPATH}: it holds the {@code mpbridge} package. */
    static Path pythonSource() {
        Optional<Path> root = root();
        if (root.isPresent()) {
            Path src = root.get().resolve("python-side/src");
            if (!Files.isDirectory(src.resolve("mpbridge"))) {
                throw new IllegalStateException("MPBRIDGE_REPO=" + root.get() + " has no python-side/src/mpbridge; "
                        + "unset MPBRIDGE_REPO to use the helpers inside the mpbridge-testkit jar");
            }
            return src;
        }
        return BundledPython.directory();
    }

    /** The mpbridge CLI, for peers that start Java themselves: {@code $MPBRIDGE_CLI}, else the checkout's. */
    static Optional<Path> cli() {
        String env = System.getenv("MPBRIDGE_CLI");
        if (env != null && !env.isEmpty()) return Optional.of(Path.of(env));
        return root().map(r -> r.resolve("bin/mpbridge")).filter(Files::isExecutable);
    }

    /**
     * The test's own project directory: system property {@code mpbridge.project} if set, else Maven's {@code basedir}
     * (surefire sets it), else the working directory.
     */
    static Path project() {
        String basedir = System.getProperty("mpbridge.project", System.getProperty("basedir"));
        return Path.of(basedir != null && !basedir.isEmpty() ? basedir : System.getProperty("user.dir")).toAbsolutePath().normalize();
    }
}
