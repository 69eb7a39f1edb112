package org.mpbridge.manager;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.mpbridge.PythonException;
import org.mpbridge.pickle.PyGlobal;
import org.mpbridge.pickle.PyObject;
import org.mpbridge.pickle.PyRepr;

/**
 * Python's {@code array.array} as a manager carries it: multiprocessing registers
 * {@code reduce_array(a) = (array.array, (a.typecode, a.tobytes()))}, so an array travels as its typecode and
 * its machine bytes (x86-64 Linux sizes: {@code l}/{@code L} are 8 bytes, {@code u} is a 4-byte wchar_t).
 */
public final class PyArrays {
    private PyArrays() {}

    public static final PyGlobal ARRAY = new PyGlobal("array", "array");

    /** A decoded array: its typecode and items (Long for integer codes, Double for f/d, String for u). */
    public record PyArray(String typecode, List<Object> items) {}

    /** Item size in bytes, or -1 for an unknown typecode. */
    public static int itemSize(String typecode) {
        return switch (typecode) {
            case "b", "B" -> 1;
            case "h", "H" -> 2;
            case "i", "I", "f", "u" -> 4;
            case "l", "L", "q", "Q", "d" -> 8;
            default -> -1;
        };
    }

    public static void checkTypecode(String typecode) throws PythonException {
        if (itemSize(typecode) < 0) {
            throw PythonErrors.builtin("ValueError", "bad typecode (must be b, B, u, h, H, i, I, l, L, q, Q, f or d)");
        }
    }

    /** Checks and converts one item as {@code array.__setitem__} would (OverflowError / TypeError). */
    public static Object coerce(String typecode, Object value) throws PythonException {
        switch (typecode) {
            case "f", "d" -> {
                double d;
                if (value instanceof Number n && !(value instanceof BigInteger big && big.bitLength() > 1023)) d = n.doubleValue();
                else if (value instanceof Boolean b) d = b ? 1.0 : 0.0;
                else throw PythonErrors.builtin("TypeError", "must be real number, not " + typeName(value));
                return typecode.equals("f") ? (double) (float) d : d;
            }
            case "u" -> {
                if (value instanceof String s && s.codePointCount(0, s.length()) == 1) return s;
                throw PythonErrors.builtin("TypeError", "array item must be unicode character");
            }
            default -> {
                BigInteger v;
                if (value instanceof Boolean b) v = b ? BigInteger.ONE : BigInteger.ZERO;
                else if (value instanceof BigInteger big) v = big;
                else if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
                    v = BigInteger.valueOf(((Number) value).longValue());
                } else {
                    throw PythonErrors.builtin("TypeError", "'" + typeName(value) + "' object cannot be interpreted as an integer");
                }
                int bits = itemSize(typecode) * 8;
                boolean unsigned = Character.isUpperCase(typecode.charAt(0));
                BigInteger min = unsigned ? BigInteger.ZERO : BigInteger.ONE.shiftLeft(bits - 1).negate();
                BigInteger max = unsigned ? BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE)
                        : BigInteger.ONE.shiftLeft(bits - 1).subtract(BigInteger.ONE);
                if (v.compareTo(min) < 0 || v.compareTo(max) > 0) {
                    throw PythonErrors.builtin("OverflowError", (unsigned && v.signum() < 0 ? "unsigned " : "")
                            + "integer out of range for typecode '" + typecode + "'");
                }
                return v.bitLength() < 64 ? (Object) v.longValue() : v;
            }
        }
    }

    /** {@code a.tobytes()} (little-endian). */
    public static byte[] toBytes(String typecode, List<Object> items) {
        int size = itemSize(typecode);
        ByteBuffer buf = ByteBuffer.allocate(size * items.size()).order(ByteOrder.LITTLE_ENDIAN);
        for (Object item : items) {
            switch (typecode) {
                case "f" -> buf.putFloat(((Number) item).floatValue());
                case "d" -> buf.putDouble(((Number) item).doubleValue());
                case "u" -> buf.putInt(((String) item).codePointAt(0));
                default -> {
                    long v = ((Number) item).longValue();
                    switch (size) {
                        case 1 -> buf.put((byte) v);
                        case 2 -> buf.putShort((short) v);
                        case 4 -> buf.putInt((int) v);
                        default -> buf.putLong(v);
                    }
                }
            }
        }
        return buf.array();
    }

    /** {@code array(typecode, data)} from machine bytes. */
    public static List<Object> fromBytes(String typecode, byte[] data) throws PythonException {
        checkTypecode(typecode);
        int size = itemSize(typecode);
        if (data.length % size != 0) throw PythonErrors.builtin("ValueError", "bytes length not a multiple of item size");
        ByteBuffer buf = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        List<Object> items = new ArrayList<>(data.length / size);
        boolean unsigned = Character.isUpperCase(typecode.charAt(0));
        while (buf.hasRemaining()) {
            switch (typecode) {
                case "f" -> items.add((double) buf.getFloat());
                case "d" -> items.add(buf.getDouble());
                case "u" -> items.add(new String(Character.toChars(buf.getInt())));
                default -> {
                    long v = switch (size) {
                        case 1 -> unsigned ? buf.get() & 0xffL : buf.get();
                        case 2 -> unsigned ? buf.getShort() & 0xffffL : buf.getShort();
                        case 4 -> unsigned ? buf.getInt() & 0xffffffffL : buf.getInt();
                        default -> buf.getLong();
                    };
                    if (size == 8 && unsigned && v < 0) items.add(new BigInteger(Long.toUnsignedString(v)));
                    else items.add(v);
                }
            }
        }
        return items;
    }

    /** What a manager sends for an array: {@code array.array(typecode, bytes)} by REDUCE. */
    public static PyObject toPickle(String typecode, List<Object> items) {
        return new PyObject(ARRAY, org.mpbridge.pickle.PyTuple.of(typecode, toBytes(typecode, items)), null, false);
    }

    /**
     * A decoded {@code array.array}: the managers' form {@code array.array(typecode, bytes | list)}, or plain
     * pickle's {@code array._array_reconstructor(array.array, typecode, mformat_code, bytes)} (little-endian codes).
     */
    public static PyArray fromPickle(Object value) throws PythonException {
        if (value instanceof PyObject obj) {
            List<Object> a = obj.args();
            if (obj.callable().equals(ARRAY) && !a.isEmpty() && a.get(0) instanceof String tc) {
                checkTypecode(tc);
                if (a.size() == 1) return new PyArray(tc, new ArrayList<>());
                if (a.get(1) instanceof byte[] data) return new PyArray(tc, fromBytes(tc, data));
                if (a.get(1) instanceof List<?> list) {
                    List<Object> items = new ArrayList<>();
                    for (Object x : list) items.add(coerce(tc, x));
                    return new PyArray(tc, items);
                }
            }
            if (obj.callable().equals(new PyGlobal("array", "_array_reconstructor")) && a.size() == 4
                    && a.get(1) instanceof String tc && a.get(3) instanceof byte[] data) {
                return new PyArray(tc, fromBytes(tc, data));
            }
        }
        throw PythonErrors.builtin("TypeError", "expected an array.array, got " + PyRepr.repr(value));
    }

    static String typeName(Object o) {
        if (o == null) return "NoneType";
        if (o instanceof String) return "str";
        if (o instanceof Double || o instanceof Float) return "float";
        if (o instanceof List<?>) return "list";
        if (o instanceof byte[]) return "bytes";
        return o.getClass().getSimpleName();
    }
}
