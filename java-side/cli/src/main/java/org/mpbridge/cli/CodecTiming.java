package org.mpbridge.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mpbridge.pickle.PickleCodec;

/**
 * {@code mpbridge bench --codec DIR}: times {@link PickleCodec}'s public {@code dumps}/{@code loads} on the payloads
 * {@code make bench} times CPython's C pickle on (the Python twin is {@code mpbridge.peers.codec_timing}). DIR holds
 * CPython's pickles of the same values ({@code dict100k.pickle}, {@code small.pickle}, {@code bytes16m.pickle}):
 * loads decodes those exact bytes; dumps encodes the equivalent Java values. Warm-up rounds are timed, excluded and
 * reported. Uses only the public API, so any codec behind it is timed the same way.
 */
final class CodecTiming {
    private CodecTiming() {}

    /** The 100k small dicts of issue 12: int, str, float, list of 2 str, bool. */
    static List<Object> dicts(int n) {
        List<Object> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Map<Object, Object> d = new LinkedHashMap<>();
            d.put("id", i);
            d.put("name", "user" + i);
            d.put("score", i * 0.5);
            d.put("tags", List.of("red", "blue"));
            d.put("active", i % 2 == 0);
            out.add(d);
        }
        return out;
    }

    static Map<Object, Object> small() {
        Map<Object, Object> d = new LinkedHashMap<>();
        d.put("id", 1);
        d.put("name", "baozi");
        d.put("items", List.of(1.5, "x", true));
        return d;
    }

    private interface Op {
        Object run() throws Exception;
    }

    /** One JSON line: {"client": "java", "rows": [{workload, samples_us: [...], warmup_us: [...], size}]}. */
    static int run(Path dir, int rounds) throws Exception {
        Object big = dicts(100_000);
        Object little = small();
        byte[] blob = new byte[16 << 20];
        Arrays.fill(blob, (byte) 7);
        byte[] bigIn = Files.readAllBytes(dir.resolve("dict100k.pickle"));
        byte[] smallIn = Files.readAllBytes(dir.resolve("small.pickle"));
        byte[] blobIn = Files.readAllBytes(dir.resolve("bytes16m.pickle"));
        StringBuilder json = new StringBuilder("{\"client\": \"java\", \"rows\": [");
        json.append(row("100k dicts dumps", () -> PickleCodec.dumps(big), 1, rounds, PickleCodec.dumps(big).length)).append(", ");
        json.append(row("100k dicts loads", () -> PickleCodec.loads(bigIn), 1, rounds, bigIn.length)).append(", ");
        json.append(row("3-key dict dumps", () -> PickleCodec.dumps(little), 20_000, rounds, PickleCodec.dumps(little).length)).append(", ");
        json.append(row("3-key dict loads", () -> PickleCodec.loads(smallIn), 20_000, rounds, smallIn.length)).append(", ");
        json.append(row("16 MiB bytes dumps", () -> PickleCodec.dumps(blob), 1, rounds, PickleCodec.dumps(blob).length)).append(", ");
        json.append(row("16 MiB bytes loads", () -> PickleCodec.loads(blobIn), 1, rounds, blobIn.length)).append(", ");
        json.append(row("16 MiB copy", () -> blob.clone(), 1, rounds, blob.length));
        System.out.println(json.append("]}"));
        return Main.EXIT_OK;
    }

    /** Per-operation microseconds: {@code rounds} warm-up rounds then {@code rounds} timed rounds of {@code batch} calls. */
    private static String row(String workload, Op op, int batch, int rounds, long size) throws Exception {
        List<Double> warm = new ArrayList<>();
        List<Double> timed = new ArrayList<>();
        for (List<Double> into : List.of(warm, timed)) {
            int n = into == warm ? Math.max(3, rounds) : rounds;
            for (int r = 0; r < n; r++) {
                Object sink = null;
                long t0 = System.nanoTime();
                for (int i = 0; i < batch; i++) sink = op.run();
                into.add((System.nanoTime() - t0) / 1e3 / batch);
                if (sink == null) throw new IOException("no result");
            }
        }
        return String.format(Locale.ROOT, "{\"workload\": \"%s\", \"samples_us\": %s, \"warmup_us\": %s, \"size\": %d}",
                workload, list(timed), list(warm), size);
    }

    private static String list(List<Double> xs) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < xs.size(); i++) sb.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.3f", xs.get(i)));
        return sb.append(']').toString();
    }
}
