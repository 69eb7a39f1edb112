package org.mpbridge.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.mpbridge.sem.NamedSemaphore;
import org.mpbridge.shm.Float64View;
import org.mpbridge.shm.Int32View;
import org.mpbridge.shm.Int64View;
import org.mpbridge.shm.SharedMemory;
import org.mpbridge.shm.TypedView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mpbridge shm array-read|array-write}: little-endian typed arrays in a segment ({@code i} int32,
 * {@code q} int64, {@code d} float64, as {@code struct}/{@code array}/{@code memoryview.cast} name them),
 * optionally under a named semaphore held for the whole access (the seeds' {@code Array} with its lock).
 */
final class ShmArrayCommands {
    private ShmArrayCommands() {}

    abstract static class Base {
        @Spec CommandSpec spec;
        @Parameters(index = "0", paramLabel = "NAME") String name;
        @Parameters(index = "1", paramLabel = "FORMAT", description = "i (int32), q (int64) or d (float64), little-endian")
        String format;
        @Option(names = "--offset", paramLabel = "BYTES", defaultValue = "0", description = "byte offset of item 0 (default ${DEFAULT-VALUE})") long offset;
        @Option(names = "--sem", paramLabel = "SEM", description = "hold this named semaphore during the access")
        String sem;
        @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60", description = "bound on waiting for --sem")
        double timeout;

        TypedView view(SharedMemory shm, Integer count) {
            int width;
            switch (format) {
                case "i": width = Int32View.WIDTH; break;
                case "q": width = Int64View.WIDTH; break;
                case "d": width = Float64View.WIDTH; break;
                default: throw new ParameterException(spec.commandLine(), "FORMAT must be i, q or d, not '" + format + "'");
            }
            int n = count != null ? count : (int) Math.min(Integer.MAX_VALUE, Math.max(0, (shm.size() - offset) / width));
            try {
                switch (format) {
                    case "i": return new Int32View(shm, offset, n);
                    case "q": return new Int64View(shm, offset, n);
                    default: return new Float64View(shm, offset, n);
                }
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
        }

        /** Runs {@code body} with {@code --sem} held, if given. */
        void locked(Body body) throws Exception {
            if (sem == null) {
                body.run();
                return;
            }
            try (NamedSemaphore s = NamedSemaphore.open(sem)) {
                if (!s.tryAcquire(Sem.nanos(timeout), java.util.concurrent.TimeUnit.NANOSECONDS)) {
                    throw new java.io.InterruptedIOException("timed out after " + timeout + "s waiting for " + sem);
                }
                try {
                    body.run();
                } finally {
                    s.release();
                }
            }
        }
    }

    interface Body {
        void run() throws Exception;
    }

    @Command(name = "array-read", description = "Print COUNT items (default: to the end) at --offset as one JSON array line.")
    static final class Read extends Base implements Callable<Integer> {
        @Option(names = "--count", paramLabel = "N", description = "items to read (default: to the end)") Integer count;

        @Override
        public Integer call() throws Exception {
            try (SharedMemory shm = SharedMemory.attach(name)) {
                TypedView v = view(shm, count);
                List<Object> out = new ArrayList<>();
                locked(() -> {
                    for (int i = 0; i < v.length(); i++) {
                        if (v instanceof Int32View) out.add((long) ((Int32View) v).get(i));
                        else if (v instanceof Int64View) out.add(((Int64View) v).get(i));
                        else out.add(((Float64View) v).get(i));
                    }
                });
                System.out.println(Json.write(out));
            }
            return Main.EXIT_OK;
        }
    }

    @Command(name = "array-write", description = "Write the JSON array's numbers as items from --offset.")
    static final class Write extends Base implements Callable<Integer> {
        @Parameters(index = "2", paramLabel = "JSON_ARRAY") String json;

        @Override
        public Integer call() throws Exception {
            Object parsed = ShmCommand.parse(spec, json);
            if (!(parsed instanceof List)) throw new ParameterException(spec.commandLine(), "JSON_ARRAY must be a JSON array of numbers");
            List<?> values = (List<?>) parsed;
            for (Object o : values) {
                if (!(o instanceof Number)) throw new ParameterException(spec.commandLine(), "not a number: " + Json.write(o));
            }
            try (SharedMemory shm = SharedMemory.attach(name)) {
                TypedView v = view(shm, values.size());
                locked(() -> {
                    for (int i = 0; i < values.size(); i++) {
                        Number n = (Number) values.get(i);
                        if (v instanceof Int32View) ((Int32View) v).set(i, Math.toIntExact(exact(n)));
                        else if (v instanceof Int64View) ((Int64View) v).set(i, exact(n));
                        else ((Float64View) v).set(i, n.doubleValue());
                    }
                });
            }
            return Main.EXIT_OK;
        }

        private long exact(Number n) {
            if (n instanceof Double) throw new ParameterException(spec.commandLine(), "integer expected for format " + format + ": " + n);
            if (n instanceof java.math.BigInteger) return ((java.math.BigInteger) n).longValueExact();
            return n.longValue();
        }
    }
}
