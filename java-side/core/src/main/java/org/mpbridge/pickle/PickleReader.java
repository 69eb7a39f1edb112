package org.mpbridge.pickle;

import static org.mpbridge.pickle.PickleOpcodes.*;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * mpbridge's unpickler: one pass over a complete in-memory message, CPython's {@code _pickle.c} load loop
 * opcode for opcode (the same stack, mark stack and fence, the same memo rules, the same checks), building the
 * README's type table. No recursion: any nesting depth decodes in constant stack. Every length is checked
 * against the bytes present before anything is allocated, so work and memory are bounded by the message size.
 * Not thread-safe; one per message.
 */
final class PickleReader {
    private static final Object NONE_IN_MEMO = new Object();
    private static final int MEMO_ARRAY_LIMIT = 1 << 20;

    private final byte[] in;
    private final int end;
    private final GlobalPolicy globals;
    private int pos;
    private int proto;

    private Object[] stack = new Object[16];
    private int sp;
    private int[] marks = new int[4];
    private int mp;
    private int fence;

    private final MemoChunks memo = new MemoChunks();
    private Map<Long, Object> sparseMemo;
    private int memoLen;

    PickleReader(byte[] in, int offset, int length, GlobalPolicy globals) {
        this.in = in;
        this.pos = offset;
        this.end = offset + length;
        this.globals = globals;
    }

