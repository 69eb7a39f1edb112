package org.mpbridge.shm;

/** Little-endian IEEE-754 double items ({@code 'd'}, {@code c_double}, {@code '<f8'}). */
public final class Float64View extends TypedView {
    public static final int WIDTH = 8;

    public Float64View(MappedRegion region, long offset, int length) {
        super(region, offset, length, WIDTH);
    }

    /** Every whole item from {@code offset} to the end of the region. */
    public static Float64View of(MappedRegion region, long offset) {
        return new Float64View(region, offset, fit(region, offset, WIDTH));
    }

    public double get(int index) {
        long bits = region.getLong(at(index));
        return Double.longBitsToDouble(NATIVE_LE ? bits : Long.reverseBytes(bits));
    }

    public void set(int index, double value) {
        long bits = Double.doubleToRawLongBits(value);
        region.putLong(at(index), NATIVE_LE ? bits : Long.reverseBytes(bits));
    }

    public double[] toArray() {
        double[] out = new double[length()];
        for (int i = 0; i < out.length; i++) out[i] = get(i);
        return out;
    }
}
