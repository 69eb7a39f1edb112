package org.mpbridge.pickle;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Collection;
import java.util.Map;

/** A Python-like {@code repr} of decoded values, for messages, logs and a manager's {@code __repr__}. */
public final class PyRepr {
    private PyRepr() {}

    /** Nesting shown before "..." (Python would raise RecursionError; a message must never overflow the stack). */
    static final int MAX_DEPTH = 100;
    /** Characters of output before the rest is elided as "...". */
    static final int MAX_LENGTH = 1 << 20;

    public static String repr(Object o) {
        StringBuilder sb = new StringBuilder();
        repr(o, sb, new java.util.IdentityHashMap<>(), 0);
        return sb.toString();
    }

    private static void repr(Object o, StringBuilder sb, java.util.IdentityHashMap<Object, Boolean> open, int depth) {
        if (sb.length() > MAX_LENGTH) {
            sb.append("...");
            return;
        }
        if (o == null) { sb.append("None"); return; }
        if (o instanceof Boolean b) { sb.append(b ? "True" : "False"); return; }
        if (o instanceof Double || o instanceof Float) { sb.append(floatRepr(((Number) o).doubleValue())); return; }
        if (o instanceof String s) { sb.append(strRepr(s)); return; }
        if (o instanceof byte[] b) {
            sb.append("b'");
            for (byte x : b) {
                int c = x & 0xff;
                if (c == '\\' || c == '\'') sb.append('\\').append((char) c);
                else if (c == '\n') sb.append("\\n");
                else if (c == '\r') sb.append("\\r");
                else if (c == '\t') sb.append("\\t");
                else if (c >= 32 && c < 127) sb.append((char) c);
                else sb.append(String.format("\\x%02x", c));
            }
            sb.append('\'');
            return;
        }
        boolean container = o instanceof Map<?, ?> || o instanceof Collection<?>;
        if (!container) { sb.append(o); return; }
        if (depth >= MAX_DEPTH) { sb.append("..."); return; }
        if (open.put(o, Boolean.TRUE) != null) {
            sb.append(o instanceof Map<?, ?> ? "{...}" : o instanceof PyTuple ? "(...)" : "[...]");
            return;
        }
        try {
            if (o instanceof Map<?, ?> m) {
                sb.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    if (!first) sb.append(", ");
                    first = false;
                    repr(e.getKey(), sb, open, depth + 1);
                    sb.append(": ");
                    repr(e.getValue(), sb, open, depth + 1);
                }
                sb.append('}');
            } else if (o instanceof PyTuple t) {
                sb.append('(');
                for (int i = 0; i < t.size(); i++) {
                    if (i > 0) sb.append(", ");
                    repr(t.get(i), sb, open, depth + 1);
                }
                sb.append(t.size() == 1 ? ",)" : ")");
            } else if (o instanceof PyFrozenSet fs) {
                sb.append("frozenset(");
                if (!fs.isEmpty()) join(fs, "{", "}", sb, open, depth);
                sb.append(')');
            } else if (o instanceof java.util.Set<?> st) {
                if (st.isEmpty()) sb.append("set()");
                else join(st, "{", "}", sb, open, depth);
            } else {
                join((Collection<?>) o, "[", "]", sb, open, depth);
            }
        } finally {
            open.remove(o);
        }
    }

    private static void join(Collection<?> c, String l, String r, StringBuilder sb, java.util.IdentityHashMap<Object, Boolean> open, int depth) {
        sb.append(l);
        boolean first = true;
        for (Object x : c) {
            if (!first) sb.append(", ");
            first = false;
            repr(x, sb, open, depth + 1);
        }
        sb.append(r);
    }

    /**
     * Python's {@code repr(float)}: the shortest digits that read back to the same double, in fixed notation
     * when the decimal exponent is in [-4, 16), else {@code d.ddde+XX}; {@code inf}, {@code -inf}, {@code nan}.
     */
    public static String floatRepr(double d) {
        if (Double.isNaN(d)) return "nan";
        if (Double.isInfinite(d)) return d > 0 ? "inf" : "-inf";
        if (d == 0) return (1 / d < 0) ? "-0.0" : "0.0";
        BigDecimal exact = new BigDecimal(d);
        BigDecimal shortest = exact;
        for (int precision = 1; precision <= 17; precision++) {
            BigDecimal candidate = exact.round(new MathContext(precision, RoundingMode.HALF_EVEN));
            if (candidate.doubleValue() == d) {
                shortest = candidate;
                break;
            }
        }
        String digits = shortest.unscaledValue().abs().toString();
        int trailing = 0;
        while (trailing < digits.length() - 1 && digits.charAt(digits.length() - 1 - trailing) == '0') trailing++;
        digits = digits.substring(0, digits.length() - trailing);
        // value = 0.DIGITS * 10^decpt
        int decpt = digits.length() + trailing - shortest.scale();
        StringBuilder sb = new StringBuilder(d < 0 ? "-" : "");
        if (decpt > -4 && decpt <= 16) {
            if (decpt <= 0) {
                sb.append("0.").append("0".repeat(-decpt)).append(digits);
            } else if (decpt >= digits.length()) {
                sb.append(digits).append("0".repeat(decpt - digits.length())).append(".0");
            } else {
                sb.append(digits, 0, decpt).append('.').append(digits.substring(decpt));
            }
        } else {
            sb.append(digits.charAt(0));
            if (digits.length() > 1) sb.append('.').append(digits.substring(1));
            int exp = decpt - 1;
            sb.append(exp < 0 ? "e-" : "e+");
            String e = Integer.toString(Math.abs(exp));
            sb.append(e.length() < 2 ? "0" + e : e);
        }
        return sb.toString();
    }

    /** Python's {@code repr(str)}: single quotes unless the text has ' and no ", escapes for the unprintable. */
    public static String strRepr(String s) {
        char quote = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
        StringBuilder sb = new StringBuilder().append(quote);
        s.codePoints().forEach(cp -> {
            if (cp == quote || cp == '\\') sb.append('\\').appendCodePoint(cp);
            else if (cp == '\n') sb.append("\\n");
            else if (cp == '\r') sb.append("\\r");
            else if (cp == '\t') sb.append("\\t");
            else if (cp < 0x20 || cp == 0x7f) sb.append(String.format("\\x%02x", cp));
            else if (cp >= 0x80 && !printable(cp)) {
                if (cp <= 0xff) sb.append(String.format("\\x%02x", cp));
                else if (cp <= 0xffff) sb.append(String.format("\\u%04x", cp));
                else sb.append(String.format("\\U%08x", cp));
            } else sb.appendCodePoint(cp);
        });
        return sb.append(quote).toString();
    }

    private static boolean printable(int cp) {
        int type = Character.getType(cp);
        return !(type == Character.CONTROL || type == Character.FORMAT || type == Character.SURROGATE
                || type == Character.PRIVATE_USE || type == Character.UNASSIGNED || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR || (type == Character.SPACE_SEPARATOR && cp != ' '));
    }
}
