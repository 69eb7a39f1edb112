package org.mpbridge.internal.posix;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;

/**
 * glibc's descriptor calls for {@link org.mpbridge.transport.FdTransport}, direct-mapped: {@code poll}, {@code read},
 * {@code write}, {@code pipe}, {@code close}. errno after a failure: {@link Errno#last()}.
 *
 * <pre>
 * struct pollfd (8 bytes) as two ints of an int[]:   int fd | short events (low half) | short revents (high half)
 *   [ fd ][ events | revents &lt;&lt; 16 ]                 (little-endian: x86-64 and aarch64)
 * </pre>
 */
public final class FdIo {
    private FdIo() {}

    public static final short POLLIN = 0x001;
    public static final short POLLERR = 0x008;
    public static final short POLLHUP = 0x010;
    public static final short POLLNVAL = 0x020;

    private static final Throwable UNAVAILABLE;

    static {
        Throwable failure = null;
        try {
            if (!Platform.isLinux() || java.nio.ByteOrder.nativeOrder() != java.nio.ByteOrder.LITTLE_ENDIAN) {
                throw new UnsupportedOperationException("poll(2) through glibc: little-endian Linux only, not " + System.getProperty("os.name"));
            }
            Native.register(NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
        } catch (UnsupportedOperationException | LinkageError e) {
            failure = e;
        }
        UNAVAILABLE = failure;
    }

    /** Whether the calls are available here (little-endian Linux with JNA); otherwise callers fall back. */
    public static boolean available() {
        return UNAVAILABLE == null;
    }

    /** {@code poll(fds, nfds, timeout_ms)}; {@code fds} holds two ints per struct pollfd (see the class comment). */
    public static native int poll(int[] fds, long nfds, int timeoutMillis);

    public static native long read(int fd, byte[] buf, long count);

    public static native long write(int fd, byte[] buf, long count);

    /** {@code pipe(fds)}: {@code fds[0]} the read end, {@code fds[1]} the write end. */
    public static native int pipe(int[] fds);

    public static native int close(int fd);

    /** The revents half of the second int of a pollfd. */
    public static int revents(int[] fds, int index) {
        return (fds[2 * index + 1] >>> 16) & 0xffff;
    }
}
