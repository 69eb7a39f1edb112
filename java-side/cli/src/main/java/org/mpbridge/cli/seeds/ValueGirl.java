package org.mpbridge.cli.seeds;

import org.mpbridge.process.JavaTarget;
import org.mpbridge.process.MpValue;
import org.mpbridge.process.ProcessContext;

/**
 * Seed 002 "value", {@code girl()} in Java ({@code args=(money,)}, see {@link ValueMan}):
 * <pre>
 * for i in range(30):
 *     time.sleep(0.2)
 *     money.value -= random.randint(100,800)
 * </pre>
 */
public final class ValueGirl implements JavaTarget {
    @Override
    public void run(ProcessContext ctx) throws Exception {
        ValueWorker.run(ctx.arg(0, MpValue.class), -1, 100, 800);
    }
}
