package org.mpbridge.manager;

import java.io.IOException;
import java.util.List;

/** CPython's {@code NamespaceProxy}: attributes of a {@code Namespace} in the manager. */
public class NamespaceProxy extends Proxy {
    protected NamespaceProxy(ManagerClient manager, Token token, List<String> exposed) {
        super(manager, token, exposed);
    }


    /** {@code ns.name}; a missing one raises {@code builtins.AttributeError}. */
    public Object get(String name) throws IOException {
        return call("__getattribute__", name);
    }

    /** {@code ns.name = value}. */
    public void set(String name, Object value) throws IOException {
        call("__setattr__", name, value);
    }

    /** {@code del ns.name}. */
    public void delete(String name) throws IOException {
        call("__delattr__", name);
    }
}
