package org.mpbridge.testkit.containers;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Image;
import com.github.dockerjava.api.model.Volume;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.output.OutputFrame;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.ImagePullPolicy;
import org.testcontainers.images.PullPolicy;
import org.testcontainers.utility.DockerImageName;

/**
 * A CPython of a given version in a container, for a Python peer on the other side of a container boundary from a
 * Java test. Its image is the local {@code mpbridge/python:<version>} ({@code make images}; the exact version,
 * else {@code X.Y}); {@code mpbridge/} images are never pulled. The container shares what every
 * {@code multiprocessing} transport needs with the host:
 * <ul>
 *   <li>the host network (TCP on 127.0.0.1, managers): no bridge, no port mapping;</li>
 *   <li>host IPC and {@code /dev/shm} bound: shared memory segments and POSIX named semaphores are the host's;</li>
 *   <li>{@link #withHostDirectory(Path)}: a directory bound at its own path (Unix sockets, FIFOs, mmap files);</li>
 *   <li>the caller's uid:gid, so what the peer creates is the caller's (modes 0600 stay usable on both sides);</li>
 *   <li>an init process (signals reach the peer, orphans are reaped).</li>
 * </ul>
 *
 * <pre>{@code
 * try (PythonContainer py = new PythonContainer("3.12").withPythonSource(src)
 *         .withPeer("-m", "mpbridge.peers.echo_listener", "tcp:127.0.0.1:0").waitingForReady()) {
 *     py.start();
 *     try (Connection c = Client.connect(Address.parse(py.readyAddress()), null)) { ... }
 * }
 * }</pre>
 * Offline use: set {@code TESTCONTAINERS_RYUK_DISABLED=true} (Testcontainers reads it from the environment only).
 */
public class PythonContainer extends GenericContainer<PythonContainer> {
    public static final String REPOSITORY = "mpbridge/python";
    public static final String LABEL = "org.mpbridge.peer";
    /** The pid of the JVM that made the container: {@link TestcontainersLauncher} removes those of dead JVMs. */
    public static final String OWNER_LABEL = "org.mpbridge.peer.owner";
    private static final Pattern READY = Pattern.compile("(?m)^READY (\\S+)");

    /** Never pulls {@code mpbridge/} images (they are built locally); others as Testcontainers' default does. */
    public static final ImagePullPolicy NEVER_PULL_LOCAL = new ImagePullPolicy() {
        private final ImagePullPolicy fallback = PullPolicy.defaultPolicy();

        @Override
        public boolean shouldPull(DockerImageName name) {
            return !name.getRepository().startsWith("mpbridge/") && fallback.shouldPull(name);
        }
    };

    private final List<Bind> binds = new ArrayList<>();
    private final String version;

    /** The local image of CPython {@code version} ({@code "3.12.1"} or {@code "3.12"}); an error lists the images there are. */
    public PythonContainer(String version) {
        this(resolveImage(version), version);
    }

    /** Any image with {@code python3} on its PATH (e.g. {@code python:3.12-slim}). */
    public PythonContainer(DockerImageName image) {
        this(image, image.getVersionPart());
    }

    private PythonContainer(DockerImageName image, String version) {
        super(image);
        this.version = version;
        withImagePullPolicy(NEVER_PULL_LOCAL);
        withNetworkMode("host");
        withLabel(LABEL, "true");
        withLabel(OWNER_LABEL, Long.toString(ProcessHandle.current().pid()));
        waitingFor(new AbstractWaitStrategy() {  // no ports to wait for on the host network; see waitingForReady()
            @Override
            protected void waitUntilReady() {}
        });
        binds.add(new Bind("/dev/shm", new Volume("/dev/shm"), AccessMode.rw));
        withCreateContainerCmdModifier(cmd -> {
            cmd.withUser(Ids.user());
            cmd.getHostConfig().withIpcMode("host").withInit(true).withBinds(binds);
        });
    }

