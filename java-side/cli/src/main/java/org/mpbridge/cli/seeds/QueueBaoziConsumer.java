package org.mpbridge.cli.seeds;

import org.mpbridge.process.JavaTarget;
import org.mpbridge.process.MpQueue;
import org.mpbridge.process.ProcessContext;

/**
 * Seed 000/001 "2 队列", the consumer in Java: {@code JavaProcess(target="org.mpbridge.cli.seeds.QueueBaoziConsumer",
 * args=(q,))} on the seed's own {@code multiprocessing.Queue()}:
 * <pre>
 * while True:
 *     res=q.get()
 *     if res is None: break
 *     time.sleep(random.randint(1,3))
 *     print('\033[45m%s 吃 %s\033[0m' %(os.getpid(),res))
 * </pre>
 */
public final class QueueBaoziConsumer implements JavaTarget {
    @Override
    public void run(ProcessContext ctx) throws Exception {
        MpQueue q = ctx.arg(0, MpQueue.class);
        while (true) {
            Object res = q.get();
            if (res == null) break;
            SeedPace.sleepRandint(1, 3);
            System.out.println("\033[45m" + ctx.pid() + " 吃 " + SeedPace.str(res) + "\033[0m");
        }
    }
}
