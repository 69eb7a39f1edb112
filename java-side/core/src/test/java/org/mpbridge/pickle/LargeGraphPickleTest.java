package org.mpbridge.pickle;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;
import org.mpbridge.testing.PythonInterpreters;

/**
 * Big object graphs, as each CPython 3.8-3.13 pickles them, re-encode byte for byte: the golden pickles are small,
 * and the pickler's memo changes its strategy once it holds thousands of objects (IdentityMemo's filter, pending
 * log and cache), so these graphs have tens of thousands of memo entries, shared and unshared, in every order.
 */
class LargeGraphPickleTest {
    /** Writes, for each graph and protocol 2 and 4, a 4-byte big-endian length and CPython's pickle. */
    private static final String GRAPHS = """
            import pickle, struct, sys
            strs = ["s%d" % i for i in range(20000)]
            tags = ["red", "blue"]
            dicts = [{"id": i, "name": "item-%d" % i, "score": i * 0.5, "tags": tags if i % 3 else ["x", "y"],
                      "ok": i % 2 == 0} for i in range(30000)]
            shared = [strs, list(reversed(strs)), strs[::7], [strs[i] for i in range(0, 20000, 13)] * 2]
            nested = []
            for i in range(3000):
                inner = {"k%d" % (i % 50): [nested[-1] if nested else None, strs[i], (i, strs[i])]}
                nested.append(inner)
            nested.append(nested[::-1])
            cyclic = [[] for _ in range(10000)]
            for i, c in enumerate(cyclic):
                c += [c, cyclic[i // 2], cyclic[(i * 7919) % (i + 1)]]
            out = sys.stdout.buffer
            for graph in (dicts, shared, nested, cyclic):
                for protocol in (4, 2):
                    data = pickle.dumps(graph, protocol)
                    out.write(struct.pack(">i", len(data)))
                    out.write(data)
            out.flush()
            """;
    private static final String[] NAMES = {"30k dicts", "20k strings shared in 4 orders", "3k nested dicts", "10k-list cycle"};

    @TestFactory
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    Stream<DynamicTest> bigSharedGraphsReencodeByteForByteAsCPython() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        for (PythonInterpreters.Python python : PythonInterpreters.all()) {
            List<byte[]> pickles = pickles(python);
            for (int k = 0; k < pickles.size(); k++) {
                byte[] cpython = pickles.get(k);
                int protocol = k % 2 == 0 ? 4 : 2;
                String name = "py" + python.minor() + " protocol " + protocol + " " + NAMES[k / 2];
                tests.add(DynamicTest.dynamicTest(name, () -> {
                    byte[] java = PickleCodec.dumps(PickleCodec.loads(cpython), protocol);
                    if (!Arrays.equals(java, cpython)) assertThat(HexFormat.of().formatHex(java)).isEqualTo(HexFormat.of().formatHex(cpython));
                }));
            }
        }
        return tests.stream();
    }

    private static List<byte[]> pickles(PythonInterpreters.Python python) throws Exception {
        Process p = new ProcessBuilder(python.path().toString(), "-c", GRAPHS).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            p.getOutputStream().close();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            p.getInputStream().transferTo(all);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("%s exits", python.path()).isTrue();
            assertThat(p.exitValue()).as("%s exit status", python.path()).isZero();
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(all.toByteArray()));
            List<byte[]> out = new ArrayList<>();
            for (int k = 0; k < 2 * NAMES.length; k++) {
                byte[] b = new byte[in.readInt()];
                in.readFully(b);
                out.add(b);
            }
            assertThat(in.available()).isZero();
            return out;
        } finally {
            p.destroyForcibly();
        }
    }
}
