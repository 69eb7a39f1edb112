package org.mpbridge.cli.seeds;

/**
 * CPython's {@code random.Random} for the draws the seeds make: the Mersenne Twister of Modules/_randommodule.c,
 * seeded as {@code random.seed(n)} seeds it for an int ({@code init_by_array} over the 32-bit words of {@code abs(n)}),
 * {@code getrandbits(k)} for {@code k <= 32} and {@code randint(a, b)} as {@code a + _randbelow(b - a + 1)} (rejection
 * sampling on {@code n.bit_length()} bits) and {@code random()}, the same in CPython 3.8-3.13. A Java child seeded like its Python siblings
 * draws the numbers they would.
 */
final class PyRandom {
    private static final int N = 624;
    private static final int M = 397;
    private static final int MATRIX_A = 0x9908b0df;
    private static final int UPPER_MASK = 0x80000000;
    private static final int LOWER_MASK = 0x7fffffff;

    private final int[] mt = new int[N];
    private int index;

    /** {@code random.seed(seed)}. */
    PyRandom(long seed) {
        long a = Math.abs(seed);
        int[] key = (a >>> 32) == 0 ? new int[] {(int) a} : new int[] {(int) a, (int) (a >>> 32)};
        initByArray(key);
    }

    private void initGenrand(int s) {
        mt[0] = s;
        for (int i = 1; i < N; i++) mt[i] = 1812433253 * (mt[i - 1] ^ (mt[i - 1] >>> 30)) + i;
        index = N;
    }

    private void initByArray(int[] key) {
        initGenrand(19650218);
        int i = 1;
        int j = 0;
        for (int k = Math.max(N, key.length); k > 0; k--) {
            mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >>> 30)) * 1664525)) + key[j] + j;
            i++;
            j++;
            if (i >= N) {
                mt[0] = mt[N - 1];
                i = 1;
            }
            if (j >= key.length) j = 0;
        }
        for (int k = N - 1; k > 0; k--) {
            mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >>> 30)) * 1566083941)) - i;
            i++;
            if (i >= N) {
                mt[0] = mt[N - 1];
                i = 1;
            }
        }
        mt[0] = 0x80000000;
    }

    private int genrandUint32() {
        if (index >= N) {
            int kk = 0;
            for (; kk < N - M; kk++) mt[kk] = mt[kk + M] ^ twist(mt[kk], mt[kk + 1]);
            for (; kk < N - 1; kk++) mt[kk] = mt[kk + (M - N)] ^ twist(mt[kk], mt[kk + 1]);
            mt[N - 1] = mt[M - 1] ^ twist(mt[N - 1], mt[0]);
            index = 0;
        }
        int y = mt[index++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >>> 18;
        return y;
    }

    private static int twist(int upper, int lower) {
        int y = (upper & UPPER_MASK) | (lower & LOWER_MASK);
        return (y >>> 1) ^ ((y & 1) != 0 ? MATRIX_A : 0);
    }

    /** {@code getrandbits(k)}, {@code 1 <= k <= 32}. */
    long getrandbits(int k) {
        if (k < 1 || k > 32) throw new IllegalArgumentException("k must be 1..32, got " + k);
        return (genrandUint32() & 0xffffffffL) >>> (32 - k);
    }

    /** {@code random()}: 53 random bits as CPython makes them, {@code (a * 2**26 + b) / 2**53}. */
    double random() {
        long a = (genrandUint32() & 0xffffffffL) >>> 5;
        long b = (genrandUint32() & 0xffffffffL) >>> 6;
        return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0);
    }

    /** {@code randint(a, b)}: {@code a <= N <= b}, for ranges of at most 2**32 numbers. */
    long randint(long a, long b) {
        long n = b - a + 1;
        if (n <= 0) throw new IllegalArgumentException("empty range for randint(" + a + ", " + b + ")");
        int k = 64 - Long.numberOfLeadingZeros(n);
        long r = getrandbits(k);
        while (r >= n) r = getrandbits(k);
        return a + r;
    }
}