    Object load() {
        if (pos >= end) throw new PickleError("EOFError", "Ran out of input");
        while (true) {
            if (pos >= end) throw truncated();
            int op = in[pos++] & 0xff;
            switch (op) {
                case PROTO -> {
                    int p = u8();
                    if (p > HIGHEST_PROTOCOL) throw new PickleError("ValueError", "unsupported pickle protocol: " + p);
                    proto = p;
                }
                case FRAME -> {
                    long n = uLength(8);
                    if (n > end - pos) throw truncated();
                }
                case STOP -> {
                    return pop();
                }
                case NONE -> push(null);
                case NEWTRUE -> push(Boolean.TRUE);
                case NEWFALSE -> push(Boolean.FALSE);
                case BININT -> push(s32());
                case BININT1 -> push(u8());
                case BININT2 -> push(u8() | u8() << 8);
                case INT -> {
                    int lineEnd = readline();
                    if (lineEnd - pos + 1 < 2) throw truncated();
                    Object v = PyTextNumbers.loadInt(in, pos, lineEnd + 1);
                    pos = lineEnd + 1;
                    push(v);
                }
                case LONG -> {
                    int lineEnd = readline();
                    int len = lineEnd + 1 - pos;
                    if (len < 2) throw truncated();
                    int textEnd = in[lineEnd - 1] == 'L' ? lineEnd - 1 : lineEnd + 1;
                    Number v = PyTextNumbers.pyLongFromString(in, pos, textEnd, 0);
                    pos = lineEnd + 1;
                    push(v);
                }
                case LONG1 -> push(decodeLong(u8()));
                case LONG4 -> {
                    int n = s32();
                    if (n < 0) throw PickleError.unpickling("LONG pickle has negative byte count");
                    push(decodeLong(n));
                }
                case FLOAT -> {
                    int lineEnd = readline();
                    double d = PyTextNumbers.loadFloat(in, pos, lineEnd + 1);
                    pos = lineEnd + 1;
                    push(d);
                }
                case BINFLOAT -> {
                    need(8);
                    long bits = 0;
                    for (int k = 0; k < 8; k++) bits = bits << 8 | (in[pos++] & 0xff);
                    push(Double.longBitsToDouble(bits));
                }
                case STRING -> push(loadString());
                case BINSTRING -> {
                    int n = s32();
                    if (n < 0) throw PickleError.unpickling("BINSTRING pickle has negative byte count");
                    push(ascii(take(n), n));
                }
                case SHORT_BINSTRING -> {
                    int n = u8();
                    push(ascii(take(n), n));
                }
                case UNICODE -> {
                    int lineEnd = readline();
                    String s = rawUnicodeEscape(pos, lineEnd);
                    pos = lineEnd + 1;
                    push(s);
                }
                case BINUNICODE -> push(utf8((int) counted(4)));
                case SHORT_BINUNICODE -> push(utf8(u8()));
                case BINUNICODE8 -> push(utf8((int) counted(8)));
                case BINBYTES -> push(bytes((int) counted(4)));
                case SHORT_BINBYTES -> push(bytes(u8()));
                case BINBYTES8 -> push(bytes((int) counted(8)));
                case BYTEARRAY8 -> push(PyByteArray.wrap(bytes((int) counted(8))));
                case NEXT_BUFFER -> throw PickleError.unpickling("pickle stream refers to out-of-band data but no *buffers* argument was given");
                case READONLY_BUFFER -> {
                    Object top = peek();
                    if (!(top instanceof byte[]) && !(top instanceof PyByteArray)) {
                        throw new PickleError("TypeError", "a bytes-like object is required, not '" + typeName(top) + "'");
                    }
                }
                case EMPTY_TUPLE -> push(PyTuple.EMPTY);
                case TUPLE -> {
                    int m = marker();
                    Object[] items = Arrays.copyOfRange(stack, m, sp);
                    sp = m;
                    push(PyTuple.wrap(items));
                }
                case TUPLE1 -> {
                    Object a = pop();
                    push(PyTuple.wrap(new Object[] {a}));
                }
                case TUPLE2 -> {
                    Object b = pop();
                    Object a = pop();
                    push(PyTuple.wrap(new Object[] {a, b}));
                }
                case TUPLE3 -> {
                    Object c = pop();
                    Object b = pop();
                    Object a = pop();
                    push(PyTuple.wrap(new Object[] {a, b, c}));
                }
                case EMPTY_LIST -> push(new ArrayList<>());
                case LIST -> {
                    int m = marker();
                    ArrayList<Object> list = new ArrayList<>(sp - m);
                    for (int k = m; k < sp; k++) list.add(stack[k]);
                    sp = m;
                    push(list);
                }
                case APPEND -> doAppend(sp - 1);
                case APPENDS -> doAppend(marker());
                case EMPTY_DICT -> push(new LinkedHashMap<>(8));  // 6 items before the first resize
                case DICT -> {
                    int m = marker();
                    if ((sp - m) % 2 != 0) throw PickleError.unpickling("odd number of items for DICT");
                    Map<Object, Object> map = new LinkedHashMap<>(Math.max(16, (sp - m)));
                    for (int k = m; k < sp; k += 2) map.put(hashable(stack[k]), stack[k + 1]);
                    sp = m;
                    push(map);
                }
                case SETITEM -> doSetItems(sp - 2);
                case SETITEMS -> doSetItems(marker());
                case EMPTY_SET -> push(new LinkedHashSet<>());
                case ADDITEMS -> {
                    int m = marker();
                    if (m > sp || m <= fence) throw underflow();
                    if (sp == m) break;
                    Object target = stack[m - 1];
                    if (!(target instanceof Set<?>) || target instanceof PyFrozenSet) {
                        throw new PickleError("AttributeError", "'" + typeName(target) + "' object has no attribute 'add'");
                    }
                    @SuppressWarnings("unchecked")
                    Set<Object> set = (Set<Object>) target;
                    for (int k = m; k < sp; k++) set.add(hashable(stack[k]));
                    sp = m;
                }
                case FROZENSET -> {
                    int m = marker();
                    List<Object> items = new ArrayList<>(sp - m);
                    for (int k = m; k < sp; k++) items.add(hashable(stack[k]));
                    sp = m;
                    push(new PyFrozenSet(items));
                }
                case POP -> {
                    if (mp > 0 && marks[mp - 1] == sp) {
                        popMark();
                    } else if (sp <= fence) {
                        throw underflow();
                    } else {
                        stack[--sp] = null;
                    }
                }
                case POP_MARK -> {
                    int m = marker();
                    Arrays.fill(stack, m, sp, null);
                    sp = m;
                }
                case DUP -> push(peek());
                case MARK -> {
                    if (mp == marks.length) marks = Arrays.copyOf(marks, mp * 2);
                    marks[mp++] = sp;
                    fence = sp;
                }
                case GET -> {
                    int lineEnd = readline();
                    Number idx = PyTextNumbers.pyLongFromString(in, pos, lineEnd + 1, 10);
                    pos = lineEnd + 1;
                    push(memoGet(idx instanceof BigInteger ? -1 : idx.longValue()));
                }
                case BINGET -> push(memoGet(u8()));
                case LONG_BINGET -> push(memoGet(u32()));
                case PUT -> {
                    int lineEnd = readline();
                    Number idx = PyTextNumbers.pyLongFromString(in, pos, lineEnd + 1, 10);
                    pos = lineEnd + 1;
                    if (idx instanceof BigInteger || idx.longValue() < 0) throw new PickleError("ValueError", "negative PUT argument");
                    memoPut(idx.longValue(), peek());
                }
                case BINPUT -> memoPut(u8(), peek());
                case LONG_BINPUT -> memoPut(u32(), peek());
                case MEMOIZE -> memoPut(memoLen, peek());
                case GLOBAL -> {
                    String module = lineUtf8();
                    String name = lineUtf8();
                    push(findClass(module, name));
                }
                case STACK_GLOBAL -> {
                    Object name = pop();
                    Object module = pop();
                    if (!(name instanceof String n) || !(module instanceof String m)) throw PickleError.unpickling("STACK_GLOBAL requires str");
                    push(findClass(m, n));
                }
                case REDUCE -> {
                    Object args = pop();
                    Object callable = pop();
                    if (!(args instanceof PyTuple t)) throw new PickleError("TypeError", "argument list must be a tuple");
                    push(PyConstructors.call(callable, t, Map.of(), false));
                }
                case NEWOBJ -> {
                    Object args = pop();
                    Object cls = pop();
                    if (!(args instanceof PyTuple t)) throw PickleError.unpickling("NEWOBJ expected an arg tuple.");
                    push(PyConstructors.call(cls, t, Map.of(), true));
                }
                case NEWOBJ_EX -> {
                    Object kwargs = pop();
                    Object args = pop();
                    Object cls = pop();
                    if (!(args instanceof PyTuple t)) throw PickleError.unpickling("NEWOBJ_EX args argument must be a tuple, not " + typeName(args));
                    if (!(kwargs instanceof Map<?, ?> kw)) throw PickleError.unpickling("NEWOBJ_EX kwargs argument must be a dict, not " + typeName(kwargs));
                    @SuppressWarnings("unchecked")
                    Map<Object, Object> kwm = (Map<Object, Object>) kw;
                    push(PyConstructors.call(cls, t, kwm, true));
                }
                case INST -> {
                    String module = lineUtf8();
                    String name = lineUtf8();
                    Object cls = findClass(module, name);
                    int m = marker();
                    PyTuple args = PyTuple.wrap(Arrays.copyOfRange(stack, m, sp));
                    sp = m;
                    push(instantiate(cls, args));
                }
                case OBJ -> {
                    int m = marker();
                    if (sp - m < 1) throw underflow();
                    Object cls = stack[m];
                    PyTuple args = PyTuple.wrap(Arrays.copyOfRange(stack, m + 1, sp));
                    sp = m;
                    push(instantiate(cls, args));
                }
                case BUILD -> {
                    Object state = pop();
                    Object target = peek();
                    if (state == null || (state instanceof PyTuple t && t.size() == 2 && t.get(0) == null && t.get(1) == null)) {
                        break;  // load_build: a None state (and no slot state) changes nothing, whatever the object
                    }
                    if (!(target instanceof PyObject obj) || obj.isTypeTableValue()) {
                        throw new PickleError("AttributeError", "'" + typeName(target) + "' object has no attribute '__dict__'");
                    }
                    obj.withState(state);
                }
                case PERSID, BINPERSID -> throw PickleError.unpickling(
                        "A load persistent id instruction was encountered, but no persistent_load function was specified.");
                case EXT1, EXT2, EXT4 -> {
                    int n = op == EXT1 ? 1 : op == EXT2 ? 2 : 4;
                    need(n);
                    long code = 0;
                    for (int k = 0; k < n; k++) code |= (long) (in[pos++] & 0xff) << (8 * k);
                    throw new PickleError("ValueError", "unregistered extension code " + code);
                }
                default -> throw PickleError.unpickling(invalidLoadKey(op));
            }
        }
    }

