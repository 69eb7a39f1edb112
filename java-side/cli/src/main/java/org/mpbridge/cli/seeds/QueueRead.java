package org.mpbridge.cli.seeds;

import org.mpbridge.process.JavaTarget;
import org.mpbridge.process.MpQueue;
import org.mpbridge.process.ProcessContext;

/**
 * Seed 003 "Queue", {@code read(q)} in Java ({@code args=(q,)}; the parent ends it with {@code pr.terminate()}):
 * <pre>
 * print('Process to read: %s' % os.getpid())
 * while True:
 *     value = q.get(True)
 *     print('Get %s from queue.' % value)
 * </pre>
 */
public final class QueueRead implements JavaTarget {
    @Override
    public void run(ProcessContext ctx) throws Exception {
        MpQueue q = ctx.arg(0, MpQueue.class);
        System.out.println("Process to read: " + ctx.pid());
        while (true) {
            Object value = q.get();
            System.out.println("Get " + SeedPace.str(value) + " from queue.");
        }
    }
}
