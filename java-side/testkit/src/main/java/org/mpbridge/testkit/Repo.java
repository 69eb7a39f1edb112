package org.mpbridge.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Where the repository's Python half and CLI are: {@code $MPBRIDGE_REPO}, else found above the working directory. */
final class Repo {
    private Repo() {}

    static Optional<Path> root() {
        String env = System.getenv("MPBRIDGE_REPO");
        if (env != null && !env.isEmpty()) return Optional.of(Path.of(env));
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("python-side/src/mpbridge"))) return Optional.of(p);
        }
        return Optional.empty();
    }

    static Path pythonSource() {
        return root().map(r -> r.resolve("python-side/src")).orElseThrow(() -> new IllegalStateException(
                "python-side/src not found above " + Path.of("").toAbsolutePath() + "; set MPBRIDGE_REPO"));
    }

    static Optional<Path> cli() {
        String env = System.getenv("MPBRIDGE_CLI");
        if (env != null && !env.isEmpty()) return Optional.of(Path.of(env));
        return root().map(r -> r.resolve("bin/mpbridge")).filter(Files::isExecutable);
    }
}
