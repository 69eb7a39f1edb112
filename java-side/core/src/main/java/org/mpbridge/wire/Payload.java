package org.mpbridge.wire;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A message body of any length, including the over-2-GiB frames a Java array cannot hold: an ordered list of
 * chunks. Small messages are one chunk.
 */
public final class Payload {
    /** The largest Java array the JVMs we run on will allocate. */
    public static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

    private final List<byte[]> chunks;
    private final long size;

    private Payload(List<byte[]> chunks) {
        this.chunks = List.copyOf(chunks);
        long total = 0;
        for (byte[] c : chunks) total += c.length;
        this.size = total;
    }

    public static Payload of(byte[] bytes) {
        return new Payload(List.of(bytes));
    }

    public static Payload ofChunks(List<byte[]> chunks) {
        return new Payload(chunks);
    }

    public long size() {
        return size;
    }

    public List<byte[]> chunks() {
        return chunks;
    }

    /** The whole payload as one array; fails for payloads larger than {@link #MAX_ARRAY}. */
    public byte[] toByteArray() {
        if (size > MAX_ARRAY) {
            throw new IllegalStateException("payload of " + size + " bytes exceeds a Java array (" + MAX_ARRAY + ")");
        }
        if (chunks.size() == 1) return chunks.get(0);
        byte[] all = new byte[(int) size];
        int pos = 0;
        for (byte[] c : chunks) {
            System.arraycopy(c, 0, all, pos, c.length);
            pos += c.length;
        }
        return all;
    }

    ByteBuffer[] buffers() {
        ByteBuffer[] out = new ByteBuffer[chunks.size()];
        for (int i = 0; i < out.length; i++) out[i] = ByteBuffer.wrap(chunks.get(i));
        return out;
    }

    public InputStream openStream() {
        return new InputStream() {
            int index;
            int offset;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                while (index < chunks.size() && offset == chunks.get(index).length) {
                    index++;
                    offset = 0;
                }
                if (index == chunks.size()) return -1;
                int n = Math.min(len, chunks.get(index).length - offset);
                System.arraycopy(chunks.get(index), offset, b, off, n);
                offset += n;
                return n;
            }
        };
    }

    public void writeTo(OutputStream out) throws IOException {
        for (byte[] c : chunks) out.write(c);
    }

    /** Accumulates received bytes, growing only as data really arrives (a lying header allocates nothing). */
    static final class Builder {
        static final int CHUNK = 64 << 20;
        static final int FIRST_CHUNK = 1 << 20;
        private final long expected;
        private final List<byte[]> done = new ArrayList<>();
        private byte[] current;
        private int filled;
        private long total;

        Builder(long expected) {
            this.expected = expected;
            // up to 1 MiB at once: a frame of that size arrives without regrowing (a lying header costs at most this)
            this.current = new byte[(int) Math.min(expected, FIRST_CHUNK)];
        }

        /** Room to read into; never more than what the header still promises. */
        byte[] buffer() {
            if (filled == current.length) {
                long left = expected - total;
                if (current.length < CHUNK && current.length < left + filled) {
                    long grown = Math.min(Math.min((long) current.length * 2, CHUNK), filled + left);
                    current = Arrays.copyOf(current, (int) grown);
                } else {
                    done.add(current);
                    current = new byte[(int) Math.min(left, CHUNK)];
                    filled = 0;
                }
            }
            return current;
        }

        int offset() {
            return filled;
        }

        int room() {
            return (int) Math.min(current.length - filled, expected - total);
        }

        void advance(int n) {
            filled += n;
            total += n;
        }

        long received() {
            return total;
        }

        Payload build() {
            List<byte[]> all = new ArrayList<>(done);
            all.add(filled == current.length ? current : Arrays.copyOf(current, filled));
            return new Payload(all);
        }
    }
}
