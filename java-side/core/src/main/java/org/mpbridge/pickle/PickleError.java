package org.mpbridge.pickle;

/**
 * Why a pickle was refused, named as CPython would raise it ({@code pythonType} is e.g. {@code UnpicklingError},
 * {@code UnicodeDecodeError}, {@code TypeError}); {@link PickleCodec} turns it into a ProtocolException.
 */
final class PickleError extends RuntimeException {
    private final String pythonType;

    PickleError(String pythonType, String message) {
        super(pythonType + ": " + message, null, false, false);
        this.pythonType = pythonType;
    }

    static PickleError unpickling(String message) {
        return new PickleError("_pickle.UnpicklingError", message);
    }

    String pythonType() {
        return pythonType;
    }
}
