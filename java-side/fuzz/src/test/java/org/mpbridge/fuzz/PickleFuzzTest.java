package org.mpbridge.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.mpbridge.ProtocolException;
import org.mpbridge.pickle.PickleCodec;

/**
 * The pickle decoder, through {@link PickleCodec}'s public API only: any bytes either decode or raise
 * {@link ProtocolException} (PickleCodec's promise); a decoded value encodes again (or raises
 * ProtocolException for a value Java cannot pickle) and that encoding decodes.
 */
class PickleFuzzTest {
    @FuzzTest
    void loads(byte[] input) throws Exception {
        KnownFindings.run(() -> roundTrip(input));
    }

    private static void roundTrip(byte[] input) {
        Object value;
        try {
            value = PickleCodec.loads(input);
        } catch (ProtocolException expected) {
            return;
        }
        byte[] again;
        try {
            again = PickleCodec.dumps(value);
        } catch (ProtocolException unpicklable) {
            return;
        }
        try {
            PickleCodec.loads(again);
        } catch (ProtocolException e) {
            throw new AssertionError("Java's own pickle of a decoded value does not decode: " + e.getMessage(), e);
        }
    }
}
