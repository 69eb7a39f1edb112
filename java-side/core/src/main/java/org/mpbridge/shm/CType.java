package org.mpbridge.shm;

import java.math.BigInteger;

/**
 * The numeric typecodes of {@code multiprocessing.sharedctypes.typecode_to_type} with their {@code ctypes} sizes
 * on Linux LP64 (native byte order, as ctypes stores them). Values come back as Long (integers; {@code 'L'} and
 * {@code 'Q'} as BigInteger when above {@link Long#MAX_VALUE}) or Double.
 */
public enum CType {
    c_byte('b', 1, true), c_ubyte('B', 1, false), c_short('h', 2, true), c_ushort('H', 2, false),
    c_int('i', 4, true), c_uint('I', 4, false), c_long('l', 8, true), c_ulong('L', 8, false),
    c_longlong('q', 8, true), c_ulonglong('Q', 8, false), c_float('f', 4, true), c_double('d', 8, true);

    public final char typecode;
    public final int size;
    private final boolean signed;

    CType(char typecode, int size, boolean signed) {
        this.typecode = typecode;
        this.size = size;
        this.signed = signed;
    }

    public static CType of(char typecode) {
        for (CType t : values()) if (t.typecode == typecode) return t;
        throw new IllegalArgumentException("unsupported typecode '" + typecode + "': expected one of b B h H i I l L q Q f d");
    }

    public boolean isFloat() {
        return this == c_float || this == c_double;
    }

    public Number read(MappedRegion r, long offset) {
        switch (this) {
            case c_float: return (double) r.getFloat(offset);
            case c_double: return r.getDouble(offset);
            default: break;
        }
        long raw;
        switch (size) {
            case 1: raw = r.getByte(offset); break;
            case 2: raw = r.getShort(offset); break;
            case 4: raw = r.getInt(offset); break;
            default: raw = r.getLong(offset); break;
        }
        if (signed) return raw;
        if (size < 8) return raw & ((1L << (8 * size)) - 1);
        return raw >= 0 ? (Number) raw : new BigInteger(Long.toUnsignedString(raw));
    }

    /** Stores {@code value}, refusing what the ctype cannot hold (ctypes would wrap silently; we do not). */
    public void write(MappedRegion r, long offset, Number value) {
        if (isFloat()) {
            if (this == c_float) r.putFloat(offset, value.floatValue());
            else r.putDouble(offset, value.doubleValue());
            return;
        }
        BigInteger v = value instanceof BigInteger ? (BigInteger) value : BigInteger.valueOf(value.longValue());
        if (value instanceof Double || value instanceof Float) {
            throw new IllegalArgumentException("int expected instead of float for typecode '" + typecode + "'");
        }
        BigInteger min = signed ? BigInteger.ONE.shiftLeft(8 * size - 1).negate() : BigInteger.ZERO;
        BigInteger max = signed ? BigInteger.ONE.shiftLeft(8 * size - 1).subtract(BigInteger.ONE)
                : BigInteger.ONE.shiftLeft(8 * size).subtract(BigInteger.ONE);
        if (v.compareTo(min) < 0 || v.compareTo(max) > 0) {
            throw new IllegalArgumentException(v + " does not fit " + name() + " ('" + typecode + "', " + min + ".." + max + ")");
        }
        long bits = v.longValue();
        switch (size) {
            case 1: r.putByte(offset, (byte) bits); break;
            case 2: r.putShort(offset, (short) bits); break;
            case 4: r.putInt(offset, (int) bits); break;
            default: r.putLong(offset, bits); break;
        }
    }
}
