package org.mpbridge.pickle;

import static org.mpbridge.pickle.PickleOpcodes.*;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * mpbridge's pickler: writes what CPython's C pickler writes for the same value, opcode for opcode (protocol 4:
 * FRAME, SHORT_BINUNICODE, MEMOIZE, STACK_GLOBAL, EMPTY_SET/FROZENSET; protocol 2 as {@code pickle.dumps(x, 2)}
 * with {@code fix_imports}, for Python 2.7 peers). The memo is by identity, as CPython's: shared references
 * stay shared, equal-but-distinct objects stay distinct. Payloads of 64 KiB or more are written outside frames,
 * as CPython does, and copied once, straight into the result. Not thread-safe; one per message.
 */
final class PickleWriter {
    static final int MAX_DEPTH = 1000;
    private static final int BATCHSIZE = 1000;
    private static final int FRAME_HEADER_SIZE = 9;
    private static final String LATIN1 = "latin1";

    private final int protocol;
    private final boolean framing;
    /** Where a finished stretch of output is handed over: big outputs are built in pieces, never in one growing array. */
    private static final int PIECE = 64 * 1024;

    private byte[] buf = new byte[128];
    private int pos;
    private int frameStart = -1;
    /**
     * Output finished so far, in order: full buffers (one frame each at protocol 4) and large payloads, which are
     * never copied until the result is assembled. Keeps a big pickle free of array doubling (and, under G1, of
     * humongous allocations) and copies each byte once into the exact-size result.
     */
    private List<byte[]> pieces;
    private int[] pieceLengths;
    private long piecesLength;

    private final IdentityMemo memo = new IdentityMemo();
    private HashMap<Object, Integer> valueMemo;  // globals and their module names, made on first use
    private int memoSize;
    private int depth;

    PickleWriter(int protocol) {
        if (protocol != 2 && protocol != 4) throw new IllegalArgumentException("protocol must be 2 or 4, not " + protocol);
        this.protocol = protocol;
        this.framing = protocol >= 4;
    }

    byte[] dumps(Object value) {
        grow(2);  // PROTO precedes the first frame
        buf[pos++] = (byte) PROTO;
        buf[pos++] = (byte) protocol;
        save(value);
        write(STOP);
        commitFrame();
        return result();
    }

    private byte[] result() {
        if (pieces == null) return Arrays.copyOf(buf, pos);
        long total = piecesLength + pos;
        if (total > Integer.MAX_VALUE - 8) throw new PickleError("OverflowError", "pickle of " + total + " bytes does not fit a Java array");
        byte[] out = new byte[(int) total];
        int at = 0;
        for (int k = 0; k < pieces.size(); k++) {
            System.arraycopy(pieces.get(k), 0, out, at, pieceLengths[k]);
            at += pieceLengths[k];
        }
        System.arraycopy(buf, 0, out, at, pos);
        return out;
    }

    /** Hands the buffer's contents over as a piece (no frame may be open) and starts a fresh buffer. */
    private void flush() {
        if (pos > 0) addPiece(buf, pos);
        buf = new byte[PIECE + PIECE / 4];
        pos = 0;
    }

    private void addPiece(byte[] data, int length) {
        if (pieces == null) {
            pieces = new ArrayList<>();
            pieceLengths = new int[16];
        }
        if (pieces.size() == pieceLengths.length) pieceLengths = Arrays.copyOf(pieceLengths, pieceLengths.length * 2);
        pieceLengths[pieces.size()] = length;
        pieces.add(data);
        piecesLength += length;
    }

    // ---- output and frames

    private void ensure(int n) {
        if (framing && frameStart < 0) {
            frameStart = pos;
            grow(FRAME_HEADER_SIZE + n);
            pos += FRAME_HEADER_SIZE;
            return;
        }
        grow(n);
    }

    private void grow(int n) {
        if (buf.length - pos < n) {
            long want = Math.max((long) buf.length * 2, (long) pos + n);
            if (want > Integer.MAX_VALUE - 8) want = Integer.MAX_VALUE - 8;
            if (want < (long) pos + n) throw new PickleError("OverflowError", "pickle too large for a Java array");
            buf = Arrays.copyOf(buf, (int) want);
        }
    }

    private void write(int op) {
        ensure(1);
        buf[pos++] = (byte) op;
    }

    private void write(int op, int b) {
        ensure(2);
        buf[pos++] = (byte) op;
        buf[pos++] = (byte) b;
    }

    private void writeLe32(int op, int v) {
        ensure(5);
        buf[pos++] = (byte) op;
        putLe32(v);
    }

