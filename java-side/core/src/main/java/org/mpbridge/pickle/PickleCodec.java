package org.mpbridge.pickle;

import org.mpbridge.ProtocolException;

/**
 * Encode and decode values as {@code multiprocessing} does ({@code ForkingPickler.dumps} / {@code pickle.loads}).
 * Decodes protocols 0–5 with CPython's own acceptance rules; encodes protocol 4 (CPython 3.8+'s default,
 * byte-for-byte what its C pickler writes for the same value) or, on request, protocol 2 for Python 2.7 peers.
 * See the README's type table and docs/pickle.md. Thread-safe: every call uses its own reader or writer.
 */
public final class PickleCodec {
    private PickleCodec() {}

    /** What {@link #dumps(Object)} writes: {@code pickle.DEFAULT_PROTOCOL} of CPython 3.8–3.13. */
    public static final int DEFAULT_PROTOCOL = 4;

    public static byte[] dumps(Object value) throws ProtocolException {
        return dumps(value, DEFAULT_PROTOCOL);
    }

    /** {@code protocol} 4 for CPython 3.x peers, 2 for a Python 2.7 peer (what {@code pickle.dumps(x, 2)} writes). */
    public static byte[] dumps(Object value, int protocol) throws ProtocolException {
        try {
            return new PickleWriter(protocol).dumps(value);
        } catch (PickleError e) {
            throw new ProtocolException("cannot pickle: " + e.getMessage(), e);
        } catch (StackOverflowError e) {
            throw new ProtocolException("cannot pickle: RecursionError: maximum recursion depth exceeded while pickling an object");
        }
    }

    /** Decodes one complete pickle; any malformation is a {@link ProtocolException}, never a hang, an OOM or a stack overflow. */
    public static Object loads(byte[] pickle) throws ProtocolException {
        return loads(pickle, 0, pickle.length, GlobalPolicy.ANY);
    }

    public static Object loads(byte[] pickle, int offset, int length) throws ProtocolException {
        return loads(pickle, offset, length, GlobalPolicy.ANY);
    }

    /** Decodes with {@code globals} deciding which classes may appear ({@link GlobalPolicy#TYPE_TABLE}: the allow-list mode). */
    public static Object loads(byte[] pickle, GlobalPolicy globals) throws ProtocolException {
        return loads(pickle, 0, pickle.length, globals);
    }

    public static Object loads(byte[] pickle, int offset, int length, GlobalPolicy globals) throws ProtocolException {
        if (offset < 0 || length < 0 || offset + length > pickle.length) throw new IndexOutOfBoundsException();
        try {
            // CPython ignores what follows STOP; so does this
            return new PickleReader(pickle, offset, length, globals).load();
        } catch (PickleError e) {
            throw new ProtocolException("malformed pickle: " + e.getMessage(), e);
        } catch (StackOverflowError e) {
            // last resort: equality of two distinct, equally deep values; CPython would raise RecursionError
            throw new ProtocolException("malformed pickle: RecursionError: maximum recursion depth exceeded in comparison");
        } catch (RuntimeException e) {
            throw new ProtocolException("malformed pickle: " + e, e);
        }
    }
}
