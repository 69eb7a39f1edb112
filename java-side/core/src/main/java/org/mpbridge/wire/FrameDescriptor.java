package org.mpbridge.wire;

import java.nio.ByteBuffer;

/**
 * The frame of {@code multiprocessing.connection.Connection._send_bytes} (Lib/multiprocessing/connection.py,
 * CPython 3.8+), on every stream: pipe, socket, FIFO, stdio.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |          length: int32, big-endian, signed (!i)               |   length &lt;= 0x7fffffff
 *  +---------------------------------------------------------------+
 *  |                     payload (length bytes)                  ...
 *
 *  +---------------------------------------------------------------+
 *  |          ff ff ff ff  (-1, the escape)                        |   length &gt; 0x7fffffff
 *  +---------------------------------------------------------------+
 *  |          length: uint64, big-endian (!Q)                      |
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                     payload (length bytes)                  ...
 * </pre>
 * CPython reads any other negative length as an empty message; mpbridge rejects it. 3.7 and older do not know
 * the escape, 2.7 reads the header as unsigned.
 */
public final class FrameDescriptor {
    private FrameDescriptor() {}

    /** Bytes of the ordinary header. */
    public static final int HEADER_LENGTH = 4;
    /** Bytes of the escaped header: the -1 marker and the 8-byte length. */
    public static final int EXTENDED_HEADER_LENGTH = 12;
    /** The largest length carried by the ordinary header. */
    public static final long MAX_SHORT_LENGTH = 0x7fffffffL;
    /** The value of the ordinary header that announces an 8-byte length. */
    public static final int EXTENDED_MARKER = -1;
    /** CPython sends header and payload in one write up to this size (connection.py, issue #20540). */
    public static final int SMALL_FRAME = 16384;

    /** The header for a payload of {@code length} bytes. */
    public static ByteBuffer header(long length) {
        if (length < 0) throw new IllegalArgumentException("length < 0: " + length);
        if (length <= MAX_SHORT_LENGTH) {
            return ByteBuffer.allocate(HEADER_LENGTH).putInt(0, (int) length);
        }
        return ByteBuffer.allocate(EXTENDED_HEADER_LENGTH).putInt(0, EXTENDED_MARKER).putLong(4, length);
    }
}
