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

    /** What a container peer is started from. */
    record Request(String name, PythonInterpreter python, List<String> arguments, Map<String, String> environment,
                   Path directory, Path pythonSource, Transport transport) {}

    /** Null when peers can run in containers here; else why not, naming what was tried. */
    String unavailable();

    /**
     * Starts the peer ({@code python3 ARGUMENTS} in its version's image, the directory bound at its own path) and
     * returns it as a {@link Process}: stdin/stdout are the peer's (the pipe of a {@link Transport#STDIO} peer, the
     * READY line otherwise), the error stream its stderr; closing it (it is {@link AutoCloseable}) removes the
     * container.
     */
    Process launch(Request request) throws IOException;

    /** The launcher on the class path, or null. */
    static ContainerLauncher find() {
        return ServiceLoader.load(ContainerLauncher.class, ContainerLauncher.class.getClassLoader()).findFirst()
                .or(() -> ServiceLoader.load(ContainerLauncher.class).findFirst()).orElse(null);
    }
}
