package org.mpbridge.cli.seeds;

import org.mpbridge.process.JavaTarget;
import org.mpbridge.process.MpQueue;
import org.mpbridge.process.ProcessContext;

/**
 * Seed 002 "消息队列", {@code handle()} in Java: {@code JavaProcess(target="org.mpbridge.cli.seeds.QueueBoundedHandle",
 * args=(q,))} on the seed's own {@code Queue(5)} (a put blocks while it is full, on the queue's own semaphore):
 * <pre>
 * for i in range(6):
 *     x = randint(1,34)
 *     q.put(x)
 * q.put(randint(1,16))
 * </pre>
 */
public final class QueueBoundedHandle implements JavaTarget {
    @Override
    public void run(ProcessContext ctx) throws Exception {
        MpQueue q = ctx.arg(0, MpQueue.class);
        for (int i = 0; i < 6; i++) q.put(SeedPace.randint(1, 34));
        q.put(SeedPace.randint(1, 16));
    }
}
