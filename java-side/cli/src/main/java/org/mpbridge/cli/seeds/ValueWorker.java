package org.mpbridge.cli.seeds;

import org.mpbridge.process.MpValue;

/** The loop {@link ValueMan} and {@link ValueGirl} share: 30 times, sleep 0.2 s and {@code money.value ±= randint}. */
final class ValueWorker {
    private ValueWorker() {}

    static void run(MpValue money, int sign, int lo, int hi) throws InterruptedException {
        for (int i = 0; i < 30; i++) {
            SeedPace.sleep(0.2);
            int value = money.get().intValue();          // money.value (under its lock)
            int amount = SeedPace.randint(lo, hi);
            money.set(value + sign * amount);            // money.value = ... (under its lock)
        }
    }
}
