package org.mpbridge.manager.server;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.mpbridge.PythonException;
import org.mpbridge.manager.PythonErrors;
import org.mpbridge.pickle.PyByteArray;

/** {@code iter(x)} over decoded values: what {@code list.extend}, {@code dict.update} … accept. */
final class Sequences {
    private Sequences() {}

    static List<Object> iterable(Object o) throws PythonException {
        if (o instanceof Collection<?> c) return new ArrayList<>(c);
        if (o instanceof Map<?, ?> m) return new ArrayList<>(m.keySet());
        if (o instanceof String s) {
            List<Object> out = new ArrayList<>();
            s.codePoints().forEach(cp -> out.add(new String(Character.toChars(cp))));
            return out;
        }
        if (o instanceof byte[] || o instanceof PyByteArray) {
            byte[] b = o instanceof byte[] bytes ? bytes : ((PyByteArray) o).bytes();
            List<Object> out = new ArrayList<>(b.length);
            for (byte x : b) out.add(x & 0xff);
            return out;
        }
        throw PythonErrors.builtin("TypeError", "'" + Py.typeName(o) + "' object is not iterable");
    }
}
