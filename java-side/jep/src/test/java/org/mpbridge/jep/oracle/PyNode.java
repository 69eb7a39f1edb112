package org.mpbridge.jep.oracle;

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
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.mpbridge.pickle.PyByteArray;
import org.mpbridge.pickle.PyComplex;
import org.mpbridge.pickle.PyFrozenSet;
import org.mpbridge.pickle.PyGlobal;
import org.mpbridge.pickle.PyObject;
import org.mpbridge.pickle.PyTuple;

/**
 * One generated value of the README's type table, as a tree both languages can build: {@link #build()} makes
 * the Java value (what Java encodes, and what Java must decode), {@link #python(PySource)} the Python expression
 * that makes the same value (statements for shared and cyclic references go to the source's prelude).
 * {@link #javaEncodable()} is false for values only Python can make (a generic object, a fold=1 datetime).
 */
public sealed interface PyNode {
    Object build();

    String python(PySource src);

    default boolean javaEncodable() {
        return true;
    }

    /** Python's equality for hashable values (1 == 1.0 == True, 0.0 == -0.0): generators keep keys and members apart by it. */
    default String pyKey() {
        return toString();
    }

    /** The Python statements a case needs before its value expression, and fresh variable names. */
    final class PySource {
        private final StringBuilder prelude = new StringBuilder();
        private int next;

        String fresh() {
            return "_v" + next++;
        }

        void statement(String s) {
            prelude.append(s).append('\n');
        }

        /** The whole program: prelude, then {@code value = <expr>}. */
        public static String program(PyNode node) {
            PySource src = new PySource();
            String expr = node.python(src);
            return src.prelude + "value = " + expr + "\n";
        }
    }

    // ---- scalars -------------------------------------------------------------------------------------------

    record None() implements PyNode {
        public Object build() { return null; }
        public String python(PySource s) { return "None"; }
    }

    record Bool(boolean v) implements PyNode {
        public Object build() { return v; }
        public String python(PySource s) { return v ? "True" : "False"; }
        public String pyKey() { return "n:" + (v ? 1 : 0); }
    }

    /** An int, built as the Java type {@code repr} names (Integer, Long, BigInteger, Short, Byte) when it fits. */
    record Int(BigInteger v, String repr) implements PyNode {
        public Object build() {
            return switch (repr) {
                case "Byte" -> v.bitLength() < 8 ? (Object) v.byteValue() : smallest(v);
                case "Short" -> v.bitLength() < 16 ? (Object) v.shortValue() : smallest(v);
                case "Long" -> v.bitLength() < 64 ? (Object) v.longValue() : v;
                case "BigInteger" -> v;
                default -> smallest(v);
            };
        }
        static Object smallest(BigInteger v) {
            if (v.bitLength() < 32) return v.intValue();
            if (v.bitLength() < 64) return v.longValue();
            return v;
        }
        public String python(PySource s) { return "(" + v + ")"; }
        public String pyKey() { return "n:" + v; }
        public String toString() { return v + (repr.equals("Integer") ? "" : "<" + repr + ">"); }
    }

    record Float(double v) implements PyNode {
        public Object build() { return v; }
        public String python(PySource s) { return pyFloat(v); }
        public String pyKey() {
            if (Double.isNaN(v)) return "nan";  // never a key: generators leave nan out of keys and sets
            if (Double.isInfinite(v)) return "n:" + v;
            BigDecimal exact = new BigDecimal(v);
            return "n:" + (exact.signum() == 0 ? "0" : exact.stripTrailingZeros().toPlainString());
        }
        public String toString() { return Double.toString(v); }
    }

    record Str(String v) implements PyNode {
        public Object build() { return v; }
        public String python(PySource s) { return pyStr(v); }
        public String pyKey() { return "s:" + v; }
        public String toString() { return pyStr(v); }
    }

    record Bytes(byte[] v) implements PyNode {
        public Object build() { return v.clone(); }
        public String python(PySource s) { return "bytes.fromhex('" + HexFormat.of().formatHex(v) + "')"; }
        public String pyKey() { return "b:" + HexFormat.of().formatHex(v); }
        public String toString() { return "b'" + HexFormat.of().formatHex(v) + "'"; }
    }

