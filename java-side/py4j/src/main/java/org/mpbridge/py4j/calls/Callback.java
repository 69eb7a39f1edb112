package org.mpbridge.py4j.calls;

/** The {@code py4j-calls} scenario's callback, implemented on the calling side (10 * n). */
@FunctionalInterface
public interface Callback {
    int apply(int n);
}
