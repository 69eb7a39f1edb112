package org.mpbridge.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mpbridge.ProtocolException;
import org.mpbridge.internal.posix.FdIo;
import org.mpbridge.pickle.PickleCodec;
import org.mpbridge.pickle.PyTuple;

/** The spawn pipe as popen_spawn_posix writes it: two protocol-4 pickles back to back, the writer's end left open. */
class SpawnPayloadTest {
    /** A protocol-4 pickle of value in one frame, as CPython writes a small pickle. */
    static byte[] framed(Object value) throws Exception {
        byte[] p2 = PickleCodec.dumps(value);
        return frames(Arrays.copyOfRange(p2, 2, p2.length));  // opcodes after PROTO 2 are valid in protocol 4
    }

    /** PROTO 4, then each part as a FRAME (CPython cuts frames at opcode boundaries). */
    static byte[] frames(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x80);
        out.write(4);
        for (byte[] part : parts) {
            out.write(0x95);
            for (int i = 0; i < 8; i++) out.write((int) ((long) part.length >>> (8 * i)) & 0xff);
            out.write(part, 0, part.length);
        }
        return out.toByteArray();
    }

    @Test
    void readsTwoPicklesExactlyWithoutEndOfFile() throws Exception {
        assumeTrue(FdIo.available(), "poll(2)/pipe(2) need little-endian Linux");
        int[] fds = new int[2];
        assertThat(FdIo.pipe(fds)).isZero();
        Map<String, Object> prep = Map.of("name", "JavaProcess-1", "sys_path", List.of("/a", "/b"));
        // (46, 'x') in two frames, the first ending in the byte '.' (BININT1 46): that frame does not end the pickle
        byte[] process = frames(new byte[] {'K', 46}, new byte[] {(byte) 0x8c, 1, 'x', (byte) 0x86, '.'});
        byte[] all = concat(framed(prep), process);
        assertThat(FdIo.write(fds[1], all, all.length)).isEqualTo(all.length);
        SpawnPayload payload = new SpawnPayload(fds[0]);
        try {
            assertThat(payload.next()).isEqualTo(prep);
            assertThat(payload.next()).isEqualTo(PyTuple.of(46, "x"));  // returns although the writer's end stays open
        } finally {
            payload.close();
            FdIo.close(fds[1]);
        }
    }

    @Test
    void refusesWhatIsNotASpawnPickle() throws Exception {
        assumeTrue(FdIo.available(), "poll(2)/pipe(2) need little-endian Linux");
        int[] fds = new int[2];
        assertThat(FdIo.pipe(fds)).isZero();
        byte[] p2 = PickleCodec.dumps("protocol 2", 2);
        FdIo.write(fds[1], p2, p2.length);
        FdIo.close(fds[1]);
        SpawnPayload payload = new SpawnPayload(fds[0]);
        assertThatThrownBy(payload::next).isInstanceOf(ProtocolException.class).hasMessageContaining("protocol 4+");
        payload.close();

        assertThat(FdIo.pipe(fds)).isZero();
        byte[] cut = Arrays.copyOf(framed("cut short"), 9);
        FdIo.write(fds[1], cut, cut.length);
        FdIo.close(fds[1]);
        SpawnPayload truncated = new SpawnPayload(fds[0]);
        assertThatThrownBy(truncated::next).isInstanceOf(EOFException.class).hasMessageContaining("ended after");
        truncated.close();
    }

    @Test
    void anUndecodablePickleFailsInsteadOfWaitingForever() throws Exception {
        assumeTrue(FdIo.available(), "poll(2)/pipe(2) need little-endian Linux");
        int[] fds = new int[2];
        assertThat(FdIo.pipe(fds)).isZero();
        byte[] bad = frames(new byte[] {(byte) 0xff, '.'});  // an opcode no pickle has, then STOP; the writer stays open
        FdIo.write(fds[1], bad, bad.length);
        SpawnPayload payload = new SpawnPayload(fds[0]);
        try {
            assertThatThrownBy(payload::next).isInstanceOf(ProtocolException.class);
        } finally {
            payload.close();
            FdIo.close(fds[1]);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
