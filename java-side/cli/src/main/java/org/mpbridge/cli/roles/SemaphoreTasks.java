package org.mpbridge.cli.roles;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.mpbridge.sem.NamedSemaphore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Seed 002 "信号量": COUNT tasks at once on the named semaphore SEM, each on its own thread with its own
 * {@code sem_open} of the name. A task logs {@code enter ID NS} right after it acquired and {@code exit ID NS}
 * right before it releases (wall-clock nanoseconds, one {@code write(2)} per line on an {@code O_APPEND} log,
 * the clock Python's {@code time.time_ns()} reads), so the harness measures the overlap across both languages.
 */
@Command(name = "semaphore-tasks", mixinStandardHelpOptions = true,
        description = "COUNT tasks on semaphore SEM, logging enter/exit with wall-clock ns to LOG.")
public final class SemaphoreTasks implements Callable<Integer> {
    @Option(names = "--sem", required = true, paramLabel = "NAME", description = "the named semaphore (the seed's Semaphore(3))")
    String sem;
    @Option(names = "--log", required = true, paramLabel = "PATH", description = "file to append enter/exit lines to")
    Path log;
    @Option(names = "--first", defaultValue = "0", description = "number of the first task (default ${DEFAULT-VALUE})")
    int first;
    @Option(names = "--count", defaultValue = "5", description = "tasks, one thread each (default ${DEFAULT-VALUE})")
    int count;
    @Option(names = "--hold", defaultValue = "0.3", description = "seconds inside (the seed: 2)")
    double hold;
    @Option(names = "--timeout", defaultValue = "60", description = "seconds a task may wait to get in")
    long timeout;

    @Override
    public Integer call() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(count);
        try (FileChannel out = FileChannel.open(log, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            List<Future<Object>> tasks = new ArrayList<>();
            for (int i = first; i < first + count; i++) {
                int id = i;
                tasks.add(pool.submit(() -> {
                    task(id, out);
                    return null;
                }));
            }
            for (Future<Object> t : tasks) t.get(timeout + (long) Math.ceil(hold) + 10, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        return 0;
    }

    private void task(int id, FileChannel out) throws IOException, InterruptedException {
        try (NamedSemaphore s = NamedSemaphore.open(sem)) {
            if (!s.tryAcquire(timeout, TimeUnit.SECONDS)) throw new IOException("task " + id + ": no way in after " + timeout + " s");
            try {
                line(out, "enter " + id + " " + nowNanos());
                Thread.sleep((long) (hold * 1000));  // the task's work (the seed: sleep(2))
                line(out, "exit " + id + " " + nowNanos());
            } finally {
                s.release();
            }
        }
    }

    private static long nowNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /** One write per line: with O_APPEND, lines of concurrent writers never interleave. */
    private static void line(FileChannel out, String text) throws IOException {
        ByteBuffer b = ByteBuffer.wrap((text + "\n").getBytes(StandardCharsets.US_ASCII));
        while (b.hasRemaining()) out.write(b);
    }
}