    public String pythonVersion() {
        return version;
    }

    /** Binds {@code dir} read-write at its own path (sockets, FIFOs, mmap files, the peer's working files). */
    public PythonContainer withHostDirectory(Path dir) {
        Path abs = dir.toAbsolutePath();
        binds.add(new Bind(abs.toString(), new Volume(abs.toString()), AccessMode.rw));
        return self();
    }

    /** Binds the test's own project directory read-only at its own path, so {@code {project}/...} scripts resolve. */
    public PythonContainer withProjectDirectory(Path dir) {
        Path abs = dir.toAbsolutePath();
        binds.add(new Bind(abs.toString(), new Volume(abs.toString()), AccessMode.ro));
        return self();
    }

    /** Binds {@code python-side/src} read-only at its own path and puts it on {@code PYTHONPATH} (never baked in). */
    public PythonContainer withPythonSource(Path src) {
        Path abs = src.toAbsolutePath();
        binds.add(new Bind(abs.toString(), new Volume(abs.toString()), AccessMode.ro));
        return withEnv("PYTHONPATH", abs.toString()).withEnv("PYTHONUNBUFFERED", "1").withEnv("PYTHONIOENCODING", "utf-8");
    }

    /** Runs {@code python3 ARGS} (docker-imported images have no CMD of their own to rely on). */
    public PythonContainer withPeer(String... args) {
        List<String> command = new ArrayList<>();
        command.add("python3");
        command.addAll(List.of(args));
        return withCommand(command.toArray(String[]::new));
    }

    /** Start waits for the peer's {@code READY <ADDR>} line on stdout (see {@link #readyAddress()}). */
    public PythonContainer waitingForReady() {
        return waitingFor(Wait.forLogMessage("READY .*\\n", 1));
    }

    /** The address of the peer's {@code READY} line, once printed. */
    public String readyAddress() {
        Matcher m = READY.matcher(getLogs(OutputFrame.OutputType.STDOUT));
        if (!m.find()) throw new IllegalStateException("the peer printed no READY line; its output:\n" + getLogs());
        return m.group(1);
    }

    List<Bind> binds() {
        return binds;
    }

    /** {@code mpbridge/python:<version>}, else {@code :X.Y}, as present on the engine; else an error naming what there is. */
    public static DockerImageName resolveImage(String version) {
        DockerClient client = DockerClientFactory.instance().client();
        String minor = String.join(".", List.of(version.split("\\.")).subList(0, Math.min(2, version.split("\\.").length)));
        List<String> tried = new ArrayList<>();
        for (String tag : new String[] {version, minor}) {
            String ref = REPOSITORY + ":" + tag;
            if (tried.contains(ref)) continue;
            tried.add(ref);
            try {
                client.inspectImageCmd(ref).exec();
                return DockerImageName.parse(ref);
            } catch (NotFoundException e) {
                // try the next
            }
        }
        String present = client.listImagesCmd().withImageNameFilter(REPOSITORY).exec().stream()
                .map(Image::getRepoTags).filter(t -> t != null).flatMap(java.util.Arrays::stream).sorted().collect(Collectors.joining(", "));
        throw new IllegalStateException("no local image for CPython " + version + ": tried " + String.join(", ", tried)
                + "; present: " + (present.isEmpty() ? "none" : present) + ". Build them with 'make images' (offline, from the "
                + "local interpreters) or 'make images IMAGES_ARGS=\"--base official\"' (pulls python:3.X-slim)");
    }

    /** uid:gid of this process (the container's user: what the peer makes is ours). */
    static final class Ids {
        private Ids() {}

        static String user() {
            try {
                Path self = Path.of("/proc/self");
                return Files.getAttribute(self, "unix:uid") + ":" + Files.getAttribute(self, "unix:gid");
            } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
                return Optional.ofNullable(System.getenv("UID")).map(u -> u + ":" + u).orElse("0:0");
            }
        }
    }
}
