package org.mpbridge.pickle;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.razorvine.pickle.Opcodes;
import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.PickleUtils;
import net.razorvine.pickle.Unpickler;

/**
 * razorvine's {@link Unpickler} with the opcodes that lose Python types taken over, so that values keep
 * their Python type: tuples become {@link PyTuple}, dicts keep insertion order, {@code bytearray} and
 * {@code frozenset} stay apart from {@code bytes} and {@code set}, and classes without a Java mapping become
 * {@link PyObject}s instead of razorvine's ClassDict. Length-prefixed opcodes are checked against the bytes
 * actually present before anything is allocated (razorvine allocates first: a 9-byte pickle can OOM it).
 * Not thread-safe; one per message is cheap.
 */
final class PyUnpickler extends Unpickler {

    PyUnpickler() {
        super();
    }

    @Override
    protected Object dispatch(short key) throws PickleException, IOException {
        switch (key) {
            case Opcodes.EMPTY_TUPLE -> stack.add(PyTuple.EMPTY);
            case Opcodes.TUPLE -> stack.add(PyTuple.copyOf(stack.pop_all_since_marker()));
            case Opcodes.TUPLE1 -> stack.add(PyTuple.of(stack.pop()));
            case Opcodes.TUPLE2 -> {
                Object b = stack.pop();
                Object a = stack.pop();
                stack.add(PyTuple.of(a, b));
            }
            case Opcodes.TUPLE3 -> {
                Object c = stack.pop();
                Object b = stack.pop();
                Object a = stack.pop();
                stack.add(PyTuple.of(a, b, c));
            }
            case Opcodes.EMPTY_LIST -> stack.add(new ArrayList<>());
            case Opcodes.LIST -> stack.add(new ArrayList<>(stack.pop_all_since_marker()));
            case Opcodes.APPEND -> {
                Object value = stack.pop();
                appendTo(stack.peek(), Collections.singletonList(value));  // value may be None (null)
            }
            case Opcodes.APPENDS -> {
                List<Object> values = stack.pop_all_since_marker();
                appendTo(stack.peek(), values);
            }
            case Opcodes.EMPTY_DICT -> stack.add(new LinkedHashMap<>());
            case Opcodes.DICT -> {
                List<Object> kv = stack.pop_all_since_marker();
                Map<Object, Object> map = new LinkedHashMap<>();
                putPairs(map, kv);
                stack.add(map);
            }
            case Opcodes.SETITEM -> {
                Object value = stack.pop();
                Object k = stack.pop();
                setItems(stack.peek(), Arrays.asList(k, value));  // key and value may be None (null)
            }
            case Opcodes.SETITEMS -> {
                List<Object> kv = stack.pop_all_since_marker();
                setItems(stack.peek(), kv);
            }
            case Opcodes.EMPTY_SET -> stack.add(new LinkedHashSet<>());
            case Opcodes.ADDITEMS -> {
                List<Object> items = stack.pop_all_since_marker();
                Object target = stack.peek();
                if (!(target instanceof Set<?>)) throw bad("ADDITEMS on " + typeName(target));
                @SuppressWarnings("unchecked")
                Set<Object> set = (Set<Object>) target;
                set.addAll(items);
            }
            case Opcodes.FROZENSET -> stack.add(new PyFrozenSet(stack.pop_all_since_marker()));
            case Opcodes.BYTEARRAY8 -> stack.add(new PyByteArray(readCounted(8)));
            case Opcodes.BINBYTES -> stack.add(readCounted(4));
            case Opcodes.BINBYTES8 -> stack.add(readCounted(8));
            case Opcodes.SHORT_BINBYTES -> stack.add(readCounted(1));
            case Opcodes.BINUNICODE -> stack.add(utf8(readCounted(4)));
            case Opcodes.BINUNICODE8 -> stack.add(utf8(readCounted(8)));
            case Opcodes.SHORT_BINUNICODE -> stack.add(utf8(readCounted(1)));
            case Opcodes.BINSTRING -> stack.add(latin1(readCounted(4)));
            case Opcodes.SHORT_BINSTRING -> stack.add(latin1(readCounted(1)));
            case Opcodes.LONG4 -> stack.add(PickleUtils.decode_long(readCounted(4)));
            case Opcodes.GLOBAL -> {
                String module = PickleUtils.readline(input);
                String name = PickleUtils.readline(input);
                stack.add(new PyGlobal(module, name));
            }
            case Opcodes.STACK_GLOBAL -> {
                Object name = stack.pop();
                Object module = stack.pop();
                if (!(name instanceof String n) || !(module instanceof String m)) throw bad("STACK_GLOBAL needs two str");
                stack.add(new PyGlobal(m, n));
            }
            case Opcodes.REDUCE -> {
                Object args = stack.pop();
                Object callable = stack.pop();
                stack.add(PyConstructors.call(callable, tuple(args), Map.of(), false));
            }
            case Opcodes.NEWOBJ -> {
                Object args = stack.pop();
                Object cls = stack.pop();
                stack.add(PyConstructors.call(cls, tuple(args), Map.of(), true));
            }
            case Opcodes.NEWOBJ_EX -> {
                Object kwargs = stack.pop();
                Object args = stack.pop();
                Object cls = stack.pop();
                if (!(kwargs instanceof Map<?, ?> kw)) throw bad("NEWOBJ_EX kwargs is " + typeName(kwargs));
                @SuppressWarnings("unchecked")
                Map<Object, Object> kwm = (Map<Object, Object>) kw;
                stack.add(PyConstructors.call(cls, tuple(args), kwm, true));
            }
            case Opcodes.INST -> {
                String module = PickleUtils.readline(input);
                String name = PickleUtils.readline(input);
                List<Object> args = stack.pop_all_since_marker();
                stack.add(PyConstructors.call(new PyGlobal(module, name), PyTuple.copyOf(args), Map.of(), false));
            }
            case Opcodes.OBJ -> {
                List<Object> all = stack.pop_all_since_marker();
                if (all.isEmpty()) throw bad("OBJ without a class");
                stack.add(PyConstructors.call(all.get(0), PyTuple.copyOf(all.subList(1, all.size())), Map.of(), true));
            }
            case Opcodes.BUILD -> {
                Object state = stack.pop();
                Object target = stack.peek();
                if (!(target instanceof PyObject obj)) throw bad("BUILD on " + typeName(target));
                obj.withState(state);
            }
            case Opcodes.FLOAT -> stack.add(textFloat(PickleUtils.readline(input)));
            case Opcodes.FRAME -> readLength(8);
            case Opcodes.NEXT_BUFFER -> throw bad("out-of-band buffers (NEXT_BUFFER) are not part of multiprocessing's wire");
            default -> {
                return super.dispatch(key);
            }
        }
        return NO_RETURN_VALUE;
    }

