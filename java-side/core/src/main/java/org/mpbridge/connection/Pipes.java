package org.mpbridge.connection;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import org.mpbridge.internal.posix.FdIo;
import org.mpbridge.transport.ByteTransport;
import org.mpbridge.transport.FdTransport;
import org.mpbridge.transport.StreamTransport;

/**
 * The seeds' {@code Pipe()} with the other process as a child or parent: this process's own stdin/stdout
 * as one duplex connection (a Java child of a Python parent), and {@link ChildProcess} for the reverse.
 */
public final class Pipes {
    private Pipes() {}

    /**
     * This process's stdin (read) and stdout (write) as a connection. As Python's {@code stdio_connection()},
     * {@link System#out} is pointed at stderr from here on, so a stray {@code println} cannot corrupt the stream
     * (bytes written to file descriptor 1 by native code still would).
     */
    public static Connection stdio() {
        System.out.flush();
        System.setOut(System.err);
        return new Connection(stdioTransport(), true, true, ConnectionOptions.defaults());
    }

    /**
     * Reads of stdin never take more than they deliver ({@link FdTransport}: poll(2) + read(2)), so a child that
     * only polls or exits early leaves the parent's later messages in the pipe, as a CPython child does; where
     * poll(2) is not available, a read-ahead {@link StreamTransport}.
     */
    private static ByteTransport stdioTransport() {
        if (FdIo.available()) {
            try {
                return new FdTransport(STDIN_FILENO, new FileOutputStream(FileDescriptor.out), "stdio");
            } catch (IOException fallBack) {
                // no pipe(2) for the wake-up: the portable transport below
            }
        }
        return new StreamTransport(new FileInputStream(FileDescriptor.in), new FileOutputStream(FileDescriptor.out), "stdio");
    }

    private static final int STDIN_FILENO = 0;
}
