package org.mpbridge.testkit.containers;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A Python peer running in a {@link PythonContainer}, as a {@link Process}: stdin, stdout and stderr are FIFOs in
 * the peer's bound directory (real pipes across the container boundary, no relay), the exit status and liveness
 * come from the engine, {@link #destroy()} is SIGTERM and {@link #destroyForcibly()} SIGKILL to the peer (through
 * the container's init), {@link #close()} removes the container. {@link #pid()} is the peer's host pid.
 */
final class ContainerProcess extends Process implements AutoCloseable {
    private static final long POLL_MILLIS = 20;
    private final PythonContainer container;
    private final String id;
    private final OutputStream stdin;
    private final InputStream stdout;
    private final InputStream stderr;
    private final long pid;
    private volatile Integer exitCode;
    private volatile boolean removed;

    ContainerProcess(PythonContainer container, OutputStream stdin, InputStream stdout, InputStream stderr) {
        this.container = container;
        this.id = container.getContainerId();
        this.stdin = stdin != null ? stdin : OutputStream.nullOutputStream();
        this.stdout = stdout;
        this.stderr = stderr;
        Long hostPid = null;
        try {
            hostPid = inspect().getState().getPidLong();
        } catch (RuntimeException ignored) {
            // gone already: exitValue() will say how
        }
        this.pid = hostPid == null ? -1 : hostPid;
    }

    private InspectContainerResponse inspect() {
        return container.getDockerClient().inspectContainerCmd(id).exec();
    }

    private Integer polledExit() {
        if (exitCode != null) return exitCode;
        if (removed) return exitCode = -1;
        try {
            InspectContainerResponse.ContainerState state = inspect().getState();
            if (Boolean.TRUE.equals(state.getRunning())) return null;
            Long code = state.getExitCodeLong();
            return exitCode = code == null ? -1 : code.intValue();
        } catch (NotFoundException e) {
            return exitCode = -1;
        }
    }

    @Override
    public OutputStream getOutputStream() {
        return stdin;
    }

    @Override
    public InputStream getInputStream() {
        return stdout;
    }

    @Override
    public InputStream getErrorStream() {
        return stderr;
    }

    @Override
    public int waitFor() throws InterruptedException {
        Integer code;
        while ((code = polledExit()) == null) Thread.sleep(POLL_MILLIS);  // the engine's state, polled
        return code;
    }

    @Override
    public boolean waitFor(long timeout, TimeUnit unit) throws InterruptedException {
        long end = System.nanoTime() + unit.toNanos(timeout);
        while (polledExit() == null) {
            if (System.nanoTime() >= end) return false;
            Thread.sleep(POLL_MILLIS);
        }
        return true;
    }

    @Override
    public int exitValue() {
        Integer code = polledExit();
        if (code == null) throw new IllegalThreadStateException("container " + shortId() + " is still running");
        return code;
    }

    @Override
    public boolean isAlive() {
        return polledExit() == null;
    }

    @Override
    public void destroy() {
        signal("TERM");
    }

    @Override
    public Process destroyForcibly() {
        signal("KILL");
        return this;
    }

    private void signal(String name) {
        if (polledExit() != null) return;
        try {
            container.getDockerClient().killContainerCmd(id).withSignal(name).exec();
        } catch (DockerException ignored) {
            // it exited meanwhile
        }
    }

    @Override
    public boolean supportsNormalTermination() {
        return true;
    }

    @Override
    public long pid() {
        return pid;
    }

    @Override
    public Stream<ProcessHandle> children() {
        return Stream.empty();  // whatever the peer started lives and dies with its container
    }

    @Override
    public Stream<ProcessHandle> descendants() {
        return Stream.empty();
    }

    /** Stops and removes the container (kill, then remove), closing the FIFO ends. */
    @Override
    public void close() {
        if (removed) return;
        polledExit();
        removed = true;
        Fifos.closeQuietly(stdin);
        try {
            container.stop();
        } finally {
            Fifos.closeQuietly(stdout);
            Fifos.closeQuietly(stderr);
        }
    }

    private String shortId() {
        return id == null ? "?" : id.substring(0, Math.min(12, id.length()));
    }

    @Override
    public String toString() {
        return "container " + shortId() + " of " + container.getDockerImageName();
    }
}
