package org.mpbridge.pickle;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.mpbridge.ProtocolException;
import net.razorvine.pickle.PickleException;

/**
 * Encode and decode values as {@code multiprocessing} does ({@code ForkingPickler.dumps} / {@code pickle.loads}).
 * Decodes protocols 0–5; encodes a protocol-2 stream that CPython 3.x reads. See the README's type table.
 * Thread-safe: every call uses its own pickler.
 */
public final class PickleCodec {
    private PickleCodec() {}

    public static byte[] dumps(Object value) throws ProtocolException {
        try {
            return new PyPickler().dumps(value);
        } catch (PickleException | StackOverflowError e) {
            throw new ProtocolException("cannot pickle: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new IllegalStateException("in-memory pickling failed", e);
        }
    }

    /** Decodes one complete pickle; any malformation is a {@link ProtocolException}, never a hang or an OOM. */
    public static Object loads(byte[] pickle) throws ProtocolException {
        return loads(pickle, 0, pickle.length);
    }

    public static Object loads(byte[] pickle, int offset, int length) throws ProtocolException {
        ByteArrayInputStream in = new ByteArrayInputStream(pickle, offset, length);
        PyUnpickler unpickler = new PyUnpickler();
        try {
            Object value = unpickler.loadAll(in);
            if (in.available() > 0) {
                // CPython ignores what follows STOP as well; only note it for diagnostics
                return value;
            }
            return value;
        } catch (PickleException e) {
            throw new ProtocolException(e.getMessage(), e);
        } catch (IOException e) {
            throw new ProtocolException("malformed pickle: " + (e.getMessage() == null ? e : e.getMessage()), e);
        } catch (RuntimeException e) {
            // razorvine's own opcodes fail with casts and empty-stack errors on malformed input
            throw new ProtocolException("malformed pickle: " + e, e);
        }
    }
}
