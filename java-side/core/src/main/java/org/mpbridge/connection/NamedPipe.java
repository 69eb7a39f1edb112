package org.mpbridge.connection;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.mpbridge.transport.StreamTransport;

/**
 * A FIFO ({@code mkfifo}, seed 003) as a one-way {@link Connection}: the writer's {@code send}s arrive at the
 * reader's {@code recv} with {@code multiprocessing.connection} framing, so a Python
 * {@code Connection(os.open(path, os.O_RDONLY), writable=False)} is the other end.
 *
 * <p>Opening a FIFO blocks until the other end opens it, uninterruptibly in the JDK; the open here gives up
 * after a timeout by opening the FIFO read-write itself (which never blocks on Linux) to release the waiting
 * thread. The reader sees end of file once every writer has closed.
 */
public final class NamedPipe {
    private NamedPipe() {}

    /** Creates the FIFO with mode 0600 (coreutils {@code mkfifo}); fails if the path exists. */
    public static void create(Path path) throws IOException {
        Process p = new ProcessBuilder("mkfifo", "-m", "600", path.toString()).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("mkfifo " + path + " did not finish");
            }
            if (p.exitValue() != 0) {
                throw new IOException("mkfifo " + path + " failed: " + new String(p.getInputStream().readAllBytes()).trim());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted creating FIFO " + path);
        }
    }

    /** Opens the reading end, waiting at most {@code timeout} for a writer. */
    public static Connection openReader(Path path, Duration timeout) throws IOException {
        FileInputStream in = open(path, timeout, () -> new FileInputStream(path.toFile()));
        return new Connection(new StreamTransport(in, null, "fifo " + path + " (read)"), true, false, ConnectionOptions.defaults());
    }

    /** Opens the writing end, waiting at most {@code timeout} for a reader. */
    public static Connection openWriter(Path path, Duration timeout) throws IOException {
        FileOutputStream out = open(path, timeout, () -> new FileOutputStream(path.toFile()));
        return new Connection(new StreamTransport(null, out, "fifo " + path + " (write)"), false, true, ConnectionOptions.defaults());
    }

    private interface Opener<T> {
        T open() throws IOException;
    }

    private static <T extends java.io.Closeable> T open(Path path, Duration timeout, Opener<T> opener) throws IOException {
        if (!Files.exists(path)) throw new IOException("no FIFO at " + path + " (create it with NamedPipe.create or mkfifo)");
        FutureTask<T> task = new FutureTask<>(opener::open);
        Thread t = new Thread(task, "mpbridge-fifo-open " + path);
        t.setDaemon(true);
        t.start();
        try {
            return task.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // release the blocked open(2): a read-write open of a FIFO completes both sides at once
            try (RandomAccessFile unblock = new RandomAccessFile(path.toFile(), "rw")) {
                T late = task.get(5, TimeUnit.SECONDS);
                late.close();
            } catch (Exception ignored) {
                // best effort
            }
            throw new InterruptedIOException("timeout: no peer opened FIFO " + path + " within " + timeout);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) throw io;
            throw new IOException("cannot open FIFO " + path + ": " + cause, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted opening FIFO " + path);
        }
    }
}
