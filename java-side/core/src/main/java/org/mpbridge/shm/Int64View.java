package org.mpbridge.shm;

/** Little-endian int64 items ({@code 'q'}, {@code c_int64}, {@code '<i8'}). */
public final class Int64View extends TypedView {
    public static final int WIDTH = 8;

    public Int64View(MappedRegion region, long offset, int length) {
        super(region, offset, length, WIDTH);
    }

    /** Every whole item from {@code offset} to the end of the region. */
    public static Int64View of(MappedRegion region, long offset) {
        return new Int64View(region, offset, fit(region, offset, WIDTH));
    }

    public long get(int index) {
        long v = region.getLong(at(index));
        return NATIVE_LE ? v : Long.reverseBytes(v);
    }

    public void set(int index, long value) {
        region.putLong(at(index), NATIVE_LE ? value : Long.reverseBytes(value));
    }

    public long[] toArray() {
        long[] out = new long[length()];
        for (int i = 0; i < out.length; i++) out[i] = get(i);
        return out;
    }
}
