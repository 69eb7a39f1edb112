package org.mpbridge.cli.seeds;

import java.util.concurrent.ThreadLocalRandom;

/**
 * The seeds' {@code time.sleep(n)} scaled by {@code MPBRIDGE_SEED_PACE} (default 1: the seed's own pacing; the
 * scenario matrix sets 0, as its {@code sitecustomize} does for the seed's Python processes). Pacing, not
 * synchronisation: nothing waits on it.
 */
final class SeedPace {
    private SeedPace() {}

    static void sleep(double seconds) throws InterruptedException {
        double pace = pace();
        if (pace > 0 && seconds > 0) Thread.sleep((long) (seconds * pace * 1000));
    }

    /** {@code random.randint(lo, hi)} seconds. */
    static void sleepRandint(int lo, int hi) throws InterruptedException {
        sleep(ThreadLocalRandom.current().nextInt(lo, hi + 1));
    }

    private static double pace() {
        String p = System.getenv("MPBRIDGE_SEED_PACE");
        try {
            return p == null || p.isBlank() ? 1 : Double.parseDouble(p);
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    /** Python's {@code '%s' % value}. */
    static String str(Object value) {
        return value instanceof String s ? s : org.mpbridge.pickle.PyRepr.repr(value);
    }
}
