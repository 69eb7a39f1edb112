package org.mpbridge.connection;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
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
        StreamTransport t = new StreamTransport(new FileInputStream(FileDescriptor.in),
                new FileOutputStream(FileDescriptor.out), "stdio");
        return new Connection(t, true, true, ConnectionOptions.defaults());
    }
}
