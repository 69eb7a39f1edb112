package org.mpbridge.testkit.containers;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.mpbridge.connection.NamedPipe;
import org.mpbridge.testkit.ContainerLauncher;
import org.mpbridge.testkit.Transport;
import org.testcontainers.DockerClientFactory;

/**
 * The testkit's {@link org.mpbridge.testkit.PeerRuntime#CONTAINER}: each peer a {@link PythonContainer} of its
 * CPython's image, its directory bound at its own path, its stdin/stdout/stderr FIFOs in that directory
 * ({@code sh -c 'exec python3 ARGS <stdin >stdout 2>stderr'}), so a STDIO peer's pipe is a real pipe.
 */
public final class TestcontainersLauncher implements ContainerLauncher {
    static final String STDIN = ".mpb-stdin", STDOUT = ".mpb-stdout", STDERR = ".mpb-stderr";
    private static final Duration OPEN_TIMEOUT = Duration.ofSeconds(60);
    private static final String WRAPPER = "d=\"$1\"; i=\"$2\"; shift 2; exec \"$@\" <\"$i\" >\"$d/" + STDOUT + "\" 2>\"$d/" + STDERR + "\"";
    private static volatile String unavailable;
    private static volatile boolean checked;

    @Override
    public String unavailable() {
        if (!checked) {
            synchronized (TestcontainersLauncher.class) {
                if (!checked) {
                    unavailable = EngineCheck.problem();
                    checked = true;
                    if (unavailable == null) removeOrphans();
                }
            }
        }
        return unavailable;
    }

    @Override
    public List<String> imageVersions() {
        if (unavailable() != null) return List.of();
        List<String> out = new ArrayList<>();
        for (var image : DockerClientFactory.instance().client().listImagesCmd().withImageNameFilter(PythonContainer.REPOSITORY).exec()) {
            for (String tag : image.getRepoTags() == null ? new String[0] : image.getRepoTags()) {
                String version = tag.substring(tag.lastIndexOf(':') + 1);
                if (!version.matches("\\d+\\.\\d+\\.\\d+")) continue;
                String[] p = version.split("\\.");
                int major = Integer.parseInt(p[0]), minor = Integer.parseInt(p[1]);
                if (major == 3 && minor >= 8 && minor <= 13 && !out.contains(version)) out.add(version);
            }
        }
        return out;
    }

    @Override
    public Process launch(Request request) throws IOException {
        Path dir = request.directory();
        boolean stdio = request.transport() == Transport.STDIO;
        NamedPipe.create(dir.resolve(STDOUT));
        NamedPipe.create(dir.resolve(STDERR));
        if (stdio) NamedPipe.create(dir.resolve(STDIN));
        List<String> command = new ArrayList<>(List.of("/bin/sh", "-c", WRAPPER, "mpbridge-peer", dir.toString(),
                stdio ? dir.resolve(STDIN).toString() : "/dev/null", "python3"));
        command.addAll(request.arguments());
        PythonContainer container;
        try {
            container = new PythonContainer(request.python().version());
        } catch (RuntimeException e) {
            throw new IOException(e.getMessage(), e);
        }
        container.withHostDirectory(dir).withProjectDirectory(request.project()).withPythonSource(request.pythonSource())
                .withEnv(request.environment())
                .withWorkingDirectory(dir.toString()).withLabel(PythonContainer.LABEL + ".name", request.name())
                .withCommand(command.toArray(String[]::new));
        FileOutputStream stdin = null;
        FileInputStream stdout = null;
        FileInputStream stderr = null;
        try {
            container.start();
            String what = "python peer " + request.name() + " in " + container.getDockerImageName();
            if (stdio) stdin = Fifos.writer(dir.resolve(STDIN), OPEN_TIMEOUT, what);  // the order the shell opens them
            stdout = Fifos.reader(dir.resolve(STDOUT), OPEN_TIMEOUT, what);
            stderr = Fifos.reader(dir.resolve(STDERR), OPEN_TIMEOUT, what);
            return new ContainerProcess(container, stdin, stdout, stderr);
        } catch (IOException | RuntimeException e) {
            String logs = "";
            try {
                logs = container.getContainerId() == null ? "" : container.getLogs();
            } catch (RuntimeException ignored) {
                // no logs
            }
            Fifos.closeQuietly(stdin);
            Fifos.closeQuietly(stdout);
            Fifos.closeQuietly(stderr);
            container.stop();
            throw new IOException("python peer " + request.name() + ": container " + container.getDockerImageName() + " failed: "
                    + e.getMessage() + (logs.isBlank() ? "" : "; its output:\n" + logs), e);
        }
    }

    /**
     * Removes peer containers whose JVM is gone (killed before its shutdown hook ran: without Ryuk nothing else
     * would). Containers of live JVMs, this one's included, are left alone.
     */
    static void removeOrphans() {
        try {
            var client = DockerClientFactory.instance().client();
            for (var c : client.listContainersCmd().withShowAll(true).withLabelFilter(List.of(PythonContainer.LABEL)).exec()) {
                String owner = c.getLabels() == null ? null : c.getLabels().get(PythonContainer.OWNER_LABEL);
                boolean alive;
                try {
                    alive = owner != null && ProcessHandle.of(Long.parseLong(owner)).map(ProcessHandle::isAlive).orElse(false);
                } catch (NumberFormatException e) {
                    alive = false;
                }
                if (!alive) client.removeContainerCmd(c.getId()).withForce(true).exec();
            }
        } catch (RuntimeException ignored) {
            // best effort: a container removed meanwhile, or an engine that went away
        }
    }

    /** Why containers cannot run here: no engine (what was tried), or Ryuk on with no image (offline). */
    static final class EngineCheck {
        private EngineCheck() {}

        static String problem() {
            String tcProblem;
            try {
                DockerClientFactory.instance().client();
                tcProblem = null;
            } catch (Throwable e) {  // Testcontainers' own discovery: IllegalStateException naming the strategies
                tcProblem = e.getClass().getSimpleName() + ": " + e.getMessage();
            }
            if (tcProblem != null) {
                String host = System.getenv("DOCKER_HOST");
                Path sock = Path.of("/var/run/docker.sock");
                return "no Docker engine found. Tried: DOCKER_HOST=" + (host == null ? "(unset)" : host)
                        + "; " + sock + (Files.exists(sock) ? " (exists, no engine answered)" : " (no such socket)")
                        + "; Testcontainers' discovery (~/.testcontainers.properties, environment): " + tcProblem
                        + ". Start one with 'make docker'";
            }
            if (!"true".equalsIgnoreCase(System.getenv("TESTCONTAINERS_RYUK_DISABLED"))) {
                boolean ryukLocal = !DockerClientFactory.instance().client().listImagesCmd()
                        .withImageNameFilter("testcontainers/ryuk").exec().isEmpty();
                if (!ryukLocal) {
                    return "Testcontainers' Ryuk is on (TESTCONTAINERS_RYUK_DISABLED is not true) and its image "
                            + "testcontainers/ryuk is not on the engine, so it would be pulled: offline, set "
                            + "TESTCONTAINERS_RYUK_DISABLED=true in the test's environment (surefire environmentVariables)";
                }
            }
            return null;
        }
    }
}
