package org.mpbridge.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.EOFException;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.mpbridge.ProtocolException;
import org.mpbridge.testing.Fixtures;
import org.mpbridge.testing.ScriptedTransport;
import org.mpbridge.transport.ByteTransport;
import org.mpbridge.transport.FragmentingTransport;

class FrameCodecTest {
    private static final long NONE = ByteTransport.NO_DEADLINE;

    @Test
    void writesExactlyWhatCPythonWrites() throws Exception {
        for (Fixtures.Fixture f : Fixtures.all()) {
            for (JsonNode frame : f.root().get("frames")) {
                byte[] payload = Fixtures.hex(frame.get("payload").asText());
                ScriptedTransport t = new ScriptedTransport(new byte[0]);
                FrameCodec.write(t, payload, 0, payload.length);
                assertThat(Fixtures.hex(t.written())).as("py%s %s", f.version(), frame.get("name")).isEqualTo(frame.get("wire").asText());
                assertThat(t.writeCalls()).as("header and body in one write").isEqualTo(1);
            }
        }
    }

    @Test
    void readsWhatCPythonWrites_evenOneByteAtATime() throws Exception {
        for (Fixtures.Fixture f : Fixtures.all()) {
            for (JsonNode frame : f.root().get("frames")) {
                byte[] wire = Fixtures.hex(frame.get("wire").asText());
                for (ByteTransport t : new ByteTransport[] {new ScriptedTransport(wire),
                        FragmentingTransport.oneByteAtATime(new ScriptedTransport(wire)),
                        new FragmentingTransport(new ScriptedTransport(wire), 7, 1)}) {
                    long n = FrameCodec.readHeader(t, Long.MAX_VALUE, NONE);
                    byte[] body = FrameCodec.readBody(t, n, NONE).toByteArray();
                    assertThat(Fixtures.hex(body)).isEqualTo(frame.get("payload").asText());
                }
            }
        }
    }

    @Test
    void fragmentedWritesStillProduceTheSameBytes() throws Exception {
        byte[] payload = new byte[5000];
        for (int i = 0; i < payload.length; i++) payload[i] = (byte) i;
        ScriptedTransport sink = new ScriptedTransport(new byte[0]);
        FrameCodec.write(new FragmentingTransport(sink, 3, 9), payload, 0, payload.length);
        ScriptedTransport reader = new ScriptedTransport(sink.written());
        assertThat(FrameCodec.readBody(reader, FrameCodec.readHeader(reader, 1 << 20, NONE), NONE).toByteArray()).isEqualTo(payload);
    }

    @Test
    void extendedHeaderAbove2GiB() throws Exception {
        assertThat(Fixtures.hex(FrameDescriptor.header(2147483649L).array())).isEqualTo("ffffffff0000000080000001");
        assertThat(Fixtures.hex(FrameDescriptor.header(0x7fffffffL).array())).isEqualTo("7fffffff");
        ScriptedTransport t = new ScriptedTransport(Fixtures.hex("ffffffff0000000080000001"));
        assertThat(FrameCodec.readHeader(t, Long.MAX_VALUE, NONE)).isEqualTo(2147483649L);
    }

    @Test
    void negativeLengthOtherThanTheEscapeIsRejected() {
        ScriptedTransport t = new ScriptedTransport(Fixtures.hex("fffffffe"));
        assertThatThrownBy(() -> FrameCodec.readHeader(t, Long.MAX_VALUE, NONE)).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("negative frame length -2");
    }

    @Test
    void oversizeLengthIsRejectedBeforeReadingTheBody() {
        ScriptedTransport t = new ScriptedTransport(Fixtures.hex("00100000" + "00".repeat(16)));
        assertThatThrownBy(() -> FrameCodec.readHeader(t, 1024, NONE)).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("1048576 exceeds maxLength 1024");
        assertThat(t.unread()).isEqualTo(16);
    }

    @Test
    void eofBeforeAHeaderIsEofButInsideAMessageIsAProtocolError() throws Exception {
        assertThatThrownBy(() -> FrameCodec.readHeader(new ScriptedTransport(new byte[0]), 10, NONE)).isInstanceOf(EOFException.class);
        assertThatThrownBy(() -> FrameCodec.readHeader(new ScriptedTransport(new byte[] {0, 0}), 10, NONE))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("got end of file during message");
        ScriptedTransport t = new ScriptedTransport(Fixtures.hex("00000005" + "6865"));
        long n = FrameCodec.readHeader(t, 10, NONE);
        assertThatThrownBy(() -> FrameCodec.readBody(t, n, NONE)).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("2 of 5 bytes");
    }

    @Test
    void aLyingHeaderAllocatesOnlyWhatArrives() throws Exception {
        // announces 6 GiB, sends 3 bytes: must fail fast without allocating gigabytes
        ScriptedTransport t = new ScriptedTransport(Fixtures.hex("ffffffff0000000180000000" + "010203"));
        long n = FrameCodec.readHeader(t, Long.MAX_VALUE, NONE);
        long before = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        assertThatThrownBy(() -> FrameCodec.readBody(t, n, NONE)).isInstanceOf(ProtocolException.class);
        long after = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        assertThat(after - before).isLessThan(64L << 20);
    }

    @Test
    void payloadChunksReassemble() {
        Payload p = Payload.ofChunks(java.util.List.of(new byte[] {1, 2}, new byte[] {3}));
        assertThat(p.size()).isEqualTo(3);
        assertThat(p.toByteArray()).containsExactly(1, 2, 3);
        assertThat(ByteBuffer.wrap(p.toByteArray()).get(2)).isEqualTo((byte) 3);
    }
}