    /** {@code instantiate} (INST, OBJ): {@code cls.__new__(cls)} without arguments, else {@code cls(*args)}. */
    private static Object instantiate(Object cls, PyTuple args) {
        return PyConstructors.call(cls, args, Map.of(), args.isEmpty());
    }

    private static String invalidLoadKey(int op) {
        return op >= 0x20 && op < 0x7f ? "invalid load key, '" + (char) op + "'." : String.format("invalid load key, '\\x%02x'.", op);
    }

    // ---- stack

    private void push(Object o) {
        if (sp == stack.length) stack = Arrays.copyOf(stack, sp * 2);
        stack[sp++] = o;
    }

    private Object pop() {
        if (sp <= fence) throw underflow();
        Object o = stack[--sp];
        stack[sp] = null;
        return o;
    }

    private Object peek() {
        if (sp <= fence) throw underflow();
        return stack[sp - 1];
    }

    /** Pops the topmost mark and returns its stack position. */
    private int marker() {
        if (mp == 0) throw PickleError.unpickling("could not find MARK");
        int m = marks[mp - 1];
        popMark();
        return m;
    }

    private void popMark() {
        mp--;
        fence = mp > 0 ? marks[mp - 1] : 0;
    }

    private static PickleError underflow() {
        return PickleError.unpickling("unpickling stack underflow");
    }

