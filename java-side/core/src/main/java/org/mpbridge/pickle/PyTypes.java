package org.mpbridge.pickle;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Python type names of decoded values ({@code type(o).__name__}), for CPython-like messages. */
public final class PyTypes {
    private PyTypes() {}

    public static String name(Object o) {
        if (o == null) return "NoneType";
        if (o instanceof Boolean) return "bool";
        if (o instanceof Integer || o instanceof Long || o instanceof BigInteger || o instanceof Short || o instanceof Byte) return "int";
        if (o instanceof Double || o instanceof Float) return "float";
        if (o instanceof String) return "str";
        if (o instanceof byte[]) return "bytes";
        if (o instanceof PyByteArray) return "bytearray";
        if (o instanceof PyTuple) return "tuple";
        if (o instanceof List<?>) return "list";
        if (o instanceof Map<?, ?>) return "dict";
        if (o instanceof PyFrozenSet) return "frozenset";
        if (o instanceof Set<?>) return "set";
        if (o instanceof PyComplex) return "complex";
        if (o instanceof PyGlobal) return "type";
        if (o instanceof PyObject obj) return obj.callable().name();
        return o.getClass().getSimpleName();
    }
}
