package org.mpbridge.shm;

import static org.mpbridge.shm.ShareableListDescriptor.CODE_AS_IS;
import static org.mpbridge.shm.ShareableListDescriptor.CODE_BYTES;
import static org.mpbridge.shm.ShareableListDescriptor.CODE_NONE;
import static org.mpbridge.shm.ShareableListDescriptor.CODE_STR;
import static org.mpbridge.shm.ShareableListDescriptor.FORMAT_LENGTH;
import static org.mpbridge.shm.ShareableListDescriptor.TABLE_OFFSET;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.mpbridge.shm.ShareableListDescriptor.Layout;

/**
 * {@code multiprocessing.shared_memory.ShareableList} from Java: read, written and created in CPython's exact
 * layout ({@link ShareableListDescriptor}), either the 3.9+ one (the default) or 3.8's.
 *
 * <p>Java values: {@code int} ↔ {@link Long} (also accepts Integer, Short, Byte, an in-range BigInteger),
 * {@code float} ↔ {@link Double} (also Float), {@code bool} ↔ {@link Boolean}, {@code str} ↔ {@link String},
 * {@code bytes} ↔ {@code byte[]}, {@code None} ↔ {@code null}. Indexes may be negative, as in Python.
 *
 * <p>CPython's behaviour is kept, quirks included: a str slot is sized by character count and the UTF-8 is cut
 * to fit when the list is created; trailing NULs of str and bytes are stripped on reading
 * ({@code b'ab\0'} reads back as {@code b'ab'}); {@link #set} may change an item's type, keeping its slot, and
 * refuses a str/bytes longer than the slot ({@code ValueError: bytes/str item exceeds available storage}).
 * No lock protects a ShareableList; concurrent writers need one (e.g. {@code org.mpbridge.sem.Lock}).
 */
public final class ShareableList implements AutoCloseable {
    private final SharedMemory shm;
    private final Layout layout;
    private final int length;
    /** offsets[i] = start of item i in the data area; offsets[length] = data bytes. */
    private final long[] offsets;
    private final long dataStart;
    private final long formatsStart;
    private final long codesStart;

    private ShareableList(SharedMemory shm, Layout layout, long[] offsets) {
        this.shm = shm;
        this.layout = layout;
        this.length = offsets.length - 1;
        this.offsets = offsets;
        this.dataStart = ShareableListDescriptor.dataStart(layout, length);
        this.formatsStart = ShareableListDescriptor.formatsStart(layout, length, offsets[length]);
        this.codesStart = ShareableListDescriptor.codesStart(layout, length, offsets[length]);
    }

    /** {@code ShareableList(items, name=name)} in the 3.9+ layout; {@code name} null picks a {@code psm_} name. */
    public static ShareableList create(String name, List<?> items) throws IOException {
        return create(name, items, Layout.V2);
    }

