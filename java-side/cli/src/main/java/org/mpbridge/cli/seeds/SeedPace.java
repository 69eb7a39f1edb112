package org.mpbridge.cli.seeds;

import java.security.SecureRandom;

/**
 * The seeds' {@code time.sleep(n)} scaled by {@code MPBRIDGE_SEED_PACE} (default 1: the seed's own pacing; the
 * scenario matrix sets 0, as its {@code sitecustomize} does for the seed's Python processes). Pacing, not
 * synchronisation: nothing waits on it. {@link #randint} is the seeds' {@code random.randint}: CPython's own sequence
 * from {@code random.seed(MPBRIDGE_SEED_RANDOM)} when that is set (as the seeds' {@code sitecustomize} seeds every
 * Python process of the run), else from a random seed.
 */
final class SeedPace {
    private static final PyRandom RANDOM = new PyRandom(seed());

    private SeedPace() {}

    private static long seed() {
        String s = System.getenv("MPBRIDGE_SEED_RANDOM");
        if (s != null && !s.isBlank()) {
            try {
                return Long.parseLong(s.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("MPBRIDGE_SEED_RANDOM must be an integer, got " + s, e);
            }
        }
        return new SecureRandom().nextInt() & 0x7fffffffL;
    }

    /** {@code random.random()}. */
    static synchronized double random() {
        return RANDOM.random();
    }

    /** {@code random.randint(lo, hi)}. */
    static synchronized int randint(int lo, int hi) {
        return (int) RANDOM.randint(lo, hi);
    }

    static void sleep(double seconds) throws InterruptedException {
        double pace = pace();
        if (pace > 0 && seconds > 0) Thread.sleep((long) (seconds * pace * 1000));
    }

    /** {@code random.randint(lo, hi)} seconds. */
    static void sleepRandint(int lo, int hi) throws InterruptedException {
        sleep(randint(lo, hi));
    }

    private static double pace() {
        String p = System.getenv("MPBRIDGE_SEED_PACE");
        try {
            return p == null || p.isBlank() ? 1 : Double.parseDouble(p);
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    /** Python's {@code if value:} for the values a seed receives (None, bool, numbers, str, bytes, containers). */
    static boolean truthy(Object value) {
        if (value == null) return false;
        if (value instanceof Boolean b) return b;
        if (value instanceof Number n) return n.doubleValue() != 0;
        if (value instanceof CharSequence s) return s.length() > 0;
        if (value instanceof byte[] b) return b.length > 0;
        if (value instanceof java.util.Collection<?> c) return !c.isEmpty();
        if (value instanceof java.util.Map<?, ?> m) return !m.isEmpty();
        return true;
    }

    /** Python's {@code '%s' % value}. */
    static String str(Object value) {
        return value instanceof String s ? s : org.mpbridge.pickle.PyRepr.repr(value);
    }
}
