package org.mpbridge.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.mpbridge.transport.ByteTransport;
import org.mpbridge.wire.FrameCodec;
import org.mpbridge.wire.Payload;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** {@link FrameCodec} writing and reading multiprocessing.connection frames over an in-memory transport. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FramingBenchmark {
    @Param({"64", "1048576"})
    public int size;

    private byte[] body;
    private final MemoryTransport transport = new MemoryTransport();

    @Setup
    public void setUp() throws IOException {
        body = new byte[size];
        transport.reset();
        FrameCodec.write(transport, body, 0, body.length);
        transport.freeze();
    }

    @Benchmark
    public int write() throws IOException {
        transport.reset();
        FrameCodec.write(transport, body, 0, body.length);
        return transport.written();
    }

    @Benchmark
    public Payload read() throws IOException {
        transport.rewind();
        long n = FrameCodec.readHeader(transport, Long.MAX_VALUE, ByteTransport.NO_DEADLINE);
        return FrameCodec.readBody(transport, n, ByteTransport.NO_DEADLINE);
    }

    /** Writes go to a growing array; reads replay the frozen frame, as a socket would hand it over. */
    static final class MemoryTransport implements ByteTransport {
        private byte[] data = new byte[256];
        private int length;
        private byte[] frozen = new byte[0];
        private int readPos;

        void reset() {
            length = 0;
        }

        void freeze() {
            frozen = java.util.Arrays.copyOf(data, length);
        }

        void rewind() {
            readPos = 0;
        }

        int written() {
            return length;
        }

        @Override
        public int read(byte[] dst, int off, int len, long deadlineNanos) {
            if (readPos >= frozen.length) return -1;
            int n = Math.min(len, frozen.length - readPos);
            System.arraycopy(frozen, readPos, dst, off, n);
            readPos += n;
            return n;
        }

        @Override
        public void write(ByteBuffer... srcs) {
            for (ByteBuffer b : srcs) {
                int n = b.remaining();
                if (data.length - length < n) data = java.util.Arrays.copyOf(data, Math.max(data.length * 2, length + n));
                b.get(data, length, n);
                length += n;
            }
        }

        @Override
        public boolean awaitReadable(long timeoutNanos) {
            return true;
        }

        @Override
        public String describe() {
            return "memory";
        }

        @Override
        public void close() {}
    }
}
