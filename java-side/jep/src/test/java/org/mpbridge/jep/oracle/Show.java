package org.mpbridge.jep.oracle;

import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mpbridge.pickle.PyByteArray;
import org.mpbridge.pickle.PyTuple;

/** A bounded, cycle-safe rendering of decoded values for failure messages. */
final class Show {
    private Show() {}

    static String type(Object o) {
        return o == null ? "null" : o.getClass().getSimpleName();
    }

    static String show(Object o) {
        StringBuilder b = new StringBuilder();
        render(o, b, new IdentityHashMap<>(), 0);
        return b.length() > 300 ? b.substring(0, 300) + "..." : b.toString();
    }

    private static void render(Object o, StringBuilder b, IdentityHashMap<Object, Boolean> open, int depth) {
        if (b.length() > 400) return;
        if (depth > 12) {
            b.append("...");
            return;
        }
        if (o instanceof byte[] bytes) {
            String hex = HexFormat.of().formatHex(bytes, 0, Math.min(bytes.length, 32));
            b.append("b'").append(hex).append(bytes.length > 32 ? "..." : "").append("'(").append(bytes.length).append(')');
            return;
        }
        if (o instanceof PyByteArray ba) {
            b.append("bytearray(");
            render(ba.bytes(), b, open, depth + 1);
            b.append(')');
            return;
        }
        if (o instanceof List<?> || o instanceof Map<?, ?> || o instanceof Set<?>) {
            if (open.containsKey(o)) {
                b.append("<cycle>");
                return;
            }
            open.put(o, true);
            String[] br = o instanceof PyTuple ? new String[] {"(", ")"} : o instanceof List<?> ? new String[] {"[", "]"} : new String[] {"{", "}"};
            b.append(br[0]);
            if (o instanceof Map<?, ?> m) {
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    render(e.getKey(), b, open, depth + 1);
                    b.append(": ");
                    render(e.getValue(), b, open, depth + 1);
                    b.append(", ");
                }
            } else {
                for (Object x : (Iterable<?>) o) {
                    render(x, b, open, depth + 1);
                    b.append(", ");
                }
            }
            b.append(br[1]);
            open.remove(o);
            return;
        }
        if (o instanceof String s) {
            b.append('\'').append(s.length() > 40 ? s.substring(0, 40) + "...(" + s.length() + ")" : s).append('\'');
            return;
        }
        b.append(o);
    }
}
