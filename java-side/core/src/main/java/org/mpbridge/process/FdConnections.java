package org.mpbridge.process;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import org.mpbridge.connection.Connection;
import org.mpbridge.connection.ConnectionOptions;
import org.mpbridge.internal.posix.Errno;
import org.mpbridge.internal.posix.FdIo;
import org.mpbridge.transport.FdTransport;

/**
 * {@code multiprocessing.connection.rebuild_connection(DupFd(fd), readable, writable)}: a {@link Connection} over a
 * descriptor this process inherited ({@code pass_fds}): a socketpair end of {@code Pipe()}, or one end of
 * {@code Pipe(duplex=False)}'s {@code os.pipe()} (a Queue's reader or writer). Reads never take more than they
 * deliver ({@link FdTransport}); writes are {@code write(2)} loops.
 */
public final class FdConnections {
    private FdConnections() {}

    public static Connection open(int fd, boolean readable, boolean writable) throws IOException {
        FdTransport transport = new FdTransport(fd, writable ? new FdOutputStream(fd) : null, "fd " + fd);
        return new Connection(transport, readable, writable, ConnectionOptions.defaults());
    }

    /** write(2) until everything is written; EINTR restarts; the descriptor is closed by the transport. */
    static final class FdOutputStream extends OutputStream {
        private final int fd;

        FdOutputStream(int fd) {
            this.fd = fd;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                byte[] chunk = off == 0 && len == b.length ? b : Arrays.copyOfRange(b, off, off + len);
                long n = FdIo.write(fd, chunk, chunk.length);
                if (n < 0) {
                    int errno = Errno.last();
                    if (errno == Errno.EINTR) continue;
                    throw new IOException("write to fd " + fd + ": " + Errno.describe(errno));
                }
                off += (int) n;
                len -= (int) n;
            }
        }

        @Override
        public void close() {
            // the FdTransport owns and closes the descriptor
        }
    }
}
