package org.mpbridge.cli.seeds;

import org.mpbridge.process.JavaTarget;
import org.mpbridge.process.MpArray;
import org.mpbridge.process.ProcessContext;

/**
 * Seed 002 "Array", the child in Java: {@code JavaProcess(target="org.mpbridge.cli.seeds.ArrayFun", args=(shm,))}
 * on the seed's own {@code Array('i', [1, 2, 3, 4, 5])} (its heap arena mapped through /proc/self/fd/N):
 * <pre>
 * for i in shm:
 *     print(i)
 * shm[1] = 1000
 * </pre>
 */
public final class ArrayFun implements JavaTarget {
    @Override
    public void run(ProcessContext ctx) throws Exception {
        MpArray shm = ctx.arg(0, MpArray.class);
        for (Number i : shm.toList()) System.out.println(SeedPace.str(i));
        shm.set(1, 1000);
    }
}
