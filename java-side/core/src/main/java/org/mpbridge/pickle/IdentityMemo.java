package org.mpbridge.pickle;

/**
 * The pickler's memo: object identity → memo index, open addressing over parallel arrays (no boxing, no entry
 * objects), as CPython's PyMemoTable keys on the object's address. Not thread-safe.
 */
final class IdentityMemo {
    private static final int HOT = 256;
    private static final int HOT_FROM = 1024;
    private Object[] keys = new Object[16];
    private int[] values = new int[16];
    private int size;
    /**
     * Objects found again (a dict's key strings, shared values): a direct-mapped cache that stays in L1, made once
     * the table outgrows the caches itself (a small message never pays for it).
     */
    private Object[] hotKeys;
    private int[] hotValues;

    private static int mix(Object k) {
        int h = System.identityHashCode(k) * 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    private static int slot(Object k, int mask) {
        return mix(k) & mask;
    }

    /** The memo index of {@code k}, or -1. */
    int get(Object k) {
        int h = mix(k);
        int c = h & (HOT - 1);
        Object[] hk = hotKeys;
        if (hk != null && hk[c] == k) return hotValues[c];
        Object[] ks = keys;
        int mask = ks.length - 1;
        for (int i = h & mask; ; i = (i + 1) & mask) {
            Object x = ks[i];
            if (x == k) {
                if (hk != null) {
                    hk[c] = k;
                    hotValues[c] = values[i];
                }
                return values[i];
            }
            if (x == null) return -1;
        }
    }

    /** Room for {@code expected} entries without rehashing on the way (a big list's items are about to be memoized). */
    void reserve(int expected) {
        while (2L * expected > keys.length && keys.length < (1 << 29)) grow();
    }

    void put(Object k, int v) {
        if (2 * (size + 1) > keys.length) grow();
        Object[] ks = keys;
        int mask = ks.length - 1;
        for (int i = slot(k, mask); ; i = (i + 1) & mask) {
            Object x = ks[i];
            if (x == null) {
                ks[i] = k;
                values[i] = v;
                size++;
                return;
            }
            if (x == k) {
                values[i] = v;
                return;
            }
        }
    }

    private void grow() {
        if (hotKeys == null && size >= HOT_FROM) {
            hotKeys = new Object[HOT];
            hotValues = new int[HOT];
        }
        Object[] oldKeys = keys;
        int[] oldValues = values;
        int capacity = oldKeys.length < (1 << 16) ? oldKeys.length * 4 : oldKeys.length * 2;
        keys = new Object[capacity];
        values = new int[capacity];
        int mask = capacity - 1;
        for (int j = 0; j < oldKeys.length; j++) {
            Object k = oldKeys[j];
            if (k == null) continue;
            int i = slot(k, mask);
            while (keys[i] != null) i = (i + 1) & mask;
            keys[i] = k;
            values[i] = oldValues[j];
        }
    }
}
