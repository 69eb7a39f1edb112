package org.mpbridge.bench;

import java.util.concurrent.TimeUnit;
import org.mpbridge.ProtocolException;
import org.mpbridge.pickle.PickleCodec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** {@link PickleCodec} dumps/loads of issue 12's workloads, and a plain copy of the bulk payload for scale. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
public class CodecBenchmark {
    @Param({"small", "dicts", "bytes", "bytearray"})
    public String workload;

    private Object value;
    private byte[] pickle;
    private byte[] bulk;

    @Setup(Level.Trial)
    public void setUp() throws ProtocolException {
        value = CodecPayloads.payload(workload);
        pickle = PickleCodec.dumps(value);
        bulk = CodecPayloads.bulk();
    }

    @Benchmark
    public byte[] dumps() throws ProtocolException {
        return PickleCodec.dumps(value);
    }

    @Benchmark
    public Object loads() throws ProtocolException {
        return PickleCodec.loads(pickle);
    }

    /** The yardstick for the 16 MiB goals: allocate and copy 16 MiB (the same whatever the workload). */
    @Benchmark
    public byte[] plainCopy16MiB() {
        return bulk.clone();
    }
}
