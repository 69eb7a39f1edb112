package org.mpbridge.cli.seeds;

import java.util.List;
import org.mpbridge.process.JavaTarget;
import org.mpbridge.process.MpQueue;
import org.mpbridge.process.ProcessContext;

/**
 * Seed 003 "Queue", {@code write(q)} in Java: {@code JavaProcess(target="org.mpbridge.cli.seeds.QueueWrite",
 * args=(q,))} on the seed's own {@code Queue()}:
 * <pre>
 * print('Process to write: %s' % os.getpid())
 * for value in ['A', 'B', 'C']:
 *     print('Put %s to queue...' % value)
 *     q.put(value)
 *     time.sleep(random.random())
 * </pre>
 */
public final class QueueWrite implements JavaTarget {
    @Override
    public void run(ProcessContext ctx) throws Exception {
        MpQueue q = ctx.arg(0, MpQueue.class);
        System.out.println("Process to write: " + ctx.pid());
        for (String value : List.of("A", "B", "C")) {
            System.out.println("Put " + value + " to queue...");
            q.put(value);
            SeedPace.sleep(SeedPace.random());
        }
    }
}
