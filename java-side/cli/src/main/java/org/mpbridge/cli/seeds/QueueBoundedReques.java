package org.mpbridge.cli.seeds;

import java.time.Duration;
import org.mpbridge.manager.QueueEmptyException;
import org.mpbridge.process.JavaTarget;
import org.mpbridge.process.MpQueue;
import org.mpbridge.process.ProcessContext;

/**
 * Seed 002 "消息队列", {@code reques()} in Java ({@code args=(q,)}, see {@link QueueBoundedHandle}):
 * <pre>
 * while True:
 *     print('摇啊摇')
 *     time.sleep(2)
 *     try:
 *         print(q.get(timeout=3),end='')
 *     except:
 *         break
 * </pre>
 */
public final class QueueBoundedReques implements JavaTarget {
    @Override
    public void run(ProcessContext ctx) throws Exception {
        MpQueue q = ctx.arg(0, MpQueue.class);
        while (true) {
            System.out.println("摇啊摇");
            SeedPace.sleep(2);
            try {
                System.out.print(SeedPace.str(q.get(Duration.ofSeconds(3))));
            } catch (QueueEmptyException empty) {
                break;
            }
        }
    }
}
