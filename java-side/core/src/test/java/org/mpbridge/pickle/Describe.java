package org.mpbridge.pickle;

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
import java.util.Collection;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The canonical description python-side/tools/differential_unpickle.py prints, built from Java's decoded values. */
final class Describe {
    private Describe() {}

    static String json(Object o) {
        StringBuilder sb = new StringBuilder();
        write(describe(o, new IdentityHashMap<>(), 0), sb);
        return sb.toString();
    }

    static Object describe(Object o, IdentityHashMap<Object, Integer> memo, int depth) {
        if (depth > 200) return "deep";
        if (o == null) return "N";
        if (o instanceof Boolean b) return List.of("b", b);
        if (o instanceof Integer || o instanceof Long || o instanceof BigInteger) return List.of("i", o.toString());
        if (o instanceof Double d) return List.of("f", bits(d));
        if (o instanceof String s) return List.of("s", utf16le(s));
        if (o instanceof byte[] b) return List.of("y", HexFormat.of().formatHex(b));
        if (o instanceof PyComplex c) return List.of("c", bits(c.real()), bits(c.imag()));
        if (o instanceof BigDecimal d) return List.of("D", d.toString());
        if (o instanceof Duration d) {
            long days = Math.floorDiv(d.getSeconds(), 86400);
            return List.of("td", days, Math.floorMod(d.getSeconds(), 86400), d.getNano() / 1000);
        }
        if (o instanceof ZoneOffset z) return List.of("tz", z.getTotalSeconds());
        if (o instanceof LocalDate d) return List.of("date", d.getYear(), d.getMonthValue(), d.getDayOfMonth());
        if (o instanceof LocalTime t) return time(t, null);
        if (o instanceof OffsetTime t) return time(t.toLocalTime(), t.getOffset().getTotalSeconds());
        if (o instanceof LocalDateTime dt) return dateTime(dt, null);
        if (o instanceof OffsetDateTime dt) return dateTime(dt.toLocalDateTime(), dt.getOffset().getTotalSeconds());
        if (o instanceof PyGlobal g) return List.of("g", g.qualifiedName());
        Integer seen = memo.get(o);
        if (seen != null) return List.of("r", seen);
        memo.put(o, memo.size());
        int d = depth + 1;
        if (o instanceof PyByteArray ba) return List.of("Y", HexFormat.of().formatHex(ba.bytes()));
        if (o instanceof PyTuple t) return List.of("t", all(t, memo, d));
        if (o instanceof PyFrozenSet fs) return List.of("F", sortedItems(fs, d));
        if (o instanceof Set<?> s) return List.of("S", sortedItems(s, d));
        if (o instanceof List<?> l) return List.of("l", all(l, memo, d));
        if (o instanceof Map<?, ?> m) return List.of("d", pairs(m, memo, d));
        if (o instanceof PyObject obj) {
            String name = obj.callable().name();
            if (obj.qualifiedName().equals("decimal.Decimal")) return List.of("D?");
            // a datetime value Java's types cannot hold (out-of-range pickle state, fold, named zone): kept generic
            if (java.util.Set.of("datetime.date", "datetime.time", "datetime.datetime", "datetime.timedelta", "datetime.timezone").contains(obj.qualifiedName())) return List.of("dt?");
            boolean exception = obj.callable().module().equals("builtins") && BUILTIN_EXCEPTIONS.contains(name);
            if (exception) return List.of("o", name, List.of("t", all(obj.args(), memo, d)));
            return List.of("o", name, List.of("t", all(obj.args(), memo, d)), List.of("l", all(obj.listItems(), memo, d)),
                    List.of("d", pairs(obj.dictItems(), memo, d)), obj.hasState() ? describe(obj.state(), memo, d) : "nostate");
        }
        return List.of("?", o.getClass().getSimpleName());
    }

