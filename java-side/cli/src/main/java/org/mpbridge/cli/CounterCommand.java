package org.mpbridge.cli;

import java.util.concurrent.Callable;
import org.mpbridge.sem.NamedSemaphore;
import org.mpbridge.shm.Int32View;
import org.mpbridge.shm.Int64View;
import org.mpbridge.shm.ShareableList;
import org.mpbridge.shm.ShareableListDescriptor;
import org.mpbridge.shm.SharedMemory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code mpbridge counter --sem NAME --shm NAME --offset N --times K}: K times, acquire the semaphore, add 1
 * (or {@code --delta D}) to the little-endian int64 (or int32 with {@code --format i}, a {@code Value('i')}) at
 * offset N of the segment, release. The lost-update test: any missing mutual exclusion shows in the total.
 * {@code --item I} instead of {@code --offset} names int item I of a {@code ShareableList} in the segment, in
 * whichever layout (3.8's or 3.9+'s) it was written.
 */
@Command(name = "counter", mixinStandardHelpOptions = true,
        description = "K times: acquire --sem, add --delta to the LE integer at --offset of --shm, release.")
final class CounterCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Option(names = "--sem", required = true, paramLabel = "NAME", description = "the named semaphore held around each add") String sem;
    @Option(names = "--shm", required = true, paramLabel = "NAME", description = "the shared memory segment holding the counter") String shm;
    @Option(names = "--offset", paramLabel = "BYTES", description = "byte offset of the counter in --shm") Long offset;
    @Option(names = "--item", paramLabel = "I", description = "int item I of a ShareableList in --shm (either layout), instead of --offset")
    Integer item;
    @Option(names = "--times", required = true, paramLabel = "K", description = "how many adds") int times;
    @Option(names = "--delta", defaultValue = "1", paramLabel = "D", description = "added each time (default ${DEFAULT-VALUE})") long delta;
    @Option(names = "--format", defaultValue = "q", paramLabel = "q|i", description = "q: int64 (default), i: int32") String format;
    @Option(names = "--timeout", defaultValue = "60", paramLabel = "SECONDS", description = "bound on each wait for --sem")
    double timeout;

    @Override
    public Integer call() throws Exception {
        if (!format.equals("q") && !format.equals("i")) throw new ParameterException(spec.commandLine(), "--format must be q or i");
        if (times < 0) throw new ParameterException(spec.commandLine(), "--times must be >= 0");
        if (offset != null && item != null) throw new ParameterException(spec.commandLine(), "give --offset or --item, not both");
        if (item != null && !format.equals("q")) throw new ParameterException(spec.commandLine(), "--item counts a ShareableList int (format q)");
        long at = item != null ? itemOffset(item) : offset != null ? offset : 0;
        try (NamedSemaphore lock = NamedSemaphore.open(sem); SharedMemory seg = SharedMemory.attach(shm)) {
            Int64View q = format.equals("q") ? new Int64View(seg, at, 1) : null;
            Int32View i = format.equals("i") ? new Int32View(seg, at, 1) : null;
            long waitNs = Sem.nanos(timeout);
            for (int k = 0; k < times; k++) {
                SemTaskCommand.locked(lock, System.nanoTime() + waitNs, () -> {
                    if (q != null) q.set(0, q.get(0) + delta);
                    else i.set(0, Math.toIntExact(i.get(0) + delta));
                });
            }
        }
        return Main.EXIT_OK;
    }

    private long itemOffset(int index) throws java.io.IOException {
        try (ShareableList list = ShareableList.attach(shm)) {
            if (!ShareableListDescriptor.FORMAT_INT.equals(list.format(index))) {
                throw new ParameterException(spec.commandLine(), "--item " + index + ": the item is not an int (format "
                        + list.format(index) + ")");
            }
            return list.itemOffset(index);
        }
    }
}
