package org.mpbridge.shm;

import java.nio.ByteOrder;
import java.util.Objects;

/**
 * A fixed-width little-endian array laid over a {@link MappedRegion} at a byte offset: what Python sees through
 * {@code memoryview(buf).cast('i'|'q'|'d')}, {@code array.array}, {@code struct.unpack_from('<…')} or
 * {@code numpy.frombuffer(buf, '<i4'|'<i8'|'<f8')} on the same bytes.
 */
public abstract class TypedView {
    static final boolean NATIVE_LE = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

    final MappedRegion region;
    private final long offset;
    private final int length;
    private final int width;

    TypedView(MappedRegion region, long offset, int length, int width) {
        this.region = Objects.requireNonNull(region, "region");
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("offset and length must be >= 0: offset=" + offset + ", length=" + length);
        }
        if (offset + (long) length * width > region.size()) {
            throw new IllegalArgumentException(length + " items of " + width + " bytes at offset " + offset
                    + " exceed the region's " + region.size() + " bytes");
        }
        this.offset = offset;
        this.length = length;
        this.width = width;
    }

    /** Number of items. */
    public final int length() {
        return length;
    }

    /** Byte offset of item 0 in the region. */
    public final long offset() {
        return offset;
    }

    /** Bytes per item. */
    public final int width() {
        return width;
    }

    /** Byte offset of item {@code index}. */
    final long at(int index) {
        Objects.checkIndex(index, length);
        return offset + (long) index * width;
    }

    /** How many whole items of {@code width} bytes fit after {@code offset}. */
    static int fit(MappedRegion region, long offset, int width) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(0, (region.size() - offset) / width));
    }
}
