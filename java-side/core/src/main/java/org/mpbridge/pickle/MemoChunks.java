package org.mpbridge.pickle;

import java.util.Arrays;

/**
 * Objects by memo index, in chunks of {@link #CHUNK} references: the pickler's and the unpickler's memo storage.
 * One big {@code Object[]} of a few hundred thousand memo entries is a humongous, old array for G1, every store
 * into it dirties a card, and the refinement threads and each young pause then scan those cards (profiled with
 * perf on the 100k-dict pickle: more CPU than the codec itself). Chunks this small are allocated young, where the
 * write barrier is filtered out. Not thread-safe.
 */
final class MemoChunks {
    private static final int CHUNK_BITS = 13;
    /** References per chunk: 8 K (32 KiB with compressed oops), far below G1's humongous threshold. */
    private static final int CHUNK = 1 << CHUNK_BITS;

    private Object[][] chunks = new Object[1][];

    /** The object at {@code index}, or null (never set, or beyond what was set). */
    Object get(int index) {
        int c = index >>> CHUNK_BITS;
        if (c >= chunks.length) return null;
        Object[] chunk = chunks[c];
        return chunk == null ? null : chunk[index & (CHUNK - 1)];
    }

    /** Sets {@code index} (non-negative) and returns what was there. */
    Object set(int index, Object value) {
        int c = index >>> CHUNK_BITS;
        if (c >= chunks.length) chunks = Arrays.copyOf(chunks, Math.max(chunks.length * 2, c + 1));
        Object[] chunk = chunks[c];
        if (chunk == null) chunk = chunks[c] = new Object[index < CHUNK ? Math.max(16, Integer.highestOneBit(index) * 2) : CHUNK];
        int i = index & (CHUNK - 1);
        if (i >= chunk.length) chunk = chunks[c] = Arrays.copyOf(chunk, Math.min(CHUNK, Math.max(i + 1, chunk.length * 2)));
        Object old = chunk[i];
        chunk[i] = value;
        return old;
    }
}