    /** {@code unit * count}: long text without a long source. */
    record LongStr(String unit, int count) implements PyNode {
        public Object build() { return unit.repeat(count); }
        public String python(PySource s) { return pyStr(unit) + " * " + count; }
        public String pyKey() { return "s:" + unit.repeat(count); }
        public String toString() { return pyStr(unit) + " * " + count; }
    }

    /** {@code unit * count} bytes. */
    record LongBytes(byte[] unit, int count) implements PyNode {
        public Object build() {
            byte[] b = new byte[unit.length * count];
            for (int i = 0; i < count; i++) System.arraycopy(unit, 0, b, i * unit.length, unit.length);
            return b;
        }
        public String python(PySource s) { return "bytes.fromhex('" + HexFormat.of().formatHex(unit) + "') * " + count; }
        public String pyKey() { return "b:" + HexFormat.of().formatHex((byte[]) build()); }
        public String toString() { return "b'" + HexFormat.of().formatHex(unit) + "' * " + count; }
    }

    record ByteArray(byte[] v) implements PyNode {
        public Object build() { return new PyByteArray(v.clone()); }
        public String python(PySource s) { return "bytearray.fromhex('" + HexFormat.of().formatHex(v) + "')"; }
        public String toString() { return "bytearray(" + HexFormat.of().formatHex(v) + ")"; }
    }

    record Dec(BigDecimal v) implements PyNode {
        public Object build() { return v; }
        public String python(PySource s) { return "decimal.Decimal('" + v + "')"; }
        public String pyKey() { return "n:" + (v.signum() == 0 ? "0" : v.stripTrailingZeros().toPlainString()); }
    }

    record Complex(double re, double im) implements PyNode {
        public Object build() { return new PyComplex(re, im); }
        public String python(PySource s) { return "complex(" + pyFloat(re) + ", " + pyFloat(im) + ")"; }
        public String pyKey() { return im == 0 ? new Float(re).pyKey() : "c:" + new Float(re).pyKey() + ":" + new Float(im).pyKey(); }
    }

    record Date(LocalDate v) implements PyNode {
        public Object build() { return v; }
        public String python(PySource s) { return "datetime.date(" + v.getYear() + ", " + v.getMonthValue() + ", " + v.getDayOfMonth() + ")"; }
        public String pyKey() { return "d:" + v; }
    }

    record Time(LocalTime v, ZoneOffset offset) implements PyNode {
        public Object build() { return offset == null ? v : OffsetTime.of(v, offset); }
        public String python(PySource s) {
            return "datetime.time(" + v.getHour() + ", " + v.getMinute() + ", " + v.getSecond() + ", " + v.getNano() / 1000 + tz(offset) + ")";
        }
        public String pyKey() { return "t:" + v + offset; }
    }

    record DateTime(LocalDateTime v, ZoneOffset offset) implements PyNode {
        public Object build() { return offset == null ? v : OffsetDateTime.of(v, offset); }
        public String python(PySource s) {
            return "datetime.datetime(" + v.getYear() + ", " + v.getMonthValue() + ", " + v.getDayOfMonth() + ", " + v.getHour() + ", "
                    + v.getMinute() + ", " + v.getSecond() + ", " + v.getNano() / 1000 + tz(offset) + ")";
        }
        // aware datetimes compare by instant in Python; naive and aware are never equal
        public String pyKey() { return offset == null ? "dt:" + v : "dta:" + v.toEpochSecond(offset) + "." + v.getNano(); }
    }

    record TimeDelta(Duration v) implements PyNode {
        public Object build() { return v; }
        public String python(PySource s) { return "datetime.timedelta(seconds=" + v.getSeconds() + ", microseconds=" + v.getNano() / 1000 + ")"; }
        public String pyKey() { return "td:" + v; }
    }

