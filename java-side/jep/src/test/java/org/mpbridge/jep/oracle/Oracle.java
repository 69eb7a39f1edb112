package org.mpbridge.jep.oracle;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.mpbridge.ProtocolException;
import org.mpbridge.jep.EmbeddedPython;
import org.mpbridge.pickle.PickleCodec;

/**
 * The pickle oracle: a CPython inside this JVM judges Java's pickles, and pickles values for Java to decode.
 * One Jep call per batch; the batch's sources and bytes cross by Jep's own String conversion, so the codec
 * under test carries nothing but the cases themselves. A result is null (pass) or what went wrong.
 */
public final class Oracle implements AutoCloseable {
    /** One Python-to-Java case: the value and the protocol CPython pickles it at. */
    public record Case(PyNode node, int protocol) {
        @Override
        public String toString() {
            return "protocol " + protocol + ": " + node;
        }
    }

    private final EmbeddedPython py;

    private Oracle(EmbeddedPython py) {
        this.py = py;
    }

    public static Oracle start() throws IOException {
        EmbeddedPython py = EmbeddedPython.start();
        try (InputStream in = Oracle.class.getResourceAsStream("oracle.py")) {
            py.exec(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            py.close();
            throw e;
        }
        return new Oracle(py);
    }

    /** Java encodes each value; CPython decodes it and checks type and value against what the source makes. */
    public List<String> javaToPython(List<PyNode> cases) throws IOException {
        List<String> results = new ArrayList<>();
        List<String> sources = new ArrayList<>();
        List<String> pickles = new ArrayList<>();
        List<Integer> sent = new ArrayList<>();
        for (PyNode node : cases) {
            results.add(null);
            try {
                byte[] p = PickleCodec.dumps(node.build());
                sources.add(PyNode.PySource.program(node));
                pickles.add(new String(p, StandardCharsets.ISO_8859_1));
                sent.add(results.size() - 1);
            } catch (ProtocolException | RuntimeException | StackOverflowError e) {
                results.set(results.size() - 1, "Java could not encode it: " + e);
            }
        }
        List<?> verdicts = py.withInterpreter(i -> (List<?>) i.invoke("check_java_pickles",
                sources.toArray(String[]::new), pickles.toArray(String[]::new)));
        for (int k = 0; k < sent.size(); k++) {
            Object v = verdicts.get(k);
            if (v != null) results.set(sent.get(k), v.toString() + "\n  python source:\n" + PyNode.PySource.program(cases.get(sent.get(k))).indent(4));
        }
        return results;
    }

    /** CPython pickles each value at its protocol; Java decodes it and checks type, value and sharing. */
    public List<String> pythonToJava(List<Case> cases) throws IOException {
        String[] sources = cases.stream().map(c -> PyNode.PySource.program(c.node())).toArray(String[]::new);
        int[] protocols = cases.stream().mapToInt(Case::protocol).toArray();
        List<?> pickles = py.withInterpreter(i -> (List<?>) i.invoke("pickle_for_java", sources, protocols));
        List<String> results = new ArrayList<>();
        for (int k = 0; k < cases.size(); k++) {
            Object p = pickles.get(k);
            String verdict;
            if (!(p instanceof byte[] bytes)) {
                verdict = "CPython could not pickle it: " + p;
            } else {
                try {
                    Object decoded = PickleCodec.loads(bytes);
                    PyNode.Opaque.PROTOCOL.set(cases.get(k).protocol());
                    try {
                        verdict = GraphCompare.difference(cases.get(k).node().build(), decoded);
                    } finally {
                        PyNode.Opaque.PROTOCOL.remove();
                    }
                } catch (ProtocolException | RuntimeException | StackOverflowError e) {
                    verdict = "Java could not decode it: " + e;
                }
                if (verdict != null) {
                    verdict += "\n  protocol " + cases.get(k).protocol() + ", pickle " + hex(bytes) + "\n  python source:\n" + sources[k].indent(4);
                }
            }
            results.add(verdict);
        }
        return results;
    }

    private static String hex(byte[] b) {
        String h = java.util.HexFormat.of().formatHex(b, 0, Math.min(b.length, 400));
        return b.length > 400 ? h + "...(" + b.length + " bytes)" : h;
    }

    public String pythonVersion() {
        return py.pythonVersion();
    }

    @Override
    public void close() {
        py.close();
    }
}