    /** Python 3's built-in exception classes (dir(builtins)). */
    static final Set<String> BUILTIN_EXCEPTIONS = Set.of("ArithmeticError", "AssertionError", "AttributeError", "BaseException",
            "BlockingIOError", "BrokenPipeError", "BufferError", "BytesWarning", "ChildProcessError", "ConnectionAbortedError",
            "ConnectionError", "ConnectionRefusedError", "ConnectionResetError", "DeprecationWarning", "EOFError",
            "EnvironmentError", "Exception", "FileExistsError", "FileNotFoundError", "FloatingPointError", "FutureWarning",
            "GeneratorExit", "IOError", "ImportError", "ImportWarning", "IndentationError", "IndexError", "InterruptedError",
            "IsADirectoryError", "KeyError", "KeyboardInterrupt", "LookupError", "MemoryError", "ModuleNotFoundError",
            "NameError", "NotADirectoryError", "NotImplementedError", "OSError", "OverflowError", "PendingDeprecationWarning",
            "PermissionError", "ProcessLookupError", "RecursionError", "ReferenceError", "ResourceWarning", "RuntimeError",
            "RuntimeWarning", "StopAsyncIteration", "StopIteration", "SyntaxError", "SyntaxWarning", "SystemError",
            "SystemExit", "TabError", "TimeoutError", "TypeError", "UnboundLocalError", "UnicodeDecodeError",
            "UnicodeEncodeError", "UnicodeError", "UnicodeTranslateError", "UnicodeWarning", "UserWarning", "ValueError",
            "Warning", "ZeroDivisionError", "EncodingWarning", "BaseExceptionGroup", "ExceptionGroup");

    private static List<Object> time(LocalTime t, Integer tz) {
        List<Object> out = new ArrayList<>(List.of("time", t.getHour(), t.getMinute(), t.getSecond(), t.getNano() / 1000));
        out.add(tz);
        out.add(0);
        return out;
    }

    private static List<Object> dateTime(LocalDateTime dt, Integer tz) {
        List<Object> out = new ArrayList<>(List.of("dt", dt.getYear(), dt.getMonthValue(), dt.getDayOfMonth(), dt.getHour(),
                dt.getMinute(), dt.getSecond(), dt.getNano() / 1000));
        out.add(tz);
        out.add(0);
        return out;
    }

    private static List<Object> all(Collection<?> c, IdentityHashMap<Object, Integer> memo, int d) {
        List<Object> out = new ArrayList<>();
        for (Object x : c) out.add(describe(x, memo, d));
        return out;
    }

    private static List<Object> pairs(Map<?, ?> m, IdentityHashMap<Object, Integer> memo, int d) {
        List<Object> out = new ArrayList<>();
        for (Map.Entry<?, ?> e : m.entrySet()) out.add(List.of(describe(e.getKey(), memo, d), describe(e.getValue(), memo, d)));
        return out;
    }

    private static List<Object> sortedItems(Collection<?> c, int d) {
        List<String> out = new ArrayList<>();
        for (Object x : c) {
            StringBuilder sb = new StringBuilder();
            write(describe(x, new IdentityHashMap<>(), d), sb);
            out.add(sb.toString());
        }
        java.util.Collections.sort(out);
        return new ArrayList<>(out);
    }

    static String bits(double d) {
        return Double.isNaN(d) ? "nan" : String.format("%016x", Double.doubleToRawLongBits(d));
    }

    private static String utf16le(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            sb.append(String.format("%02x%02x", c & 0xff, c >> 8));
        }
        return sb.toString();
    }

    /** JSON as Python's json.dumps writes it (", " and ": " separators), so strings compare directly. */
    static void write(Object o, StringBuilder sb) {
        if (o == null) {
            sb.append("null");
        } else if (o instanceof String s) {
            sb.append('"');
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '"' || c == '\\') sb.append('\\').append(c);
                else if (c < 0x20 || c > 0x7e) sb.append(String.format("\\u%04x", (int) c));
                else sb.append(c);
            }
            sb.append('"');
        } else if (o instanceof Boolean b) {
            sb.append(b ? "true" : "false");
        } else if (o instanceof Number n) {
            sb.append(n);
        } else if (o instanceof List<?> l) {
            sb.append('[');
            for (int i = 0; i < l.size(); i++) {
                if (i > 0) sb.append(", ");
                write(l.get(i), sb);
            }
            sb.append(']');
        } else {
            throw new IllegalArgumentException(o.getClass().getName());
        }
    }
}
