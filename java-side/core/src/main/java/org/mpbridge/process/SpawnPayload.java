package org.mpbridge.process;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import org.mpbridge.ProtocolException;
import org.mpbridge.internal.posix.Errno;
import org.mpbridge.internal.posix.FdIo;
import org.mpbridge.pickle.PickleCodec;

/**
 * Reads what {@code popen_spawn_posix.Popen._launch} writes to the child's pipe: two pickles back to back
 * ({@code reduction.dump(prep_data)}, {@code reduction.dump(process_obj)}). The parent keeps its end open
 * ({@code open(parent_w, 'wb', closefd=False)}), so, like {@code pickle.load}, each pickle is read exactly, never to
 * end of file. CPython 3.8-3.13 dump with protocol 4, whose opcodes sit in {@code FRAME}s, except the payloads of
 * large strings and bytes, which follow their opcode unframed:
 *
 * <pre>
 * 0x80 0x04                                 PROTO 4
 * 0x95 len:u64le  len opcode bytes          FRAME (the last one ends with STOP '.')
 * 'B'|'X' len:u32le  payload                a large BINBYTES / BINUNICODE between frames
 * 0x8e|0x8d|0x96 len:u64le  payload         BINBYTES8 / BINUNICODE8 / BYTEARRAY8
 * </pre>
 * A pickle is complete when a frame ending in '.' makes the bytes so far decode.
 */
final class SpawnPayload {
    static final long MAX_BYTES = 256L << 20;
    private static final int PROTO = 0x80;
    private static final int FRAME = 0x95;
    private static final int STOP = '.';
    /** How long a frame that looked final may wait for more before its decoding error stands. */
    static final int QUIET_MILLIS = 10_000;

    private final int fd;
    private long total;

    SpawnPayload(int fd) {
        this.fd = fd;
    }

    /** The next pickle's value. */
    Object next() throws IOException {
        ByteArrayOutputStream pickle = new ByteArrayOutputStream(4096);
        byte[] head = readExactly(2);
        if ((head[0] & 0xff) != PROTO || (head[1] & 0xff) < 4) {
            throw new ProtocolException("the spawn pipe does not hold a protocol 4+ pickle (starts 0x"
                    + Integer.toHexString(head[0] & 0xff) + ")");
        }
        pickle.write(head, 0, 2);
        ProtocolException undecodable = null;
        while (true) {
            // the parent writes both pickles at once: after a frame that looked final but did not decode, more data
            // comes at once or never (its end of the pipe stays open, so end of file would not tell)
            if (undecodable != null && !readableWithin(QUIET_MILLIS)) throw undecodable;
            int op = readExactly(1)[0] & 0xff;
            pickle.write(op);
            int lenBytes = switch (op) {
                case FRAME, 0x8e, 0x8d, 0x96 -> 8;
                case 'B', 'X' -> 4;
                default -> throw new ProtocolException("unexpected opcode 0x" + Integer.toHexString(op)
                        + " between frames of the spawn data");
            };
            byte[] lenField = readExactly(lenBytes);
            pickle.write(lenField, 0, lenBytes);
            long len = 0;
            for (int i = lenBytes - 1; i >= 0; i--) len = (len << 8) | (lenField[i] & 0xff);
            if (len < 0 || total + len > MAX_BYTES) throw new ProtocolException("spawn data over " + MAX_BYTES + " bytes");
            byte[] payload = readExactly((int) len);
            pickle.write(payload, 0, payload.length);
            if (op == FRAME && len > 0 && (payload[payload.length - 1] & 0xff) == STOP) {
                byte[] bytes = pickle.toByteArray();
                try {
                    return PickleCodec.loads(bytes);
                } catch (ProtocolException notYet) {
                    undecodable = notYet;  // the '.' was an argument byte and more frames follow, or the pickle is bad
                }
            }
        }
    }

    private boolean readableWithin(int millis) throws IOException {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        int[] fds = {fd, FdIo.POLLIN};
        while (true) {
            long left = Math.max(0, (deadline - System.nanoTime()) / 1_000_000L);
            fds[1] = FdIo.POLLIN;
            int rc = FdIo.poll(fds, 1, (int) left);
            if (rc > 0) return true;
            if (rc < 0 && Errno.last() != Errno.EINTR) throw new IOException("poll(2) on the spawn pipe: " + Errno.describe(Errno.last()));
            if (rc == 0 && left == 0) return false;
        }
    }

    private byte[] readExactly(int n) throws IOException {
        byte[] buf = new byte[n];
        int got = 0;
        while (got < n) {
            byte[] chunk = got == 0 ? buf : new byte[n - got];
            long r = FdIo.read(fd, chunk, n - got);
            if (r == 0) throw new EOFException("the spawn pipe ended after " + (total + got) + " bytes");
            if (r < 0) {
                int errno = Errno.last();
                if (errno == Errno.EINTR) continue;
                throw new IOException("reading the spawn pipe (fd " + fd + "): " + Errno.describe(errno));
            }
            if (chunk != buf) System.arraycopy(chunk, 0, buf, got, (int) r);
            got += (int) r;
        }
        total += n;
        return buf;
    }

    void close() {
        FdIo.close(fd);
    }
}
