package org.mpbridge.cli.seeds;

import org.mpbridge.process.JavaTarget;
import org.mpbridge.process.MpValue;
import org.mpbridge.process.ProcessContext;

/**
 * Seed 002 "value", {@code man()} in Java: {@code JavaProcess(target="org.mpbridge.cli.seeds.ValueMan",
 * args=(money,))} on the seed's own {@code Value('i', 5000)} (its heap arena mapped, its RLock opened by name):
 * <pre>
 * for i in range(30):
 *     time.sleep(0.2)
 *     money.value +=random.randint(1,1000)
 * </pre>
 * {@code money.value += x} is a locked read, then a locked write (not one locked update), as in the seed.
 */
public final class ValueMan implements JavaTarget {
    @Override
    public void run(ProcessContext ctx) throws Exception {
        ValueWorker.run(ctx.arg(0, MpValue.class), 1, 1, 1000);
    }
}
