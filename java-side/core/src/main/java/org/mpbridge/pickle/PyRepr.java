package org.mpbridge.pickle;

import java.util.Collection;
import java.util.Map;

/** A Python-like {@code repr} of decoded values, for messages and logs. */
public final class PyRepr {
    private PyRepr() {}

    public static String repr(Object o) {
        if (o == null) return "None";
        if (o instanceof Boolean b) return b ? "True" : "False";
        if (o instanceof String s) return "'" + s.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n") + "'";
        if (o instanceof byte[] b) {
            StringBuilder sb = new StringBuilder("b'");
            for (byte x : b) {
                int c = x & 0xff;
                if (c == '\\' || c == '\'') sb.append('\\').append((char) c);
                else if (c >= 32 && c < 127) sb.append((char) c);
                else sb.append(String.format("\\x%02x", c));
            }
            return sb.append('\'').toString();
        }
        if (o instanceof Map<?, ?> m) {
            StringBuilder sb = new StringBuilder("{");
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!first) sb.append(", ");
                first = false;
                sb.append(repr(e.getKey())).append(": ").append(repr(e.getValue()));
            }
            return sb.append('}').toString();
        }
        if (o instanceof PyTuple || o instanceof PyFrozenSet) return o.toString();
        if (o instanceof java.util.Set<?> s) {
            if (s.isEmpty()) return "set()";
            return join(s, "{", "}");
        }
        if (o instanceof Collection<?> c) return join(c, "[", "]");
        return String.valueOf(o);
    }

    private static String join(Collection<?> c, String open, String close) {
        StringBuilder sb = new StringBuilder(open);
        boolean first = true;
        for (Object x : c) {
            if (!first) sb.append(", ");
            first = false;
            sb.append(repr(x));
        }
        return sb.append(close).toString();
    }
}
