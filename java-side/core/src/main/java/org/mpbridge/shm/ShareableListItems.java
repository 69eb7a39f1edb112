package org.mpbridge.shm;

import static org.mpbridge.shm.ShareableListDescriptor.BOOL_BYTE;
import static org.mpbridge.shm.ShareableListDescriptor.FORMAT_BOOL;
import static org.mpbridge.shm.ShareableListDescriptor.FORMAT_BYTES_SUFFIX;
import static org.mpbridge.shm.ShareableListDescriptor.FORMAT_FLOAT;
import static org.mpbridge.shm.ShareableListDescriptor.FORMAT_INT;
import static org.mpbridge.shm.ShareableListDescriptor.FORMAT_LENGTH;
import static org.mpbridge.shm.ShareableListDescriptor.FORMAT_NONE;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** One item of a {@link ShareableList}: CPython's {@code _types_mapping}, {@code struct} packing and back-transforms. */
final class ShareableListItems {
    private ShareableListItems() {}

    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    /** Long, Double, Boolean, String, byte[] or null; anything else is refused. */
    static Object normalize(Object v) {
        if (v == null || v instanceof Long || v instanceof Double || v instanceof Boolean || v instanceof String
                || v instanceof byte[]) {
            return v;
        }
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) return ((Number) v).longValue();
        if (v instanceof Float) return ((Float) v).doubleValue();
        if (v instanceof BigInteger) {
            BigInteger b = (BigInteger) v;
            if (b.compareTo(LONG_MIN) < 0 || b.compareTo(LONG_MAX) > 0) {
                throw new IllegalArgumentException("int " + b + " does not fit a ShareableList slot ('q' format requires "
                        + Long.MIN_VALUE + " <= number <= " + Long.MAX_VALUE + ")");
            }
            return b.longValue();
        }
        throw new IllegalArgumentException("a ShareableList stores int, float, bool, str, bytes and None only, not "
                + v.getClass().getName());
    }

    /** The format {@code ShareableList.__init__} gives a value (str slots by character count). */
    static String createFormat(Object v) {
        if (v == null) return FORMAT_NONE;
        if (v instanceof Long) return FORMAT_INT;
        if (v instanceof Double) return FORMAT_FLOAT;
        if (v instanceof Boolean) return FORMAT_BOOL;
        long length = v instanceof String ? ((String) v).codePointCount(0, ((String) v).length()) : ((byte[]) v).length;
        String format = ShareableListDescriptor.bytesSlot(length) + FORMAT_BYTES_SUFFIX;
        if (format.length() > FORMAT_LENGTH) {
            throw new IllegalArgumentException("str/bytes of length " + length + " is too long for a ShareableList: its format '"
                    + format + "' exceeds " + FORMAT_LENGTH + " characters");
        }
        return format;
    }

    /** {@code struct.calcsize(format)} for the formats a ShareableList uses. */
    static long slotSize(String format) {
        return format.endsWith(FORMAT_BYTES_SUFFIX) ? byteCount(format) : ShareableListDescriptor.ALIGNMENT;
    }

    static byte code(Object v) {
        if (v == null) return ShareableListDescriptor.CODE_NONE;
        if (v instanceof String) return ShareableListDescriptor.CODE_STR;
        if (v instanceof byte[]) return ShareableListDescriptor.CODE_BYTES;
        return ShareableListDescriptor.CODE_AS_IS;
    }

    static byte[] encoded(Object v) {
        return v instanceof String ? ((String) v).getBytes(StandardCharsets.UTF_8) : (byte[]) v;
    }

    /** {@code struct.pack_into(format, buf, offset, value)}; "Ns" cuts or NUL-pads to N bytes. */
    static void pack(MappedRegion region, long offset, String format, Object v) {
        switch (format) {
            case FORMAT_INT:
                region.putLong(offset, (Long) v);
                return;
            case FORMAT_FLOAT:
                region.putDouble(offset, (Double) v);
                return;
            case FORMAT_BOOL:
                region.fill(offset, BOOL_BYTE, (byte) 0);
                region.putByte(offset + BOOL_BYTE, (byte) ((Boolean) v ? 1 : 0));
                return;
            case FORMAT_NONE:
                region.fill(offset, ShareableListDescriptor.ALIGNMENT, (byte) 0);
                return;
            default:
                int width = byteCount(format);
                byte[] bytes = encoded(v);
                int n = Math.min(bytes.length, width);
                region.putBytes(offset, bytes, 0, n);
                region.fill(offset + n, width - n, (byte) 0);
        }
    }

    /** {@code struct.unpack_from(format, buf, offset)[0]}: Long, Double, Boolean or byte[]. */
    static Object unpack(MappedRegion region, long offset, String format, int index) {
        long width = FORMAT_INT.equals(format) || FORMAT_FLOAT.equals(format) || FORMAT_BOOL.equals(format)
                || FORMAT_NONE.equals(format) ? 8 : format.endsWith(FORMAT_BYTES_SUFFIX) ? byteCount(format) : 0;
        if (width < 0 || offset < 0 || offset > region.size() - width) {
            // struct.error in CPython: the format reaches past the segment (found by ShareableListFuzzTest)
            throw new IllegalStateException("item " + index + ": unpack_from('" + format + "') at offset " + offset
                    + " requires " + width + " bytes, the segment has " + region.size());
        }
        switch (format) {
            case FORMAT_INT:
                return region.getLong(offset);
            case FORMAT_FLOAT:
                return region.getDouble(offset);
            case FORMAT_BOOL:
                return region.getByte(offset + BOOL_BYTE) != 0;
            case FORMAT_NONE:
                return region.getByte(offset + BOOL_BYTE - 1) != 0;
            default:
                if (!format.endsWith(FORMAT_BYTES_SUFFIX)) {
                    throw new IllegalStateException("item " + index + ": unknown struct format '" + format + "'");
                }
                return region.getBytes(offset, byteCount(format));
        }
    }

    /** {@code value.rstrip(b'\x00')}. */
    static byte[] stripNuls(byte[] b) {
        int end = b.length;
        while (end > 0 && b[end - 1] == 0) end--;
        return end == b.length ? b : Arrays.copyOf(b, end);
    }

    /** {@code value.decode('utf8')}, strict like CPython. */
    static String decode(byte[] utf8, int index) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(utf8)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalStateException("item " + index + ": stored str is not valid UTF-8 (CPython raises "
                    + "UnicodeDecodeError too; a str longer in UTF-8 than in characters is cut at its slot)", e);
        }
    }

    private static int byteCount(String format) {
        try {
            return Integer.parseInt(format.substring(0, format.length() - 1));
        } catch (NumberFormatException e) {
            throw new IllegalStateException("unknown struct format '" + format + "'");
        }
    }
}