    private void doAppend(int x) {
        if (x > sp || x <= fence) throw underflow();
        if (x == sp) return;
        Object target = stack[x - 1];
        if (target instanceof ArrayList<?> al) {
            @SuppressWarnings("unchecked")
            ArrayList<Object> list = (ArrayList<Object>) al;
            list.ensureCapacity(list.size() + sp - x);
            for (int k = x; k < sp; k++) list.add(stack[k]);
        } else if (target instanceof List<?> && !(target instanceof PyTuple)) {
            @SuppressWarnings("unchecked")
            List<Object> list = (List<Object>) target;
            for (int k = x; k < sp; k++) list.add(stack[k]);
        } else if (target instanceof PyObject obj && !obj.isTypeTableValue()) {
            for (int k = x; k < sp; k++) obj.listItems().add(stack[k]);
        } else {
            throw new PickleError("AttributeError", "'" + typeName(target) + "' object has no attribute 'append'");
        }
        Arrays.fill(stack, x, sp, null);
        sp = x;
    }

    private void doSetItems(int x) {
        if (x > sp || x <= fence) throw underflow();
        if (x == sp) return;
        if ((sp - x) % 2 != 0) throw PickleError.unpickling("odd number of items for SETITEMS");
        Object target = stack[x - 1];
        Map<Object, Object> map;
        if (target instanceof Map<?, ?>) {
            @SuppressWarnings("unchecked")
            Map<Object, Object> m = (Map<Object, Object>) target;
            map = m;
        } else if (target instanceof PyObject obj && !obj.isTypeTableValue()) {
            map = obj.dictItems();
        } else {
            throw new PickleError("TypeError", "'" + typeName(target) + "' object does not support item assignment");
        }
        for (int k = x; k < sp; k += 2) map.put(hashable(stack[k]), stack[k + 1]);
        Arrays.fill(stack, x, sp, null);
        sp = x;
    }

    /** Python refuses unhashable dict keys and set members: {@code TypeError: unhashable type: 'list'}. */
    static Object hashable(Object key) {
        if (!isHashable(key)) throw new PickleError("TypeError", "unhashable type: '" + typeName(unhashablePart(key)) + "'");
        return key;
    }

    static boolean isHashable(Object o) {
        if (o instanceof String) return true;  // the common key, before the interface checks
        if (o instanceof PyTuple t) return t.isHashable();
        if (o instanceof PyFrozenSet) return true;
        return !(o instanceof List<?> || o instanceof Map<?, ?> || o instanceof Set<?> || o instanceof PyByteArray);
    }

