package org.mpbridge.shm;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.mpbridge.shm.ShareableListDescriptor.Layout;

/**
 * The golden ShareableList segments in {@code fixtures/shm/sharelist-py3.X.txt}, made by
 * {@code python-side/tools/gen_shm_fixtures.py} (its docstring has the line format).
 */
final class ShareableListFixtures {
    private ShareableListFixtures() {}

    static final String[] VERSIONS = {"3.8", "3.9", "3.10", "3.11", "3.12", "3.13"};

    /** One {@code sl[index] = value}; {@code error} is the CPython exception name or null; {@code after} the segment. */
    record Set(int index, Object value, String error, byte[] after) {}

    /** {@code reads} holds values, or {@link Error} for an item CPython failed to read. */
    record Case(String version, String name, List<Object> items, byte[] created, List<Set> sets, List<Object> reads,
                String format) {
        Layout layout() {
            return version.equals("3.8") ? Layout.V1 : Layout.V2;
        }

        @Override
        public String toString() {
            return "py" + version + " " + name;
        }
    }

    record Error(String name) {}

    static List<Case> all() {
        List<Case> out = new ArrayList<>();
        for (String v : VERSIONS) {
            try (InputStream in = ShareableListFixtures.class.getResourceAsStream("/fixtures/shm/sharelist-py" + v + ".txt")) {
                if (in == null) continue;
                out.addAll(parse(v, new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (out.isEmpty()) throw new IllegalStateException("no fixtures/shm/sharelist-py*.txt: run python-side/tools/gen_shm_fixtures.py");
        return out;
    }

    private static List<Case> parse(String version, BufferedReader r) throws IOException {
        List<Case> cases = new ArrayList<>();
        String name = null;
        List<Object> items = null;
        List<Set> sets = null;
        List<Object> reads = null;
        byte[] created = null;
        String format = null;
        Object[] pendingSet = null;
        for (String line; (line = r.readLine()) != null; ) {
            if (line.startsWith("#") || line.startsWith("python ")) continue;
            String[] f = line.split(" ", 2);
            String rest = f.length > 1 ? f[1] : "";
            switch (f[0]) {
                case "case":
                    name = rest;
                    items = new ArrayList<>();
                    sets = new ArrayList<>();
                    reads = new ArrayList<>();
                    created = null;
                    format = null;
                    break;
                case "item":
                    items.add(value(rest));
                    break;
                case "created":
                    created = HexFormat.of().parseHex(rest);
                    break;
                case "set": {
                    String[] p = rest.split(" ");
                    pendingSet = new Object[] {Integer.parseInt(p[0]), value(p[1] + " " + p[2]), p.length > 4 ? p[4] : null};
                    break;
                }
                case "after":
                    sets.add(new Set((Integer) pendingSet[0], pendingSet[1], (String) pendingSet[2], HexFormat.of().parseHex(rest)));
                    break;
                case "read":
                    reads.add(rest.startsWith("error ") ? new Error(rest.substring(6)) : value(rest));
                    break;
                case "format":
                    format = rest;
                    break;
                case "end":
                    cases.add(new Case(version, name, items, created, sets, reads, format));
                    break;
                default:
                    throw new IllegalStateException("bad fixture line: " + line);
            }
        }
        return cases;
    }

    /** {@code TYPE VALUE} as in the fixture files. */
    static Object value(String typed) {
        String[] p = typed.split(" ", 2);
        switch (p[0]) {
            case "none": return null;
            case "bool": return p[1].equals("1");
            case "int": return Long.parseLong(p[1]);
            case "float": return Double.longBitsToDouble(Long.parseUnsignedLong(p[1], 16));
            case "str": return new String(HexFormat.of().parseHex(p[1].substring(1)), StandardCharsets.UTF_8);
            case "bytes": return HexFormat.of().parseHex(p[1].substring(1));
            default: throw new IllegalStateException("bad fixture value: " + typed);
        }
    }
}