    /** {@code ShareableList(items, name=name)} as CPython 3.8 ({@link Layout#V1}) or 3.9+ ({@link Layout#V2}) makes it. */
    public static ShareableList create(String name, List<?> items, Layout layout) throws IOException {
        int n = items.size();
        Object[] values = new Object[n];
        String[] formats = new String[n];
        long[] offsets = new long[n + 1];
        for (int i = 0; i < n; i++) {
            values[i] = ShareableListItems.normalize(items.get(i));
            formats[i] = ShareableListItems.createFormat(values[i]);
            offsets[i + 1] = offsets[i] + ShareableListItems.slotSize(formats[i]);
        }
        long total = ShareableListDescriptor.totalSize(layout, n, offsets[n]);
        if (n == 0 && layout == Layout.V1) total = 8; // 3.8: "Some platforms require > 0"
        SharedMemory shm = name == null ? SharedMemory.create(total) : SharedMemory.create(name, total);
        try {
            ShareableList list = new ShareableList(shm, layout, offsets);
            list.writeHeader();
            for (int i = 0; i < n; i++) {
                list.writeFormatAndCode(i, formats[i], values[i]);
                list.pack(i, formats[i], values[i]);
            }
            return list;
        } catch (RuntimeException e) {
            shm.close();
            try {
                shm.unlink();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** {@code ShareableList(name=name)}: attaches and detects the layout. */
    public static ShareableList attach(String name) throws IOException {
        SharedMemory shm = SharedMemory.attach(name);
        try {
            return wrap(shm);
        } catch (RuntimeException e) {
            shm.close();
            throw e;
        }
    }

    /** A view over an attached segment (closing the list closes {@code shm}). */
    public static ShareableList wrap(SharedMemory shm) {
        long size = shm.size();
        String what = "shared memory '" + shm.name() + "' (" + size + " bytes)";
        if (size < 8) throw new IllegalArgumentException(what + " is too small to be a ShareableList");
        long n = shm.getLong(ShareableListDescriptor.LENGTH_OFFSET);
        if (n < 0 || n > (size - 8) / (8 + FORMAT_LENGTH + 1)) {
            throw new IllegalArgumentException(what + " is not a ShareableList: item count " + n + " does not fit");
        }
        Layout layout = detect(shm, (int) n);
        long[] offsets = new long[(int) n + 1];
        for (int i = 0; i < n; i++) {
            long entry = shm.getLong(TABLE_OFFSET + 8L * (layout == Layout.V2 ? i + 1 : i));
            offsets[i + 1] = layout == Layout.V2 ? entry : offsets[i] + entry;
            if (offsets[i + 1] < offsets[i]) {
                throw new IllegalArgumentException(what + " is not a ShareableList: slot " + i + " has negative size");
            }
        }
        long expected = ShareableListDescriptor.totalSize(layout, n, offsets[(int) n]);
        if (expected > size) {
            throw new IllegalArgumentException(what + " is not a ShareableList (" + layout + "): " + n
                    + " items need " + expected + " bytes");
        }
        return new ShareableList(shm, layout, offsets);
    }

    /** V2 when the first table entry is 0 (offsets start at 0), V1 when it is a slot size (at least 8). */
    static Layout detect(SharedMemory shm, int n) {
        if (n == 0) return shm.size() >= 16 ? Layout.V2 : Layout.V1;
        return shm.getLong(TABLE_OFFSET) == 0 ? Layout.V2 : Layout.V1;
    }

    public int size() {
        return length;
    }

    public Layout layout() {
        return layout;
    }

    public SharedMemory shm() {
        return shm;
    }

    /** Python's {@code sl.name}. */
    public String name() {
        return shm.name();
    }

    /**
     * Where item {@code index}'s slot starts in the segment ({@code _offset_data_start} + its offset), in either
     * layout: the place a typed view or {@code struct.pack_into} reaches the item directly (e.g. an int counter
     * updated under a lock that the list does not know about).
     */
    public long itemOffset(int index) {
        return dataStart + offsets[position(index)];
    }

    /** {@code sl[index]}. */
    public Object get(int index) {
        int i = position(index);
        String format = format(i);
        byte code = shm.getByte(codesStart + i);
        Object raw = ShareableListItems.unpack(shm, dataStart + offsets[i], format, i);
        switch (code) {
            case CODE_AS_IS:
                return raw;
            case CODE_STR:
                return ShareableListItems.decode(ShareableListItems.stripNuls(asBytes(raw, i, code)), i);
            case CODE_BYTES:
                return ShareableListItems.stripNuls(asBytes(raw, i, code));
            case CODE_NONE:
                return null;
            default:
                throw new IllegalStateException("item " + i + ": unknown back-transform code " + code);
        }
    }

    /** {@code sl[index] = value}: may change the item's type; str/bytes must fit the slot. */
    public void set(int index, Object value) {
        int i = position(index);
        Object v = ShareableListItems.normalize(value);
        String format;
        if (v instanceof String || v instanceof byte[]) {
            long slot = offsets[i + 1] - offsets[i];
            byte[] encoded = ShareableListItems.encoded(v);
            if (encoded.length > slot) {
                throw new IllegalArgumentException("bytes/str item exceeds available storage: " + encoded.length
                        + " bytes, slot " + i + " holds " + slot);
            }
            String current = format(i);
            format = current.endsWith(ShareableListDescriptor.FORMAT_BYTES_SUFFIX) ? current
                    : slot + ShareableListDescriptor.FORMAT_BYTES_SUFFIX;
        } else {
            format = ShareableListItems.createFormat(v);
        }
        writeFormatAndCode(i, format, v);
        pack(i, format, v);
    }

    /** {@code list(sl)}. */
    public List<Object> toList() {
        List<Object> out = new ArrayList<>(length);
        for (int i = 0; i < length; i++) out.add(get(i));
        return Collections.unmodifiableList(out);
    }

    /** {@code sl.format}: every item's struct format, joined. */
    public String format() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < length; i++) sb.append(format(i));
        return sb.toString();
    }

    /** The struct format stored for item {@code index}. */
    public String format(int index) {
        int i = position(index);
        byte[] raw = shm.getBytes(formatsStart + (long) FORMAT_LENGTH * i, FORMAT_LENGTH);
        return new String(ShareableListItems.stripNuls(raw), java.nio.charset.StandardCharsets.US_ASCII);
    }

    @Override
    public void close() {
        shm.close();
    }

    /** {@code sl.shm.unlink()}. */
    public void unlink() throws IOException {
        shm.unlink();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("ShareableList([");
        for (int i = 0; i < length; i++) {
            Object v = get(i);
            if (i > 0) sb.append(", ");
            sb.append(v instanceof byte[] ? "b" + Arrays.toString((byte[]) v) : v instanceof String ? "'" + v + "'" : v);
        }
        return sb.append("], name='").append(name()).append("')").toString();
    }

    private int position(int index) {
        int i = index < 0 ? index + length : index;
        if (i < 0 || i >= length) throw new IndexOutOfBoundsException("index out of range: " + index + " (length " + length + ")");
        return i;
    }

    private static byte[] asBytes(Object raw, int i, byte code) {
        if (raw instanceof byte[]) return (byte[]) raw;
        throw new IllegalStateException("item " + i + ": back-transform code " + code + " on a non-bytes slot");
    }

    private void writeHeader() {
        shm.putLong(ShareableListDescriptor.LENGTH_OFFSET, length);
        int entries = ShareableListDescriptor.tableEntries(layout, length);
        for (int e = 0; e < entries; e++) {
            long value = layout == Layout.V2 ? offsets[e] : offsets[e + 1] - offsets[e];
            shm.putLong(TABLE_OFFSET + 8L * e, value);
        }
    }

    private void writeFormatAndCode(int i, String format, Object value) {
        byte[] packed = new byte[FORMAT_LENGTH];
        byte[] ascii = format.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        System.arraycopy(ascii, 0, packed, 0, Math.min(ascii.length, FORMAT_LENGTH));
        shm.putBytes(formatsStart + (long) FORMAT_LENGTH * i, packed);
        shm.putByte(codesStart + i, ShareableListItems.code(value));
    }

    private void pack(int i, String format, Object value) {
        ShareableListItems.pack(shm, dataStart + offsets[i], format, value);
    }
}