    private static Object unhashablePart(Object o) {
        while (o instanceof PyTuple t) {
            Object inner = null;
            for (Object x : t) {
                if (!isHashable(x)) {
                    inner = x;
                    break;
                }
            }
            if (inner == null) return o;
            o = inner;
        }
        return o;
    }

    // ---- memo

    private Object memoGet(long idx) {
        Object v = null;
        if (idx >= 0 && idx < MEMO_ARRAY_LIMIT) v = memo.get((int) idx);
        else if (sparseMemo != null) v = sparseMemo.get(idx);
        if (v == null) throw PickleError.unpickling("Memo value not found at index " + idx);
        return v == NONE_IN_MEMO ? null : v;
    }

    private void memoPut(long idx, Object value) {
        Object v = value == null ? NONE_IN_MEMO : value;
        if (idx < MEMO_ARRAY_LIMIT) {
            if (memo.set((int) idx, v) == null) memoLen++;
        } else {
            if (sparseMemo == null) sparseMemo = new HashMap<>();
            if (sparseMemo.put(idx, v) == null) memoLen++;
        }
    }

    // ---- reading

    private static PickleError truncated() {
        return PickleError.unpickling("pickle data was truncated");
    }

    private void need(int n) {
        if (end - pos < n) throw truncated();
    }

    private int u8() {
        need(1);
        return in[pos++] & 0xff;
    }

    private int s32() {
        need(4);
        int v = (in[pos] & 0xff) | (in[pos + 1] & 0xff) << 8 | (in[pos + 2] & 0xff) << 16 | in[pos + 3] << 24;
        pos += 4;
        return v;
    }

    private long u32() {
        return s32() & 0xffffffffL;
    }

    /** An unsigned little-endian length of {@code width} bytes (no check against what follows). */
    private long uLength(int width) {
        need(width);
        long v = 0;
        for (int k = width - 1; k >= 0; k--) v = v << 8 | (in[pos + k] & 0xff);
        pos += width;
        if (v < 0) throw new PickleError("OverflowError", "length exceeds system's maximum of 9223372036854775807 bytes");
        return v;
    }

    /** A length that must fit in what is left of the message (CPython reads, then fails as truncated). */
    private long counted(int width) {
        long n = uLength(width);
        if (n > end - pos) throw truncated();
        return n;
    }

    private int take(int n) {
        need(n);
        int at = pos;
        pos += n;
        return at;
    }

    private String utf8(int n) {
        int at = take(n);
        return Utf8.decode(in, at, n);
    }

    private byte[] bytes(int n) {
        int at = take(n);
        return Arrays.copyOfRange(in, at, at + n);
    }

    /** Python 2 {@code str} under the default {@code encoding='ASCII'}: strict ASCII. */
    private String ascii(int at, int n) {
        for (int k = at; k < at + n; k++) {
            if (in[k] < 0) {
                throw new PickleError("UnicodeDecodeError", String.format(
                        "'ascii' codec can't decode byte 0x%02x in position %d: ordinal not in range(128)", in[k] & 0xff, k - at));
            }
        }
        return new String(in, at, n, StandardCharsets.ISO_8859_1);
    }

    /** The index of the next newline; the line is {@code in[pos, index]}. */
    private int readline() {
        for (int k = pos; k < end; k++) if (in[k] == '\n') return k;
        throw truncated();
    }

    private String lineUtf8() {
        int lineEnd = readline();
        String s = Utf8.decodeStrict(in, pos, lineEnd - pos);
        pos = lineEnd + 1;
        return s;
    }

    private Number decodeLong(int n) {
        int at = take(n);
        if (n == 0) return 0;
        byte[] be = new byte[n];
        for (int k = 0; k < n; k++) be[k] = in[at + n - 1 - k];
        return PyTextNumbers.narrow(new BigInteger(be));
    }

