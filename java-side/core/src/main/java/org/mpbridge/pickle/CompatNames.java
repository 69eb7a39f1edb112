package org.mpbridge.pickle;

import java.util.Map;

/**
 * The Python 2 names a protocol 0–2 pickle may carry, mapped as {@code Unpickler(fix_imports=True)} maps them
 * (Lib/_compat_pickle.py), for the modules of the type table and the exceptions.
 */
final class CompatNames {
    private CompatNames() {}

    private static final Map<String, String> MODULES = Map.of(
            "__builtin__", "builtins", "copy_reg", "copyreg", "exceptions", "builtins", "Queue", "queue");

    /** _compat_pickle.PYTHON2_EXCEPTIONS: written as {@code exceptions.NAME} at protocol 2. */
    static final java.util.Set<String> PYTHON2_EXCEPTIONS = java.util.Set.of(
            "ArithmeticError", "AssertionError", "AttributeError", "BaseException", "BufferError", "BytesWarning",
            "DeprecationWarning", "EOFError", "EnvironmentError", "Exception", "FloatingPointError", "FutureWarning",
            "GeneratorExit", "IOError", "ImportError", "ImportWarning", "IndentationError", "IndexError", "KeyError",
            "KeyboardInterrupt", "LookupError", "MemoryError", "NameError", "NotImplementedError", "OSError",
            "OverflowError", "PendingDeprecationWarning", "ReferenceError", "RuntimeError", "RuntimeWarning",
            "StopIteration", "SyntaxError", "SyntaxWarning", "SystemError", "SystemExit", "TabError", "TypeError",
            "UnboundLocalError", "UnicodeDecodeError", "UnicodeEncodeError", "UnicodeError", "UnicodeTranslateError",
            "UnicodeWarning", "UserWarning", "ValueError", "Warning", "ZeroDivisionError");

    /** The Python 2 module a protocol-2 GLOBAL names ({@code fix_imports}' reverse mapping). */
    static String python2Module(String module, String name) {
        switch (module) {
            case "builtins": return PYTHON2_EXCEPTIONS.contains(name) ? "exceptions" : "__builtin__";
            case "copyreg": return "copy_reg";
            case "queue": return "Queue";
            default: return module;
        }
    }

    static String module(String module, String name) {
        if (module.equals("__builtin__") && name.equals("reduce")) return "functools";
        if (module.equals("__builtin__") && name.equals("intern")) return "sys";
        return MODULES.getOrDefault(module, module);
    }

    static String name(String module, String name) {
        if (module.equals("exceptions") && name.equals("StandardError")) return "Exception";
        if (module.equals("__builtin__")) {
            switch (name) {
                case "xrange": return "range";
                case "unicode": return "str";
                case "basestring": return "str";
                case "long": return "int";
                case "unichr": return "chr";
                case "raw_input": return "input";
                default: return name;
            }
        }
        return name;
    }
}
