package org.mpbridge.connection;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One spare file descriptor (an open {@code /dev/null}) a listener gives up when the process has none left, so it
 * can accept the waiting connection and close it: without that, {@code accept} fails again at once for the same
 * queued connection, forever (libevent's and nginx's trick). Logged once per listener.
 */
final class FdReserve {
    private static final Path DEV_NULL = Path.of("/dev/null");
    private FileChannel spare;
    private final AtomicLong shed = new AtomicLong();
    private boolean logged;

    FdReserve() {
        spare = open();
    }

    private static FileChannel open() {
        try {
            return FileChannel.open(DEV_NULL);
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    static boolean isOutOfDescriptors(IOException e) {
        String m = String.valueOf(e.getMessage());
        return m.contains("Too many open files") || m.contains("EMFILE") || m.contains("ENFILE");
    }

    long shed() {
        return shed.get();
    }

    /** Out of descriptors: frees the spare, accepts one queued connection from {@code server} and closes it. */
    synchronized void shed(ServerSocketChannel server, String who) throws IOException {
        long n = shed.incrementAndGet();
        if (!logged) {
            logged = true;
            System.err.println("mpbridge: " + who + ": out of file descriptors (Too many open files): shedding new "
                    + "connections (accepted and closed at once) until some close; still serving the others");
        }
        if (server != null) {
            if (spare != null) {
                spare.close();
                spare = null;
            }
            try {
                SocketChannel victim = server.accept();
                if (victim != null) victim.close();
            } catch (IOException stillOut) {
                // nothing to give back: wait a moment rather than spin on the same queued connection
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("interrupted while shedding connections");
                }
            }
        }
        if (spare == null) spare = open();
    }

    /**
     * For a non-blocking server: frees the spare, accepts one queued connection and closes it, takes the spare back.
     * False when nothing could be accepted (no spare to give up): the caller should pause accepting briefly.
     */
    synchronized boolean shedOne(ServerSocketChannel server, String who) throws IOException {
        shed.incrementAndGet();
        if (!logged) {
            logged = true;
            System.err.println("mpbridge: " + who + ": out of file descriptors (Too many open files): shedding new "
                    + "connections (accepted and closed at once) until some close; still serving the others");
        }
        boolean freed = false;
        if (spare != null) {
            spare.close();
            spare = null;
        }
        try {
            SocketChannel victim = server.accept();
            if (victim != null) {
                victim.close();
                freed = true;
            }
        } catch (IOException stillOut) {
            // nothing to give back
        }
        spare = open();
        return freed;
    }

    synchronized void close() throws IOException {
        if (spare != null) spare.close();
        spare = null;
    }
}
