package org.mpbridge.pickle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Golden bytes for the bugs the pickle oracle (java-side/jep, PickleOracleTest) found. The bytes are
 * CPython's own (3.8 and 3.13 write the same): {@code pickle.dumps(x, protocol)}.
 */
class OracleRegressionTest {
    private static byte[] hex(String h) {
        return HexFormat.of().parseHex(h);
    }

    /** Protocol 0 writes a float as FLOAT + repr(x): nan, inf and -inf are words, not Java's NaN/Infinity. */
    @Test
    void protocolZeroFloatsNanAndInfinities() throws Exception {
        assertThat((Double) PickleCodec.loads("Fnan\n.".getBytes())).isNaN();
        assertThat(PickleCodec.loads("Finf\n.".getBytes())).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(PickleCodec.loads("F-inf\n.".getBytes())).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(PickleCodec.loads("F-0.0\n.".getBytes())).isEqualTo(-0.0);
    }

    /**
     * {@code l = []; t = (l, None); l.append(t)}: a tuple reached again through a list inside it. Java wrote the
     * tuple twice (the list held a copy); CPython pops the items and refers to the memoized tuple.
     */
    @Test
    void recursiveTupleIsOneObject() throws Exception {
        List<Object> l = new ArrayList<>();
        PyTuple t = PyTuple.of(l, null);
        l.add(t);
        byte[] cpython = hex("80025d710068004e867101614e303068012e");
        // Java's form differs from CPython's only in MARK..APPENDS for the one-item list; both end POP POP BINGET 1
        assertThat(PickleCodec.dumps(t)).isEqualTo(hex("80025d7100286800" + "4e867101654e303068012e"));
        for (byte[] pickle : List.of(cpython, PickleCodec.dumps(t))) {
            Object back = PickleCodec.loads(pickle);
            assertThat(back).isInstanceOf(PyTuple.class);
            List<?> inner = (List<?>) ((PyTuple) back).get(0);
            assertThat(inner.get(0)).isSameAs(back);
        }
    }

    /** The same with four items (MARK ... POP_MARK). */
    @Test
    void recursiveLongTupleIsOneObject() throws Exception {
        List<Object> l = new ArrayList<>();
        PyTuple t = PyTuple.of(l, 1, 2, 3);
        l.add(t);
        byte[] cpython = hex("8002285d71002868004b014b024b03747101614b014b024b033168012e");
        assertThat(PickleCodec.dumps(t)).isEqualTo(hex("8002285d7100282868004b014b024b03747101654b014b024b033168012e"));
        for (byte[] pickle : List.of(cpython, PickleCodec.dumps(t))) {
            Object back = PickleCodec.loads(pickle);
            assertThat(((List<?>) ((PyTuple) back).get(0)).get(0)).isSameAs(back);
        }
    }
}
