package org.mpbridge.py4j.calls;

/** The {@code py4j-calls} scenario's server object: calls {@code callback.apply(n)} back in the caller, returns twice that. */
public interface Service {
    int twiceVia(Callback callback, int n);
}
