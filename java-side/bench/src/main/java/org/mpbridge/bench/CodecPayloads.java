package org.mpbridge.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.mpbridge.pickle.PyByteArray;

/**
 * The codec workloads of issue 12, built the same way as python-side/tools/bench_codec.py builds them for
 * CPython (same keys, same values, same sharing), so both sides pickle the same value.
 */
public final class CodecPayloads {
    private CodecPayloads() {}

    public static final int DICTS = 100_000;
    public static final int BULK = 16 * 1024 * 1024;

    /** {@code [{"id": i, "name": f"item-{i}", "score": i * 0.5, "tags": ["red", "blue"], "ok": i % 2 == 0} ...]}. */
    public static List<Object> dicts() {
        List<Object> all = new ArrayList<>(DICTS);
        for (int i = 0; i < DICTS; i++) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("id", i);
            d.put("name", "item-" + i);
            d.put("score", i * 0.5);
            List<Object> tags = new ArrayList<>(2);
            tags.add("red");
            tags.add("blue");
            d.put("tags", tags);
            d.put("ok", i % 2 == 0);
            all.add(d);
        }
        return all;
    }

    /** {@code {"id": 7, "name": "alpha", "value": 3.5}}: one message. */
    public static Map<String, Object> small() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("id", 7);
        d.put("name", "alpha");
        d.put("value", 3.5);
        return d;
    }

    public static byte[] bulk() {
        byte[] b = new byte[BULK];
        new SplittableRandom(12).nextBytes(b);
        return b;
    }

    public static PyByteArray bulkArray() {
        return new PyByteArray(bulk());
    }

    public static Object payload(String workload) {
        return switch (workload) {
            case "dicts" -> dicts();
            case "small" -> small();
            case "bytes" -> bulk();
            case "bytearray" -> bulkArray();
            default -> throw new IllegalArgumentException("workload " + workload + " (dicts, small, bytes, bytearray)");
        };
    }
}
