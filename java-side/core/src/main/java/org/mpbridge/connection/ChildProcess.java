package org.mpbridge.connection;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.mpbridge.transport.StreamTransport;

/**
 * A child process whose stdin and stdout are a {@link Connection} to it (the seeds' {@code Pipe()} between a
 * Java parent and, say, a Python child). The child's stderr is kept (the last 64 KiB) for error messages.
 * {@link #close()} closes the connection, waits briefly for the child to exit, then kills it.
 */
public final class ChildProcess implements Closeable {
    private static final int STDERR_KEEP = 64 * 1024;
    private final Process process;
    private final Connection connection;
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final Thread stderrPump;

    private ChildProcess(Process process) {
        this.process = process;
        this.connection = new Connection(new StreamTransport(process.getInputStream(), process.getOutputStream(),
                "child pid " + process.pid()), true, true, ConnectionOptions.defaults());
        this.stderrPump = new Thread(() -> pump(process.getErrorStream()), "mpbridge-stderr pid " + process.pid());
        stderrPump.setDaemon(true);
        stderrPump.start();
    }

    public static ChildProcess start(List<String> command) throws IOException {
        return start(command, Map.of());
    }

    public static ChildProcess start(List<String> command, Map<String, String> environment) throws IOException {
        return start(command, environment, null);
    }

    /** As {@link #start(List, Map)}, in {@code directory} (null: this process's working directory). */
    public static ChildProcess start(List<String> command, Map<String, String> environment, Path directory) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(environment);
        if (directory != null) pb.directory(directory.toFile());
        return new ChildProcess(pb.start());
    }

    /**
     * A process started some other way (e.g. a Python peer in a container whose stdin/stdout are that process's
     * streams) as a child: its stdin/stdout become the connection, its error stream is kept.
     */
    public static ChildProcess of(Process process) {
        return new ChildProcess(process);
    }

    private void pump(InputStream in) {
        byte[] buf = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(buf)) > 0) {
                synchronized (stderr) {
                    if (stderr.size() > STDERR_KEEP) {
                        byte[] tail = stderr.toByteArray();
                        stderr.reset();
                        stderr.write(tail, tail.length - STDERR_KEEP / 2, STDERR_KEEP / 2);
                    }
                    stderr.write(buf, 0, n);
                }
            }
        } catch (IOException ignored) {
            // the child is gone
        }
    }

    public Connection connection() {
        return connection;
    }

    public Process process() {
        return process;
    }

    /** What the child wrote to stderr so far (its last 64 KiB). */
    public String stderr() {
        synchronized (stderr) {
            return stderr.toString(StandardCharsets.UTF_8);
        }
    }

    /** Waits for the child to exit; returns its exit code, or throws after the timeout. */
    public int waitFor(Duration timeout) throws IOException {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new java.io.InterruptedIOException("timeout: child pid " + process.pid() + " still running after " + timeout);
            }
            stderrPump.join(1000);
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted waiting for child pid " + process.pid());
        }
    }

    @Override
    public void close() throws IOException {
        try {
            connection.close();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroy();
                if (!process.waitFor(2, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
