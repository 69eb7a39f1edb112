package org.mpbridge.transport;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A bidirectional byte stream under a {@link org.mpbridge.connection.Connection}: a socket, a pipe, a
 * process's stdin/stdout, a FIFO. Framing, auth and pickle live above it and know nothing of it.
 *
 * <p>Close semantics: after {@link #close()} the peer reads end of file; a read blocked in another thread
 * returns -1 or throws {@link java.nio.channels.ClosedChannelException}.
 */
public interface ByteTransport extends Closeable {

    /**
     * Reads at least one byte, blocking until some arrive, the deadline passes
     * ({@link java.io.InterruptedIOException}) or end of file (returns -1).
     *
     * @param deadlineNanos a {@link System#nanoTime()} deadline, or {@link #NO_DEADLINE}
     */
    int read(byte[] dst, int off, int len, long deadlineNanos) throws IOException;

    /** Writes every remaining byte of the buffers, in order, as few system calls as the transport allows. */
    void write(ByteBuffer... srcs) throws IOException;

    /** True once a read would not block (data or end of file); false when the timeout passed first. */
    boolean awaitReadable(long timeoutNanos) throws IOException;

    /** Stops writing: the peer reads end of file while this side can still read. */
    default void shutdownOutput() throws IOException {
        close();
    }

    /** A human-readable description (address, fd, process) for error messages. */
    String describe();

    long NO_DEADLINE = Long.MAX_VALUE;
}
