package org.mpbridge.cli;

import java.io.InterruptedIOException;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.mpbridge.sem.NamedSemaphore;
import org.mpbridge.shm.Int64View;
import org.mpbridge.shm.SharedMemory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code mpbridge sem task NAME --mutex M --shm SEG --capacity C --tasks T}: one of the seed's {@code Semaphore(3)}
 * tasks, measured. Inside the slot the task records itself in SEG (under the mutex) and stays until the slots are
 * full or too few tasks remain to fill them, so the run provably reaches C inside at once and any excess shows.
 * Python's twin is {@code mpbridge.peers.sem_peer task}.
 *
 * <pre>
 * SEG, little-endian int64s:
 * +0  inside      tasks between acquire and release now
 * +8  max_inside  the highest inside ever recorded
 * +16 done        tasks finished
 * +24 entries     tasks that entered
 * </pre>
 */
@Command(name = "task", description = "One measured Semaphore(C) task (see the seed scenario).")
final class SemTaskCommand implements Callable<Integer> {
    static final int INSIDE = 0;
    static final int MAX_INSIDE = 1;
    static final int DONE = 2;
    static final int ENTRIES = 3;

    @Parameters(index = "0", paramLabel = "NAME", description = "the Semaphore(C)") String name;
    @Option(names = "--mutex", required = true, paramLabel = "SEM", description = "a lock guarding SEG") String mutex;
    @Option(names = "--shm", required = true, paramLabel = "SEG", description = "the segment counting tasks inside and done") String shm;
    @Option(names = "--capacity", defaultValue = "3", description = "the semaphore's initial value C (default ${DEFAULT-VALUE})") int capacity;
    @Option(names = "--tasks", defaultValue = "10", description = "tasks in the whole run") int tasks;
    @Option(names = "--timeout", defaultValue = "60", paramLabel = "SECONDS", description = "bound on each wait (default ${DEFAULT-VALUE})") double timeout;

    @Override
    public Integer call() throws Exception {
        long deadline = System.nanoTime() + Sem.nanos(timeout);
        try (NamedSemaphore slots = NamedSemaphore.open(name); NamedSemaphore lock = NamedSemaphore.open(mutex);
             SharedMemory seg = SharedMemory.attach(shm)) {
            Int64View stats = new Int64View(seg, 0, 4);
            await(slots, deadline, name);
            try {
                locked(lock, deadline, () -> {
                    long inside = stats.get(INSIDE) + 1;
                    stats.set(INSIDE, inside);
                    stats.set(MAX_INSIDE, Math.max(stats.get(MAX_INSIDE), inside));
                    stats.set(ENTRIES, stats.get(ENTRIES) + 1);
                });
                while (true) {
                    boolean[] full = new boolean[1];
                    locked(lock, deadline, () -> full[0] = stats.get(INSIDE) >= Math.min(capacity, tasks - stats.get(DONE)));
                    if (full[0]) break;
                    if (System.nanoTime() > deadline) throw new InterruptedIOException("timed out waiting for the slots to fill");
                    Thread.sleep(2); // polling shared memory for a condition, bounded by the deadline
                }
                locked(lock, deadline, () -> {
                    stats.set(INSIDE, stats.get(INSIDE) - 1);
                    stats.set(DONE, stats.get(DONE) + 1);
                });
            } finally {
                slots.release();
            }
        }
        return Main.EXIT_OK;
    }

    static void await(NamedSemaphore s, long deadline, String what) throws Exception {
        if (!s.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
            throw new InterruptedIOException("timed out waiting for " + what);
        }
    }

    static void locked(NamedSemaphore lock, long deadline, Runnable body) throws Exception {
        await(lock, deadline, lock.name());
        try {
            body.run();
        } finally {
            lock.release();
        }
    }
}