    record TimeZone(ZoneOffset v) implements PyNode {
        public Object build() { return v; }
        public String python(PySource s) { return "datetime.timezone(datetime.timedelta(seconds=" + v.getTotalSeconds() + "))"; }
        public String pyKey() { return "tz:" + v.getTotalSeconds(); }
    }

    /** A class or function reference: {@code collections.OrderedDict}. */
    record Global(String module, String name) implements PyNode {
        public Object build() { return new PyGlobal(module, name); }
        public String python(PySource s) { return "__import__('" + module + "').__dict__['" + name + "']"; }
        public String pyKey() { return "g:" + module + "." + name; }
    }

    /** An exception instance: Java builds {@code PyObject.reduce(module, name, message)}. */
    record Exception(String name, String message) implements PyNode {
        public Object build() { return PyObject.reduce("builtins", name, message); }
        public String python(PySource s) { return name + "(" + pyStr(message) + ")"; }
    }

    /** A value only Python makes (OrderedDict, fold=1, Decimal NaN): Java must decode a PyObject of this class. */
    record Opaque(String module, String name, String pythonExpr) implements PyNode {
        /** The protocol CPython pickles at, for what Java must decode (CPython writes fold only at protocol >= 4). */
        static final ThreadLocal<Integer> PROTOCOL = ThreadLocal.withInitial(() -> 5);

        public Object build() {
            if (pythonExpr.contains("fold=1") && PROTOCOL.get() < 4) return LocalDateTime.of(2024, 11, 3, 1, 30);
            return new GraphCompare.ObjectOf(module, name);
        }
        public String python(PySource s) { return pythonExpr; }
        public boolean javaEncodable() { return false; }
    }

    // ---- containers ----------------------------------------------------------------------------------------

    record Tuple(List<PyNode> items) implements PyNode {
        public Object build() { return PyTuple.copyOf(buildAll(items)); }
        public String python(PySource s) { return "(" + join(items, s) + ")"; /* join leaves a trailing comma: (x, ) is a tuple */ }
        public boolean javaEncodable() { return items.stream().allMatch(PyNode::javaEncodable); }
        public String pyKey() { return "(" + items.stream().map(PyNode::pyKey).collect(Collectors.joining(",")) + ")"; }
    }

    record PyList(List<PyNode> items) implements PyNode {
        public Object build() { return buildAll(items); }
        public String python(PySource s) { return "[" + join(items, s) + "]"; }
        public boolean javaEncodable() { return items.stream().allMatch(PyNode::javaEncodable); }
    }

    record Dict(List<PyNode> keys, List<PyNode> values) implements PyNode {
        public Object build() {
            Map<Object, Object> m = new LinkedHashMap<>();
            for (int i = 0; i < keys.size(); i++) m.put(keys.get(i).build(), values.get(i).build());
            return m;
        }
        public String python(PySource s) {
            StringBuilder b = new StringBuilder("{");
            for (int i = 0; i < keys.size(); i++) b.append(keys.get(i).python(s)).append(": ").append(values.get(i).python(s)).append(", ");
            return b.append('}').toString();
        }
        public boolean javaEncodable() {
            return keys.stream().allMatch(PyNode::javaEncodable) && values.stream().allMatch(PyNode::javaEncodable);
        }
    }

    record PySet(List<PyNode> items) implements PyNode {
        public Object build() { return new LinkedHashSet<>(buildAll(items)); }
        public String python(PySource s) { return items.isEmpty() ? "set()" : "{" + join(items, s) + "}"; }
    }

    record FrozenSet(List<PyNode> items) implements PyNode {
        public Object build() { return new PyFrozenSet(buildAll(items)); }
        public String python(PySource s) { return "frozenset([" + join(items, s) + "])"; }
        public String pyKey() { return "fs{" + items.stream().map(PyNode::pyKey).sorted().collect(Collectors.joining(",")) + "}"; }
    }