    /** {@code load_string}: a quoted line, {@code PyBytes_DecodeEscape}d, then ASCII-decoded. */
    private String loadString() {
        int lineEnd = readline();
        int len = lineEnd - pos;
        int q = in[pos];
        if (!(len >= 2 && in[pos] == in[lineEnd - 1] && (q == '\'' || q == '"'))) {
            throw PickleError.unpickling("the STRING opcode argument must be quoted");
        }
        byte[] out = new byte[len - 2];
        int n = 0;
        int i = pos + 1;
        int stop = lineEnd - 1;
        while (i < stop) {
            int c = in[i++];
            if (c != '\\') {
                out[n++] = (byte) c;
                continue;
            }
            if (i >= stop) throw new PickleError("ValueError", "Trailing \\ in string");
            int e = in[i++];
            switch (e) {
                case '\n' -> { }
                case '\\' -> out[n++] = '\\';
                case '\'' -> out[n++] = '\'';
                case '"' -> out[n++] = '"';
                case 'b' -> out[n++] = '\b';
                case 'f' -> out[n++] = '\f';
                case 't' -> out[n++] = '\t';
                case 'n' -> out[n++] = '\n';
                case 'r' -> out[n++] = '\r';
                case 'v' -> out[n++] = 0x0b;
                case 'a' -> out[n++] = 0x07;
                case '0', '1', '2', '3', '4', '5', '6', '7' -> {
                    int v = e - '0';
                    for (int k = 0; k < 2 && i < stop && in[i] >= '0' && in[i] <= '7'; k++) v = v * 8 + (in[i++] - '0');
                    out[n++] = (byte) v;
                }
                case 'x' -> {
                    int h1 = i < stop ? hex(in[i]) : -1;
                    int h2 = i + 1 < stop ? hex(in[i + 1]) : -1;
                    if (h1 < 0 || h2 < 0) throw new PickleError("ValueError", "invalid \\x escape at position " + (i - 2 - pos - 1));
                    out[n++] = (byte) (h1 * 16 + h2);
                    i += 2;
                }
                default -> {
                    out[n++] = '\\';
                    i--;  // the character after an unknown escape is kept as it is
                }
            }
        }
        pos = lineEnd + 1;
        byte[] exact = Arrays.copyOf(out, n);
        for (int k = 0; k < n; k++) {
            if (exact[k] < 0) {
                throw new PickleError("UnicodeDecodeError", String.format(
                        "'ascii' codec can't decode byte 0x%02x in position %d: ordinal not in range(128)", exact[k] & 0xff, k));
            }
        }
        return new String(exact, StandardCharsets.ISO_8859_1);
    }

    private static int hex(int c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }

    /** {@code raw-unicode-escape} over {@code in[from, to)}: only {@code \\uXXXX} and {@code \\UXXXXXXXX} escape. */
    private String rawUnicodeEscape(int from, int to) {
        StringBuilder sb = new StringBuilder(to - from);
        int i = from;
        while (i < to) {
            int c = in[i++] & 0xff;
            if (c != '\\' || i >= to) {
                sb.append((char) c);
                continue;
            }
            int e = in[i++] & 0xff;
            int count = e == 'u' ? 4 : e == 'U' ? 8 : 0;
            if (count == 0) {
                sb.append('\\').append((char) e);
                continue;
            }
            int cp = 0;
            for (int k = 0; k < count; k++) {
                int h = i < to ? hex(in[i]) : -1;
                if (h < 0) {
                    throw new PickleError("UnicodeDecodeError", "'rawunicodeescape' codec can't decode bytes: truncated \\"
                            + (count == 4 ? "uXXXX" : "UXXXXXXXX") + " escape");
                }
                cp = cp << 4 | h;
                i++;
            }
            if (cp < 0 || cp > Character.MAX_CODE_POINT) {
                throw new PickleError("UnicodeDecodeError", "'rawunicodeescape' codec can't decode bytes: \\Uxxxxxxxx out of range");
            }
            sb.appendCodePoint(cp);
        }
        return sb.toString();
    }

    private Object findClass(String module, String name) {
        PyGlobal g = PyGlobal.of(proto < 3 ? CompatNames.module(module, name) : module, proto < 3 ? CompatNames.name(module, name) : name);
        globals.check(g);
        return g;
    }

    static String typeName(Object o) {
        return PyTypes.name(o);
    }
}
