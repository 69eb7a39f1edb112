package org.mpbridge.cli.seeds;

import org.mpbridge.manager.DictProxy;
import org.mpbridge.process.JavaTarget;
import org.mpbridge.process.ProcessContext;
import org.mpbridge.sem.SemLock;

/**
 * Seed 000/001 "4 共享内存", {@code work(d, lock)} in Java: {@code JavaProcess(target=
 * "org.mpbridge.cli.seeds.ManagerCounterWork", args=(dic, lock))} on the seed's own {@code m.dict({'count':20})}
 * (a manager proxy: connected to the manager's address, authenticated with the key spawn passes) and its
 * {@code Lock()} (sem_open by name):
 * <pre>
 * with lock:
 *     print(f"计数器减一，当前为：{d['count']}")
 *     d['count']-=1
 * </pre>
 */
public final class ManagerCounterWork implements JavaTarget {
    @Override
    public void run(ProcessContext ctx) throws Exception {
        DictProxy d = ctx.arg(0, DictProxy.class);
        SemLock lock = ctx.arg(1, SemLock.class);
        try (SemLock.Held held = lock.hold()) {
            System.out.println("计数器减一，当前为：" + SeedPace.str(d.getItem("count")));
            d.setItem("count", ((Number) d.getItem("count")).longValue() - 1);
        }
    }
}
