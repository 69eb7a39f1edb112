package org.mpbridge.testkit.containers;

import java.io.Closeable;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Opening a FIFO end with a deadline. The JDK's open blocks until the other end opens, uninterruptibly; on timeout
 * the FIFO is opened read-write here (which never blocks on Linux), which releases the waiting open, and the
 * stream it got is closed.
 */
final class Fifos {
    private Fifos() {}

    interface Opener<T extends Closeable> {
        T open() throws IOException;
    }

    static FileInputStream reader(Path fifo, Duration timeout, String what) throws IOException {
        return open(fifo, timeout, what, () -> new FileInputStream(fifo.toFile()));
    }

    static FileOutputStream writer(Path fifo, Duration timeout, String what) throws IOException {
        return open(fifo, timeout, what, () -> new FileOutputStream(fifo.toFile()));
    }

    private static <T extends Closeable> T open(Path fifo, Duration timeout, String what, Opener<T> opener) throws IOException {
        CompletableFuture<T> opened = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                opened.complete(opener.open());
            } catch (Throwable e) {
                opened.completeExceptionally(e);
            }
        }, "mpbridge-fifo-open " + fifo.getFileName());
        t.setDaemon(true);
        t.start();
        try {
            return opened.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            try (RandomAccessFile release = new RandomAccessFile(fifo.toFile(), "rw")) {
                opened.thenAccept(Fifos::closeQuietly);
                t.join(5000);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
            throw new IOException(what + ": the container did not open " + fifo + " within " + timeout.toSeconds() + " s");
        } catch (ExecutionException e) {
            throw new IOException(what + ": cannot open " + fifo + ": " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted opening " + fifo);
        }
    }

    static void closeQuietly(Closeable c) {
        try {
            if (c != null) c.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}
