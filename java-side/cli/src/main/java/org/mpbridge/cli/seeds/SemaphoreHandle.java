package org.mpbridge.cli.seeds;

import org.mpbridge.process.JavaTarget;
import org.mpbridge.process.ProcessContext;
import org.mpbridge.sem.SemLock;

/**
 * Seed 002 "信号量", the task in Java: {@code JavaProcess(target="org.mpbridge.cli.seeds.SemaphoreHandle",
 * args=(sem,))} on the seed's own {@code Semaphore(3)} (sem_open by its name):
 * <pre>
 * sem.acquire()
 * print('%s执行任务'%os.getpid())
 * sleep(2)
 * print('%s执行任务完毕'%os.getpid())
 * sem.release()
 * </pre>
 */
public final class SemaphoreHandle implements JavaTarget {
    @Override
    public void run(ProcessContext ctx) throws Exception {
        SemLock sem = ctx.arg(0, SemLock.class);
        sem.acquire();
        System.out.println(ctx.pid() + "执行任务");
        SeedPace.sleep(2);
        System.out.println(ctx.pid() + "执行任务完毕");
        sem.release();
    }
}
