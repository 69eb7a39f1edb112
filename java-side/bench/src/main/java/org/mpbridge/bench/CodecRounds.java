package org.mpbridge.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.mpbridge.pickle.PickleCodec;

/**
 * The Java side of {@code make bench-codec} (python-side/tools/bench_codec.py drives it and CPython alike, in
 * interleaved rounds). One command per stdin line, {@code WORKLOAD OP} with OP {@code dumps}, {@code loads} or
 * {@code copy}; one JSON line back: the median nanoseconds per operation over the round's repetitions and the
 * pickle's size ({@code ns} wall clock, {@code cpu_ns} this process's CPU time). A repetition is a batch of operations long enough to time (10,000 for the small message).
 */
public final class CodecRounds {
    private CodecRounds() {}

    private static volatile Object sink;
    /** The whole process's CPU time (GC and compiler threads included), in ns: clock_gettime(CLOCK_PROCESS_CPUTIME_ID). */
    private static final class PROCESS {
        static {
            com.sun.jna.Native.register("c");
        }

        static native int clock_gettime(int clock, long[] timespec);

        static long getProcessCpuTime() {
            long[] ts = new long[2];
            clock_gettime(2, ts);
            return ts[0] * 1_000_000_000L + ts[1];
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, Object> values = new HashMap<>();
        Map<String, byte[]> pickles = new HashMap<>();
        byte[] bulk = CodecPayloads.bulk();
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        out.println("{\"ready\": true}");
        String line;
        while ((line = in.readLine()) != null) {
            String[] w = line.trim().split("\\s+");
            if (w.length != 2) continue;
            String workload = w[0];
            String op = w[1];
            Object value = values.computeIfAbsent(workload, CodecPayloads::payload);
            byte[] pickle = pickles.get(workload);
            if (pickle == null) {
                pickle = PickleCodec.dumps(value);
                pickles.put(workload, pickle);
            }
            int batch = workload.equals("small") ? 10_000 : 1;
            int reps = workload.equals("dicts") ? 5 : workload.equals("small") ? 15 : 15;
            long[] times = new long[reps];
            long[] cpu = new long[reps];
            for (int r = 0; r < reps; r++) {
                long c0 = PROCESS.getProcessCpuTime();
                long t0 = System.nanoTime();
                for (int k = 0; k < batch; k++) {
                    switch (op) {
                        case "dumps" -> sink = PickleCodec.dumps(value);
                        case "loads" -> sink = PickleCodec.loads(pickle);
                        case "copy" -> sink = bulk.clone();
                        default -> throw new IllegalArgumentException(op);
                    }
                }
                times[r] = (System.nanoTime() - t0) / batch;
                cpu[r] = (PROCESS.getProcessCpuTime() - c0) / batch;
                sink = null;
            }
            Arrays.sort(times);
            Arrays.sort(cpu);
            out.printf("{\"workload\": \"%s\", \"op\": \"%s\", \"ns\": %d, \"min_ns\": %d, \"cpu_ns\": %d, \"size\": %d}%n",
                    workload, op, times[reps / 2], times[0], cpu[reps / 2], pickle.length);
        }
    }
}