    private static void appendTo(Object target, List<Object> values) {
        if (target instanceof List<?>) {
            @SuppressWarnings("unchecked")
            List<Object> list = (List<Object>) target;
            list.addAll(values);
        } else if (target instanceof PyObject obj) {
            obj.listItems().addAll(values);
        } else {
            throw bad("APPEND on " + typeName(target));
        }
    }

    private static void setItems(Object target, List<Object> kv) {
        if (target instanceof Map<?, ?>) {
            @SuppressWarnings("unchecked")
            Map<Object, Object> map = (Map<Object, Object>) target;
            putPairs(map, kv);
        } else if (target instanceof PyObject obj) {
            putPairs(obj.dictItems(), kv);
        } else {
            throw bad("SETITEM on " + typeName(target));
        }
    }

    private static void putPairs(Map<Object, Object> map, List<Object> kv) {
        if (kv.size() % 2 != 0) throw bad("odd number of items for a dict");
        for (int i = 0; i < kv.size(); i += 2) map.put(kv.get(i), kv.get(i + 1));
    }

    private static PyTuple tuple(Object args) {
        if (args instanceof PyTuple t) return t;
        throw bad("arguments are " + typeName(args) + ", not a tuple");
    }

    /** Reads a little-endian length of {@code width} bytes, then that many bytes, after checking they exist. */
    private byte[] readCounted(int width) throws IOException {
        return PickleUtils.readbytes(input, (int) readLength(width));
    }

    /** A little-endian unsigned length that must not exceed the bytes left in the message. */
    private long readLength(int width) throws IOException {
        byte[] raw = readExactly(width);
        long length = 0;
        for (int i = width - 1; i >= 0; i--) length = (length << 8) | (raw[i] & 0xff);
        if (length < 0 || length > input.available()) {
            throw bad("declared length " + Long.toUnsignedString(length) + " exceeds the " + input.available() + " bytes left");
        }
        return length;
    }

    private byte[] readExactly(int n) throws IOException {
        if (input.available() < n) throw bad("truncated pickle");
        return PickleUtils.readbytes(input, n);
    }

    /** Protocol 0's FLOAT is {@code repr(x)}: {@code nan}, {@code inf} and {@code -inf} too (found by the pickle oracle). */
    private static Double textFloat(String repr) {
        return switch (repr.strip()) {
            case "nan", "-nan" -> Double.NaN;
            case "inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            default -> {
                try {
                    yield Double.valueOf(repr);
                } catch (NumberFormatException e) {
                    throw bad("FLOAT " + repr);
                }
            }
        };
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private static String latin1(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    static String typeName(Object o) {
        return o == null ? "None" : o.getClass().getSimpleName();
    }

    private static PickleException bad(String why) {
        return new PickleException("malformed pickle: " + why);
    }

    /** Loads one pickle from a complete in-memory message. */
    Object loadAll(InputStream in) throws IOException {
        return load(in);
    }
}
