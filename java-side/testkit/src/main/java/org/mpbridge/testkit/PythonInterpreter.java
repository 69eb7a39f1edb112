package org.mpbridge.testkit;

import java.nio.file.Path;

/**
 * A CPython found on this machine: its executable and its version ({@code "3.12.1"}); a null path for a version
 * that only has a container image here ({@link PeerRuntime#CONTAINER} peers only).
 */
public record PythonInterpreter(Path path, String version) {
    /** {@code "3.12"}. */
    public String minor() {
        String[] p = version.split("\\.");
        return p[0] + "." + p[1];
    }

    /** Whether this is the version {@code spec} names: {@code "3.12"} matches 3.12.x, {@code "3.12.1"} only itself. */
    public boolean matches(String spec) {
        return version.equals(spec) || version.startsWith(spec + ".");
    }

    @Override
    public String toString() {
        return "CPython " + version + " (" + (path == null ? "image only" : path) + ")";
    }
}