    private void putLe32(int v) {
        buf[pos++] = (byte) v;
        buf[pos++] = (byte) (v >> 8);
        buf[pos++] = (byte) (v >> 16);
        buf[pos++] = (byte) (v >> 24);
    }

    private void putLe64(long v) {
        for (int k = 0; k < 8; k++) buf[pos++] = (byte) (v >> (8 * k));
    }

    private void commitFrame() {
        if (!framing || frameStart < 0) return;
        int frameLen = pos - frameStart - FRAME_HEADER_SIZE;
        if (frameLen >= FRAME_SIZE_MIN) {
            int save = pos;
            pos = frameStart;
            buf[pos++] = (byte) FRAME;
            putLe64(frameLen);
            pos = save;
        } else {
            System.arraycopy(buf, frameStart + FRAME_HEADER_SIZE, buf, frameStart, frameLen);
            pos -= FRAME_HEADER_SIZE;
        }
        frameStart = -1;
        if (pos >= PIECE) flush();
    }

    /** At each save (an opcode boundary): a frame that reached 64 KiB is closed (protocol 2: the buffer is handed over). */
    private void opcodeBoundary() {
        if (frameStart >= 0) {
            if (pos - frameStart - FRAME_HEADER_SIZE >= FRAME_SIZE_TARGET) commitFrame();
        } else if (!framing && pos >= PIECE) {
            flush();
        }
    }

    /** {@code _Pickler_write_bytes}: a header then a payload, which bypasses frames (and the buffer) from 64 KiB on. */
    private void writeBytes(byte[] header, int headerLen, byte[] data) {
        if (data.length >= FRAME_SIZE_TARGET) {
            commitFrame();
            grow(headerLen);
            System.arraycopy(header, 0, buf, pos, headerLen);
            pos += headerLen;
            addPiece(buf, pos);
            addPiece(data, data.length);
            buf = new byte[128];
            pos = 0;
        } else {
            ensure(headerLen + data.length);
            System.arraycopy(header, 0, buf, pos, headerLen);
            pos += headerLen;
            System.arraycopy(data, 0, buf, pos, data.length);
            pos += data.length;
        }
    }

    // ---- memo

    private void memoize(Object o) {
        int idx = memoSize++;
        memo.put(o, idx);
        putOp(idx);
    }

    /** A memo slot for an object no one can reach again (an argument tuple CPython builds and memoizes). */
    private void memoizeAnonymous() {
        putOp(memoSize++);
    }

    private void putOp(int idx) {
        if (protocol >= 4) write(MEMOIZE);
        else if (idx < 256) write(BINPUT, idx);
        else writeLe32(LONG_BINPUT, idx);
    }

    private void getOp(int idx) {
        if (idx < 256) write(BINGET, idx);
        else writeLe32(LONG_BINGET, idx);
    }

    // ---- save

    void save(Object o) {
        opcodeBoundary();
        if (o == null) {
            write(NONE);
            return;
        }
        if (o instanceof Integer i) {
            saveInt(i);
            return;
        }
        if (o instanceof Boolean b) {
            write(b ? NEWTRUE : NEWFALSE);
            return;
        }
        if (o instanceof Long l) {
            if (l == (int) (long) l) saveInt((int) (long) l);
            else saveLong(BigInteger.valueOf(l));
            return;
        }
        if (o instanceof Double d) {
            saveFloat(d);
            return;
        }
        if (o instanceof Short || o instanceof Byte) {
            saveInt(((Number) o).intValue());
            return;
        }
        if (o instanceof BigInteger big) {
            if (big.bitLength() < 32) saveInt(big.intValue());
            else saveLong(big);
            return;
        }
        if (o instanceof Float f) {
            saveFloat(f.doubleValue());
            return;
        }
        int seen = memo.get(o);
        if (seen >= 0) {
            getOp(seen);
            return;
        }
        if (o instanceof String s) {
            saveStr(s);
            memoize(o);
            return;
        }
        if (o instanceof byte[] b) {
            saveBytes(b);
            return;
        }
        if (++depth > MAX_DEPTH) {
            throw new PickleError("RecursionError", "maximum recursion depth exceeded while pickling an object");
        }
        try {
            saveObject(o);
        } finally {
            depth--;
        }
    }

    private void saveInt(int v) {
        if (v >= 0 && v <= 0xff) {
            write(BININT1, v);
        } else if (v >= 0 && v <= 0xffff) {
            ensure(3);
            buf[pos++] = (byte) BININT2;
            buf[pos++] = (byte) v;
            buf[pos++] = (byte) (v >> 8);
        } else {
            writeLe32(BININT, v);
        }
    }

