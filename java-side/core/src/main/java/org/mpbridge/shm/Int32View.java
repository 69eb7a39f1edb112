package org.mpbridge.shm;

/** Little-endian int32 items ({@code 'i'}, {@code c_int}, {@code '<i4'}). */
public final class Int32View extends TypedView {
    public static final int WIDTH = 4;

    public Int32View(MappedRegion region, long offset, int length) {
        super(region, offset, length, WIDTH);
    }

    /** Every whole item from {@code offset} to the end of the region. */
    public static Int32View of(MappedRegion region, long offset) {
        return new Int32View(region, offset, fit(region, offset, WIDTH));
    }

    public int get(int index) {
        int v = region.getInt(at(index));
        return NATIVE_LE ? v : Integer.reverseBytes(v);
    }

    public void set(int index, int value) {
        region.putInt(at(index), NATIVE_LE ? value : Integer.reverseBytes(value));
    }

    public int[] toArray() {
        int[] out = new int[length()];
        for (int i = 0; i < out.length; i++) out[i] = get(i);
        return out;
    }
}
