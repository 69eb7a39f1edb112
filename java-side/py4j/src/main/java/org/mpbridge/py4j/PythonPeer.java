package org.mpbridge.py4j;

/**
 * What the CPython process of a {@link PythonGateway} serves over Py4J (implemented in Python by
 * {@code python_gateway_peer.py}). Values cross as pickles: {@code 0x00 + pickle} or {@code 0x01 + pickle of
 * (type, args, traceback)}. Public only because Py4J proxies it.
 */
public interface PythonPeer {
    byte[] call(String callable, byte[] pickledArgs);

    byte[] eval(String expression);

    byte[] exec(String code);

    /** The Python object {@code expression} evaluates to, as a Py4J proxy implementing {@code javaInterface}. */
    Object object(String expression, String javaInterface);

    String version();
}
