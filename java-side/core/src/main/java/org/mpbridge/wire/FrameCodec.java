package org.mpbridge.wire;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.mpbridge.ProtocolException;
import org.mpbridge.transport.ByteTransport;

/** Reads and writes {@link FrameDescriptor} frames on a {@link ByteTransport}. Stateless. */
public final class FrameCodec {
    private FrameCodec() {}

    /** Sends one frame; header and body leave in one gathering write. */
    public static void write(ByteTransport transport, byte[] body, int offset, int length) throws IOException {
        transport.write(FrameDescriptor.header(length), ByteBuffer.wrap(body, offset, length));
    }

    public static void write(ByteTransport transport, Payload payload) throws IOException {
        ByteBuffer[] body = payload.buffers();
        ByteBuffer[] all = new ByteBuffer[body.length + 1];
        all[0] = FrameDescriptor.header(payload.size());
        System.arraycopy(body, 0, all, 1, body.length);
        transport.write(all);
    }

    /**
     * Reads a frame header and returns the payload length.
     *
     * @throws EOFException at end of file before the first header byte (CPython: {@code EOFError})
     * @throws ProtocolException end of file inside the header, a negative length other than the -1 escape,
     *     or a length over {@code maxLength}
     */
    public static long readHeader(ByteTransport transport, long maxLength, long deadlineNanos) throws IOException {
        byte[] head = new byte[FrameDescriptor.HEADER_LENGTH];
        readFully(transport, head, 0, head.length, deadlineNanos, true);
        long length = ByteBuffer.wrap(head).getInt();
        if (length == FrameDescriptor.EXTENDED_MARKER) {
            byte[] ext = new byte[8];
            readFully(transport, ext, 0, 8, deadlineNanos, false);
            length = ByteBuffer.wrap(ext).getLong();
            if (length < 0) throw new ProtocolException("bad message length: extended length " + Long.toUnsignedString(length) + " overflows");
        } else if (length < 0) {
            throw new ProtocolException("bad message length: negative frame length " + length);
        }
        if (length > maxLength) {
            throw new ProtocolException("bad message length: frame length " + length + " exceeds maxLength " + maxLength);
        }
        return length;
    }

    /** Reads a payload of the given length, allocating only as bytes arrive. */
    public static Payload readBody(ByteTransport transport, long length, long deadlineNanos) throws IOException {
        Payload.Builder builder = new Payload.Builder(length);
        while (builder.received() < length) {
            byte[] buf = builder.buffer();
            int n = transport.read(buf, builder.offset(), builder.room(), deadlineNanos);
            if (n < 0) throw eofInMessage(builder.received(), length);
            builder.advance(n);
        }
        return builder.build();
    }

    /** Reads exactly {@code len} bytes. */
    public static void readFully(ByteTransport transport, byte[] dst, int off, int len, long deadlineNanos,
                                 boolean eofAtStartIsClean) throws IOException {
        int done = 0;
        while (done < len) {
            int n = transport.read(dst, off + done, len - done, deadlineNanos);
            if (n < 0) {
                if (done == 0 && eofAtStartIsClean) throw new EOFException("peer closed the connection (" + transport.describe() + ")");
                throw eofInMessage(done, len);
            }
            done += n;
        }
    }

    private static ProtocolException eofInMessage(long got, long expected) {
        return new ProtocolException("got end of file during message (" + got + " of " + expected + " bytes)");
    }
}