    /** The same mutable container twice in a list: {@code [x, x]}; both sides must keep one object. */
    record Shared(PyNode container) implements PyNode {
        public Object build() {
            Object x = container.build();
            List<Object> l = new ArrayList<>();
            l.add(x);
            l.add(x);
            return l;
        }
        public String python(PySource s) {
            String v = s.fresh();
            s.statement(v + " = " + container.python(s));
            return "[" + v + ", " + v + "]";
        }
        public boolean javaEncodable() { return container.javaEncodable(); }
    }

    /** A list that holds itself ({@code l.append(l)}), a dict holding itself, or a tuple reached again through a list in it. */
    record Cycle(String kind, PyNode filler) implements PyNode {
        public Object build() {
            Object f = filler.build();
            switch (kind) {
                case "list" -> {
                    List<Object> l = new ArrayList<>();
                    l.add(f);
                    l.add(l);
                    return l;
                }
                case "dict" -> {
                    Map<Object, Object> m = new LinkedHashMap<>();
                    m.put("f", f);
                    m.put("self", m);
                    return m;
                }
                default -> {
                    List<Object> l = new ArrayList<>();
                    PyTuple t = PyTuple.of(l, f);
                    l.add(t);
                    return t;
                }
            }
        }
        public String python(PySource s) {
            String v = s.fresh();
            String f = filler.python(s);
            switch (kind) {
                case "list" -> s.statement(v + " = [" + f + "]; " + v + ".append(" + v + ")");
                case "dict" -> s.statement(v + " = {'f': " + f + "}; " + v + "['self'] = " + v);
                default -> {
                    String l = s.fresh();
                    s.statement(l + " = []; " + v + " = (" + l + ", " + f + "); " + l + ".append(" + v + ")");
                }
            }
            return v;
        }
        public boolean javaEncodable() { return filler.javaEncodable(); }
        public String toString() { return "Cycle[" + kind + ", " + filler + "]"; }
    }

    /** {@code depth} containers of {@code kind} (list, tuple, dict) around a leaf: deep nesting. */
    record Deep(String kind, int depth, PyNode leaf) implements PyNode {
        public Object build() {
            Object v = leaf.build();
            for (int i = 0; i < depth; i++) {
                switch (kind) {
                    case "list" -> {
                        List<Object> l = new ArrayList<>();
                        l.add(v);
                        v = l;
                    }
                    case "tuple" -> v = PyTuple.of(v);
                    default -> {
                        Map<Object, Object> m = new LinkedHashMap<>();
                        m.put("k", v);
                        v = m;
                    }
                }
            }
            return v;
        }
        public String python(PySource s) {
            String v = s.fresh();
            String wrap = switch (kind) {
                case "list" -> "[" + v + "]";
                case "tuple" -> "(" + v + ",)";
                default -> "{'k': " + v + "}";
            };
            s.statement(v + " = " + leaf.python(s));
            s.statement("for _ in range(" + depth + "): " + v + " = " + wrap);
            return v;
        }
        public boolean javaEncodable() { return leaf.javaEncodable(); }
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    private static ArrayList<Object> buildAll(List<PyNode> items) {
        ArrayList<Object> out = new ArrayList<>();
        for (PyNode n : items) out.add(n.build());
        return out;
    }

    private static String join(List<PyNode> items, PySource s) {
        StringBuilder b = new StringBuilder();
        for (PyNode n : items) b.append(n.python(s)).append(", ");
        return b.toString();
    }

    private static String tz(ZoneOffset offset) {
        return offset == null ? "" : ", tzinfo=datetime.timezone(datetime.timedelta(seconds=" + offset.getTotalSeconds() + "))";
    }

    static String pyFloat(double v) {
        if (Double.isNaN(v)) return "float('nan')";
        if (Double.isInfinite(v)) return v > 0 ? "float('inf')" : "float('-inf')";
        return "float.fromhex('" + Double.toHexString(v) + "')";
    }

    static String pyStr(String v) {
        StringBuilder b = new StringBuilder("'");
        v.codePoints().forEach(cp -> {
            if (cp >= 0x20 && cp < 0x7f && cp != '\\' && cp != '\'') b.appendCodePoint(cp);
            else b.append(String.format("\\U%08x", cp));
        });
        return b.append('\'').toString();
    }
}
