package org.mpbridge.shm;

/**
 * The byte layout of {@code multiprocessing.shared_memory.ShareableList} (Lib/multiprocessing/shared_memory.py),
 * {@code struct} native mode: native byte order, every field on an 8-byte boundary, no header beyond this.
 * N = number of items, S(i) = slot size of item i, O(i) = S(0) + ... + S(i-1).
 *
 * <pre>
 * v2, CPython 3.9-3.13 (offsets table)           v1, CPython 3.8 (sizes table)
 * +---------------------------+ 0                +---------------------------+ 0
 * | int64 N                   |                  | int64 N                   |
 * +---------------------------+ 8                +---------------------------+ 8
 * | int64 O(0)=0 ... O(N)     | (N+1) x 8        | int64 S(0) ... S(N-1)     | N x 8
 * +---------------------------+ 8(N+2)           +---------------------------+ 8(N+1)
 * | item i at O(i), S(i) bytes| data area        | item i at O(i), S(i) bytes| data area
 * +---------------------------+ +O(N)            +---------------------------+ +O(N)
 * | char[8] struct format x N | "q" "d" "16s"... | char[8] struct format x N |
 * +---------------------------+ +8N              +---------------------------+ +8N
 * | int8 back-transform x N   | 0 1 2 3          | int8 back-transform x N   |
 * +---------------------------+ total            +---------------------------+ total
 * </pre>
 *
 * The two are told apart by the first table entry: O(0) is always 0, while S(0) is at least 8. With N = 0, 3.8
 * allocates 8 bytes and 3.9+ 16 (the lone O(0)).
 *
 * <p>Slots (CPython's {@code _types_mapping}, {@code _alignment = 8}):
 * <pre>
 * type    format       slot bytes                    back-transform code
 * int     "q"          8 (int64)                     0 (as is)
 * float   "d"          8 (IEEE-754 double)           0
 * bool    "xxxxxxx?"   8, byte 7 is 0/1               0
 * str     "%ds"        8 * (chars / 8 + 1), UTF-8     1 (strip trailing NULs, decode)
 * bytes   "%ds"        8 * (len / 8 + 1)              2 (strip trailing NULs)
 * None    "xxxxxx?x"   8, all zero                    3 (None)
 * </pre>
 * A str slot is sized by its <em>character</em> count, so a string whose UTF-8 is longer is silently cut at
 * the slot size when the list is created (and may then fail to decode).
 */
public final class ShareableListDescriptor {
    private ShareableListDescriptor() {}

    /** Which table follows N. */
    public enum Layout {
        /** CPython 3.8: {@code sizes[N]}. */
        V1,
        /** CPython 3.9-3.13: {@code offsets[N+1]}; the default when writing. */
        V2;

        /** The layout CPython {@code major.minor} reads and writes. */
        public static Layout forPython(int major, int minor) {
            return major == 3 && minor == 8 ? V1 : V2;
        }
    }

    /** CPython's {@code _alignment}. */
    public static final int ALIGNMENT = 8;
    public static final int LENGTH_OFFSET = 0;
    public static final int TABLE_OFFSET = 8;
    /** Each stored format string is {@code "8s"}. */
    public static final int FORMAT_LENGTH = 8;

    public static final String FORMAT_INT = "q";
    public static final String FORMAT_FLOAT = "d";
    public static final String FORMAT_BOOL = "xxxxxxx?";
    public static final String FORMAT_NONE = "xxxxxx?x";
    /** The str/bytes format: {@code "%ds"} with the slot size. */
    public static final String FORMAT_BYTES_SUFFIX = "s";

    /** {@code _back_transforms_mapping} keys. */
    public static final byte CODE_AS_IS = 0;
    public static final byte CODE_STR = 1;
    public static final byte CODE_BYTES = 2;
    public static final byte CODE_NONE = 3;

    /** Byte 7 of a bool slot holds the value; byte 6 of a None slot is the (ignored) placeholder. */
    public static final int BOOL_BYTE = 7;

    /** Entries in the table after N. */
    public static int tableEntries(Layout layout, long n) {
        return Math.toIntExact(layout == Layout.V2 ? n + 1 : n);
    }

    /** {@code _offset_data_start}. */
    public static long dataStart(Layout layout, long n) {
        return TABLE_OFFSET + 8L * tableEntries(layout, n);
    }

    /** {@code _offset_packing_formats}: data start + total slot bytes. */
    public static long formatsStart(Layout layout, long n, long dataBytes) {
        return dataStart(layout, n) + dataBytes;
    }

    /** {@code _offset_back_transform_codes}. */
    public static long codesStart(Layout layout, long n, long dataBytes) {
        return formatsStart(layout, n, dataBytes) + (long) FORMAT_LENGTH * n;
    }

    /** The segment size CPython requests. */
    public static long totalSize(Layout layout, long n, long dataBytes) {
        return codesStart(layout, n, dataBytes) + n;
    }

    /** Slot size of a str (by character count, not UTF-8 length) or bytes of length {@code length}. */
    public static long bytesSlot(long length) {
        return ALIGNMENT * (length / ALIGNMENT + 1);
    }
}
