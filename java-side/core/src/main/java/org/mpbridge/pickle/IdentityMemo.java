package org.mpbridge.pickle;

/**
 * The pickler's memo: object identity → memo index, as CPython's PyMemoTable keys on the object's address.
 *
 * <p>What it is built around (profiled with perf and JFR on the 100k-dict pickle, 300k memo entries):
 * <ul>
 *   <li><b>No object reference in a big array.</b> The hash table is a {@code long[]} of
 *       {@code identityHashCode << 32 | memo index + 1} (open addressing, linear probing, no boxing, no entry
 *       objects, no references). The objects go, in memo order, into chunks small
 *       enough to be allocated young ({@link MemoChunks}). (The first version kept the keys in one
 *       {@code Object[]} of a million slots: a humongous, old array whose random stores dirtied a card each,
 *       and G1's refinement threads spent more CPU than the pickler.)</li>
 *   <li><b>No random memory access for a new object.</b> CPython hashes the object's address, so objects
 *       allocated in order fill its table in order; an identity hash is random, and a probe into an 8 MB table
 *       was a cache and TLB miss for every new dict, list and string (60 % of the samples). So, once the memo is
 *       big, a one-bit-per-hash filter ({@link #filter}, at most 512 KiB) answers "never seen" for nearly all
 *       new objects, new entries are logged in order ({@link #pending}) and put into the table in batches
 *       (independent stores the CPU overlaps) only when a lookup needs the table, and a small direct-mapped
 *       cache ({@link #hotKeys}) answers for the objects found again and again (a dict's key strings).</li>
 * </ul>
 * Not thread-safe; one per pickle.
 */
final class IdentityMemo {
    private static final int MAX_CAPACITY = 1 << 30;
    /** The memo size from which the filter, the log and the cache pay for themselves (below, the table is in cache). */
    private static final int FILTER_FROM = 4096;
    private static final int MAX_FILTER_BITS = 1 << 22;
    private static final int PENDING = 1024;
    private static final int HOT = 256;

    private long[] table = new long[16];
    /** Entries in the table. */
    private int size;
    private final MemoChunks objects = new MemoChunks();

    /** Bit {@code hash & (bits - 1)} is set for every entry (in the table or pending); null while the memo is small. */
    private long[] filter;
    private int filterMask;
    /** Entries not in the table yet, in memo order. */
    private long[] pending;
    private int pendingCount;
    private Object[] hotKeys;
    private int[] hotValues;

    private static int slot(int hash, int mask) {
        int h = hash * 0x9E3779B9;
        return (h ^ (h >>> 16)) & mask;
    }

    /** The memo index of {@code k}, or -1. */
    int get(Object k) {
        int hash = System.identityHashCode(k);
        long[] f = filter;
        if (f != null) {
            int c = hash & (HOT - 1);
            if (hotKeys[c] == k) return hotValues[c];
            int bit = hash & filterMask;
            if ((f[bit >>> 6] & (1L << bit)) == 0) return -1;
            if (pendingCount > 0) flush();
            int index = find(k, hash);
            if (index >= 0) {
                hotKeys[c] = k;
                hotValues[c] = index;
            }
            return index;
        }
        return find(k, hash);
    }

    private int find(Object k, int hash) {
        long[] t = table;
        int mask = t.length - 1;
        for (int i = slot(hash, mask); ; i = (i + 1) & mask) {
            long e = t[i];
            if (e == 0) return -1;
            if ((int) (e >>> 32) == hash) {
                int index = (int) e - 1;
                if (objects.get(index) == k) return index;
            }
        }
    }

    /** Room for {@code expected} entries without rehashing on the way (a big list's items are about to be memoized). */
    void reserve(int expected) {
        ensureCapacity(expected);
        if (expected >= FILTER_FROM) startFilter(expected);
    }

    /** Records {@code k}, which is not in the memo, at memo index {@code index}. */
    void put(Object k, int index) {
        objects.set(index, k);
        int hash = System.identityHashCode(k);
        long entry = ((long) hash << 32) | ((index + 1) & 0xffffffffL);
        long[] f = filter;
        if (f == null) {
            ensureCapacity(size + 1);
            insert(table, entry);
            size++;
            if (size >= FILTER_FROM) startFilter(size);
            return;
        }
        int bit = hash & filterMask;
        f[bit >>> 6] |= 1L << bit;
        pending[pendingCount++] = entry;
        if (pendingCount == PENDING) flush();
    }

    private void flush() {
        ensureCapacity(size + pendingCount);
        long[] t = table;
        long[] p = pending;
        for (int j = 0; j < pendingCount; j++) insert(t, p[j]);
        size += pendingCount;
        pendingCount = 0;
        if (size > (filterMask + 1) / 16 && filterMask + 1 < MAX_FILTER_BITS) startFilter(size);
    }

    /** Makes (or remakes, bigger) the filter, 16 bits per entry up to {@link #MAX_FILTER_BITS}, from the table. */
    private void startFilter(int expected) {
        if (pendingCount > 0) flush();
        int bits = Integer.highestOneBit(Math.min(MAX_FILTER_BITS, Math.max(1 << 16, expected * 16)) * 2 - 1);
        if (filter != null && bits <= filterMask + 1) return;
        long[] f = new long[bits >>> 6];
        int mask = bits - 1;
        for (long e : table) {
            if (e == 0) continue;
            int bit = (int) (e >>> 32) & mask;
            f[bit >>> 6] |= 1L << bit;
        }
        filter = f;
        filterMask = mask;
        if (pending == null) {
            pending = new long[PENDING];
            hotKeys = new Object[HOT];
            hotValues = new int[HOT];
        }
    }

    /** At most 3/4 full: past the filter, the table is probed only for objects found again and when the log is put in. */
    private void ensureCapacity(int entries) {
        if (4L * entries <= 3L * table.length) return;
        int capacity = table.length;
        while (4L * entries > 3L * capacity && capacity < MAX_CAPACITY) capacity = capacity < (1 << 16) ? capacity * 4 : capacity * 2;
        long[] t = new long[capacity];
        for (long e : table) if (e != 0) insert(t, e);
        table = t;
    }

    private static void insert(long[] t, long entry) {
        int mask = t.length - 1;
        int i = slot((int) (entry >>> 32), mask);
        while (t[i] != 0) i = (i + 1) & mask;
        t[i] = entry;
    }
}
