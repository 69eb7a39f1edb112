package org.mpbridge.transport;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/** Gathering writes onto a blocking {@link OutputStream}: the write half of the stream-based transports. */
final class StreamWrites {
    private static final int CHUNK = 64 * 1024;

    private StreamWrites() {}

    /** Writes every buffer whole, in order, under the stream's lock (one frame's header and body stay together). */
    static void write(OutputStream out, ByteBuffer... srcs) throws IOException {
        synchronized (out) {
            for (ByteBuffer b : srcs) {
                if (b.hasArray()) {
                    out.write(b.array(), b.arrayOffset() + b.position(), b.remaining());
                    b.position(b.limit());
                } else {
                    byte[] tmp = new byte[Math.min(b.remaining(), CHUNK)];
                    while (b.hasRemaining()) {
                        int n = Math.min(tmp.length, b.remaining());
                        b.get(tmp, 0, n);
                        out.write(tmp, 0, n);
                    }
                }
            }
            out.flush();
        }
    }
}
