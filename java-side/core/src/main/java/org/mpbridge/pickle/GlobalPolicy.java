package org.mpbridge.pickle;

import java.util.Set;

/**
 * Which globals (GLOBAL, STACK_GLOBAL, INST) a decode accepts. Nothing in a pickle ever runs in Java: an
 * unknown class becomes an inert {@link PyObject}. But a Java process that passes such a value on (an echo, a
 * manager) hands it to Python peers, whose {@code pickle.loads} would import and call it. {@link #TYPE_TABLE}
 * refuses every global outside the README's type table, as CPython's documented "restricting globals"
 * Unpickler does: {@code UnpicklingError: global 'os.system' is forbidden}.
 */
public interface GlobalPolicy {
    /** Throws {@link PickleError} when {@code g} is refused. */
    void check(PyGlobal g);

    /** Any global, kept inert (the default: the round-trip contract for any object a Python peer sends). */
    GlobalPolicy ANY = g -> { };

    /** Only the globals of the README's type table (bytes/bytearray/set/frozenset/complex/Decimal/datetime). */
    GlobalPolicy TYPE_TABLE = allowing(Set.of(
            "builtins.bytearray", "builtins.bytes", "builtins.set", "builtins.frozenset", "builtins.list",
            "builtins.complex", "_codecs.encode", "decimal.Decimal",
            "datetime.date", "datetime.time", "datetime.datetime", "datetime.timedelta", "datetime.timezone"));

    /** Only globals whose {@code module.qualname} is in {@code allowed}. */
    static GlobalPolicy allowing(Set<String> allowed) {
        Set<String> copy = Set.copyOf(allowed);
        return g -> {
            if (!copy.contains(g.qualifiedName())) {
                throw PickleError.unpickling("global '" + g.qualifiedName() + "' is forbidden");
            }
        };
    }
}
