package org.mpbridge.manager.server;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.mpbridge.PythonException;
import org.mpbridge.manager.PythonErrors;
import org.mpbridge.pickle.PyTuple;

/**
 * A Python parameter list, for binding a call's {@code (args, kwds)} as Python would: {@code of("get", "block",
 * "timeout").defaults(true, null)} is {@code def get(block=True, timeout=None)}. Too many, missing, duplicate or
 * unknown arguments raise Python's {@code TypeError}.
 */
public final class Signature {
    private static final Object REQUIRED = new Object();
    private final String name;
    private final List<String> params;
    private final Object[] defaults;

    private Signature(String name, List<String> params, Object[] defaults) {
        this.name = name;
        this.params = params;
        this.defaults = defaults;
    }

    public static Signature of(String name, String... params) {
        Object[] d = new Object[params.length];
        Arrays.fill(d, REQUIRED);
        return new Signature(name, List.of(params), d);
    }

    /** Defaults for the last {@code values.length} parameters. */
    public Signature defaults(Object... values) {
        if (values.length > params.size()) throw new IllegalArgumentException("more defaults than parameters");
        Object[] d = defaults.clone();
        System.arraycopy(values, 0, d, params.size() - values.length, values.length);
        return new Signature(name, params, d);
    }

    public String name() {
        return name;
    }

    /** The bound values, one per parameter. */
    public Object[] bind(PyTuple args, Map<Object, Object> kwargs) throws PythonException {
        int n = params.size();
        if (args.size() > n) {
            int required = (int) Arrays.stream(defaults).filter(d -> d == REQUIRED).count();
            String takes = required == n ? Integer.toString(n) : "from " + required + " to " + n;
            throw PythonErrors.builtin("TypeError", name + "() takes " + takes + " positional argument" + (n == 1 ? "" : "s")
                    + " but " + args.size() + (args.size() == 1 ? " was" : " were") + " given");
        }
        Object[] bound = new Object[n];
        boolean[] set = new boolean[n];
        for (int i = 0; i < args.size(); i++) {
            bound[i] = args.get(i);
            set[i] = true;
        }
        for (Map.Entry<Object, Object> e : kwargs.entrySet()) {
            int i = params.indexOf(String.valueOf(e.getKey()));
            if (i < 0) throw PythonErrors.builtin("TypeError", name + "() got an unexpected keyword argument '" + e.getKey() + "'");
            if (set[i]) throw PythonErrors.builtin("TypeError", name + "() got multiple values for argument '" + e.getKey() + "'");
            bound[i] = e.getValue();
            set[i] = true;
        }
        for (int i = 0; i < n; i++) {
            if (set[i]) continue;
            if (defaults[i] == REQUIRED) {
                throw PythonErrors.builtin("TypeError", name + "() missing 1 required positional argument: '" + params.get(i) + "'");
            }
            bound[i] = defaults[i];
        }
        return bound;
    }
}