    /** LONG1/LONG4: minimal little-endian two's complement. */
    private void saveLong(BigInteger v) {
        byte[] be = v.toByteArray();
        int n = be.length;
        if (n < 256) {
            ensure(2 + n);
            buf[pos++] = (byte) LONG1;
            buf[pos++] = (byte) n;
        } else {
            ensure(5 + n);
            buf[pos++] = (byte) LONG4;
            putLe32(n);
        }
        for (int k = n - 1; k >= 0; k--) buf[pos++] = be[k];
    }

    private void saveFloat(double d) {
        ensure(9);
        buf[pos++] = (byte) BINFLOAT;
        long bits = Double.doubleToRawLongBits(d);
        if (Double.isNaN(d)) bits = Double.doubleToLongBits(d);
        for (int k = 7; k >= 0; k--) buf[pos++] = (byte) (bits >> (8 * k));
    }

    private void saveStr(String s) {
        int n = s.length();
        if (n < 256 / 3 || (n < 256 && isAscii(s))) {
            // short: encode straight into the buffer behind a 1- or 5-byte header
            int max = n * 3;
            ensure(5 + max);
            int headerAt = pos;
            boolean shortForm = protocol >= 4;
            pos += shortForm ? 2 : 5;
            int start = pos;
            pos = Utf8.encode(s, buf, pos);
            int len = pos - start;
            if (shortForm && len <= 0xff) {
                buf[headerAt] = (byte) SHORT_BINUNICODE;
                buf[headerAt + 1] = (byte) len;
            } else if (shortForm) {
                System.arraycopy(buf, start, buf, headerAt + 5, len);
                pos = headerAt + 5 + len;
                buf[headerAt] = (byte) BINUNICODE;
                int save = pos;
                pos = headerAt + 1;
                putLe32(len);
                pos = save;
            } else {
                buf[headerAt] = (byte) BINUNICODE;
                int save = pos;
                pos = headerAt + 1;
                putLe32(len);
                pos = save;
            }
            return;
        }
        int len = Utf8.encodedLength(s);
        byte[] header = new byte[5];
        int headerLen;
        if (protocol >= 4 && len <= 0xff) {
            header[0] = (byte) SHORT_BINUNICODE;
            header[1] = (byte) len;
            headerLen = 2;
        } else {
            header[0] = (byte) BINUNICODE;
            for (int k = 0; k < 4; k++) header[1 + k] = (byte) (len >> (8 * k));
            headerLen = 5;
        }
        if (len >= FRAME_SIZE_TARGET) {
            byte[] data = new byte[len];
            Utf8.encode(s, data, 0);
            writeBytes(header, headerLen, data);
        } else {
            ensure(headerLen + len);
            System.arraycopy(header, 0, buf, pos, headerLen);
            pos += headerLen;
            pos = Utf8.encode(s, buf, pos);
        }
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) if (s.charAt(i) >= 0x80) return false;
        return true;
    }

    private void saveBytes(byte[] b) {
        if (protocol < 3) {
            if (b.length == 0) {
                saveGlobal("builtins", "bytes");
                write(EMPTY_TUPLE);
                write(REDUCE);
            } else {
                saveGlobal("_codecs", "encode");
                save(new String(b, java.nio.charset.StandardCharsets.ISO_8859_1));
                save(LATIN1);
                write(TUPLE2);
                memoizeAnonymous();
                write(REDUCE);
            }
            memoize(b);
            return;
        }
        byte[] header = new byte[5];
        int headerLen;
        if (b.length <= 0xff) {
            header[0] = (byte) SHORT_BINBYTES;
            header[1] = (byte) b.length;
            headerLen = 2;
        } else {
            header[0] = (byte) BINBYTES;
            for (int k = 0; k < 4; k++) header[1 + k] = (byte) (b.length >> (8 * k));
            headerLen = 5;
        }
        writeBytes(header, headerLen, b);
        memoize(b);
    }

    private void saveObject(Object o) {
        Class<?> type = o.getClass();
        if (type == LinkedHashMap.class || type == HashMap.class) {  // the common cases first, without interface checks
            write(EMPTY_DICT);
            memoize(o);
            batchSetItems((Map<?, ?>) o);
            return;
        }
        if (type == ArrayList.class) {
            write(EMPTY_LIST);
            memoize(o);
            batchAppends((List<?>) o);
            return;
        }
        if (o instanceof PyTuple t) {
            saveTuple(t, t.size());
        } else if (o instanceof Object[] array) {
            saveTuple(o, array.length);
        } else if (o instanceof List<?> list) {
            write(EMPTY_LIST);
            memoize(o);
            batchAppends(list);
        } else if (o instanceof Map<?, ?> map) {
            write(EMPTY_DICT);
            memoize(o);
            batchSetItems(map);
        } else if (o instanceof PyFrozenSet fs) {
            if (protocol < 4) {
                reduceWithList("frozenset", fs, o);
                return;
            }
            write(MARK);
            for (Object x : fs) save(x);
            int seen = memo.get(o);
            if (seen >= 0) {
                write(POP_MARK);
                getOp(seen);
                return;
            }
            write(FROZENSET);
            memoize(o);
        } else if (o instanceof Set<?> set) {
            if (protocol < 4) {
                reduceWithList("set", set, o);
                return;
            }
            write(EMPTY_SET);
            memoize(o);
            if (set.isEmpty()) return;
            Iterator<?> it = set.iterator();
            int i;
            do {
                write(MARK);
                for (i = 0; i < BATCHSIZE && it.hasNext(); i++) save(it.next());
                write(ADDITEMS);
            } while (i == BATCHSIZE);
        } else if (o instanceof PyByteArray ba) {
            saveGlobal("builtins", "bytearray");
            byte[] b = ba.bytes();
            if (b.length == 0) {
                write(EMPTY_TUPLE);
            } else {
                save(b);
                write(TUPLE1);
                memoizeAnonymous();
            }
            write(REDUCE);
            memoize(o);
        } else if (o instanceof PyObject obj) {
            savePyObject(obj);
        } else if (o instanceof PyGlobal g) {
            saveGlobal(g.module(), g.name());
        } else if (o instanceof PyComplex c) {
            reduce(o, "builtins", "complex", c.real(), c.imag());
        } else if (o instanceof BigDecimal d) {
            reduce(o, "decimal", "Decimal", d.toString());
        } else if (o instanceof LocalDate d) {
            reduce(o, "datetime", "date", (Object) dateState(d));
        } else if (o instanceof LocalTime t) {
            reduce(o, "datetime", "time", (Object) timeState(t));
        } else if (o instanceof OffsetTime t) {
            reduce(o, "datetime", "time", timeState(t.toLocalTime()), t.getOffset());
        } else if (o instanceof LocalDateTime dt) {
            reduce(o, "datetime", "datetime", (Object) dateTimeState(dt));
        } else if (o instanceof OffsetDateTime dt) {
            reduce(o, "datetime", "datetime", dateTimeState(dt.toLocalDateTime()), dt.getOffset());
        } else if (o instanceof ZoneOffset z) {
            reduce(o, "datetime", "timezone", Duration.ofSeconds(z.getTotalSeconds()));
        } else if (o instanceof Duration d) {
            long micros = d.getNano() / 1000;
            reduce(o, "datetime", "timedelta", Math.floorDiv(d.getSeconds(), 86400), Math.floorMod(d.getSeconds(), 86400), micros);
        } else if (o instanceof Enum<?> e) {
            save(e.name());
        } else if (o instanceof Character c) {
            save(String.valueOf(c));
        } else if (o instanceof Collection<?> c) {
            save(new ArrayList<>(c));
        } else {
            throw new PickleError("PicklingError", "cannot pickle " + o.getClass().getName()
                    + ": convert it to a type in mpbridge's type table (README) or a PyObject");
        }
    }

    private void saveTuple(Object t, int len) {
        if (len == 0) {
            write(EMPTY_TUPLE);
            return;
        }
        boolean small = len <= 3;
        if (!small) write(MARK);
        for (int i = 0; i < len; i++) save(t instanceof PyTuple p ? p.get(i) : ((Object[]) t)[i]);
        int seen = memo.get(t);
        if (seen >= 0) {
            // the tuple was reached again through its own elements (a list inside it): drop the copy
            if (small) for (int i = 0; i < len; i++) write(POP);
            else write(POP_MARK);
            getOp(seen);
            return;
        }
        write(small ? (len == 1 ? TUPLE1 : len == 2 ? TUPLE2 : TUPLE3) : TUPLE);
        memoize(t);
    }

    /** {@code batch_list_exact}: one item → APPEND; else MARK ... APPENDS in batches of 1000. */
    private void batchAppends(Collection<?> items) {
        int size = items.size();
        if (size == 0) return;
        Iterator<?> it = items.iterator();
        if (size == 1) {
            save(it.next());
            write(APPEND);
            return;
        }
        if (size >= 1024) memo.reserve(memoSize + 2 * Math.min(size, 1 << 20));  // each item and at least one part of it: saves rehashing a big table
        while (it.hasNext()) {
            write(MARK);
            for (int n = 0; n < BATCHSIZE && it.hasNext(); n++) save(it.next());
            write(APPENDS);
        }
    }

    /** {@code batch_dict_exact}: one item → SETITEM; else MARK ... SETITEMS in batches of 1000 (and CPython's empty tail batch). */
    private void batchSetItems(Map<?, ?> map) {
        int size = map.size();
        if (size == 0) return;
        Iterator<? extends Map.Entry<?, ?>> it = map.entrySet().iterator();
        if (size == 1) {
            Map.Entry<?, ?> e = it.next();
            save(e.getKey());
            save(e.getValue());
            write(SETITEM);
            return;
        }
        int i;
        do {
            write(MARK);
            for (i = 0; i < BATCHSIZE && it.hasNext(); i++) {
                Map.Entry<?, ?> e = it.next();
                save(e.getKey());
                save(e.getValue());
            }
            write(SETITEMS);
        } while (i == BATCHSIZE);
    }

    /** Protocol < 4 sets: {@code set(list)} / {@code frozenset(list)} through REDUCE. */
    private void reduceWithList(String type, Collection<?> items, Object o) {
        saveGlobal("builtins", type);
        write(EMPTY_LIST);
        memoizeAnonymous();
        batchAppends(items);
        write(TUPLE1);
        memoizeAnonymous();
        write(REDUCE);
        memoize(o);
    }

    private void savePyObject(PyObject obj) {
        if (obj.isNewObj()) {
            save(obj.callable());
            save(obj.args());
            if (obj.kwargs().isEmpty()) {
                write(NEWOBJ);
            } else {
                save(obj.kwargs());
                write(NEWOBJ_EX);
            }
        } else {
            if (!obj.kwargs().isEmpty()) throw new PickleError("PicklingError", "REDUCE cannot carry keyword arguments: " + obj);
            save(obj.callable());
            save(obj.args());
            write(REDUCE);
        }
        memoize(obj);
        if (!obj.listItems().isEmpty()) batchAppends(obj.listItems());
        if (!obj.dictItems().isEmpty()) batchSetItems(obj.dictItems());
        if (obj.hasState()) {
            save(obj.state());
            write(BUILD);
        }
    }

    private void reduce(Object o, String module, String name, Object... args) {
        saveGlobal(module, name);
        saveTuple(PyTuple.of(args), args.length);
        write(REDUCE);
        memoize(o);
    }

    /** {@code save_global}: STACK_GLOBAL at protocol 4, else GLOBAL with Python 2 names; memoized by name. */
    private void saveGlobal(String module, String name) {
        PyGlobal key = new PyGlobal(module, name);
        if (valueMemo == null) valueMemo = new HashMap<>();
        Integer seen = valueMemo.get(key);
        if (seen != null) {
            getOp(seen);
            return;
        }
        if (protocol >= 4) {
            saveModuleName(module);
            saveStr(name);
            memoizeAnonymous();
            write(STACK_GLOBAL);
        } else {
            String m = CompatNames.python2Module(module, name);
            String n = name;
            byte[] mb = (m + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
            byte[] nb = (n + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
            ensure(1 + mb.length + nb.length);
            buf[pos++] = (byte) GLOBAL;
            System.arraycopy(mb, 0, buf, pos, mb.length);
            pos += mb.length;
            System.arraycopy(nb, 0, buf, pos, nb.length);
            pos += nb.length;
        }
        int idx = memoSize++;
        valueMemo.put(key, idx);
        putOp(idx);
    }

    /** Module names are shared by the classes of a module (CPython's interned {@code __module__}). */
    private void saveModuleName(String s) {
        Object key = new NameKey(s);
        Integer seen = valueMemo.get(key);
        if (seen != null) {
            getOp(seen);
            return;
        }
        saveStr(s);
        int idx = memoSize++;
        valueMemo.put(key, idx);
        putOp(idx);
    }

    private record NameKey(String name) {}

    private static byte[] dateState(LocalDate d) {
        return new byte[] {(byte) (d.getYear() >> 8), (byte) d.getYear(), (byte) d.getMonthValue(), (byte) d.getDayOfMonth()};
    }

    private static byte[] timeState(LocalTime t) {
        int us = t.getNano() / 1000;
        return new byte[] {(byte) t.getHour(), (byte) t.getMinute(), (byte) t.getSecond(),
            (byte) (us >> 16), (byte) (us >> 8), (byte) us};
    }

    private static byte[] dateTimeState(LocalDateTime dt) {
        byte[] all = new byte[10];
        System.arraycopy(dateState(dt.toLocalDate()), 0, all, 0, 4);
        System.arraycopy(timeState(dt.toLocalTime()), 0, all, 4, 6);
        return all;
    }
}
