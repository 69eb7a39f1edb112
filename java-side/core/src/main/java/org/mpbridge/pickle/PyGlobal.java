package org.mpbridge.pickle;

/** A reference to a Python global ({@code module.qualname}): a class or function named in a pickle. */
public record PyGlobal(String module, String name) {
    static PyGlobal of(String module, String name) {
        return new PyGlobal(module, name);
    }

    public String qualifiedName() {
        return module + "." + name;
    }

    @Override
    public String toString() {
        return "<" + qualifiedName() + ">";
    }
}
