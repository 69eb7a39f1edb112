package org.mpbridge.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.EOFException;
import java.io.IOException;
import java.util.Arrays;
import org.mpbridge.ProtocolException;
import org.mpbridge.connection.Connection;
import org.mpbridge.connection.ConnectionOptions;

/**
 * multiprocessing.connection framing ({@code !i} length, the {@code -1} + {@code !Q} escape) read by a
 * {@link Connection} from arbitrary bytes, split into arbitrary read sizes. Only a clean EOF or a
 * {@link ProtocolException} may end it; every message returned is exactly as long as its header said, and what
 * was read is re-framed byte for byte.
 */
class FramingFuzzTest {
    private static final long MAX_FRAME = 1 << 16;

    @FuzzTest
    void frames(FuzzedDataProvider data) throws IOException {
        int chunk = data.consumeInt(1, 64);
        byte[] stream = data.consumeRemainingAsBytes();
        Connection c = new Connection(new MemoryTransport(stream, chunk), true, true,
                ConnectionOptions.defaults().withMaxFrameLength(MAX_FRAME));
        MemoryTransport echo = new MemoryTransport(new byte[0], 1);
        Connection out = new Connection(echo, true, true, ConnectionOptions.defaults());
        int consumed = 0;
        try {
            while (true) {
                byte[] message = c.recvBytes(MAX_FRAME);
                if (message.length > MAX_FRAME) throw new AssertionError("message over maxLength: " + message.length);
                out.sendBytes(message);
                consumed = echo.written().length;
            }
        } catch (EOFException | ProtocolException expected) {
            // the only two ways a stream may end
        }
        // what was accepted re-frames to the same bytes (the short 4-byte header whenever the length fits)
        byte[] again = echo.written();
        if (!Arrays.equals(again, 0, consumed, stream, 0, Math.min(consumed, stream.length)) && !usesEscape(stream)) {
            throw new AssertionError("re-framed bytes differ from the input");
        }
    }

    /** A sender may use the 8-byte escape for a short message; re-framing then legitimately differs. */
    private static boolean usesEscape(byte[] stream) {
        for (int i = 0; i + 4 <= stream.length; i++) {
            if (stream[i] == -1 && stream[i + 1] == -1 && stream[i + 2] == -1 && stream[i + 3] == -1) return true;
        }
        return false;
    }
}
