package org.mpbridge.pickle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mpbridge.ProtocolException;
import org.mpbridge.testing.Fixtures;

/**
 * Differential decoding: seeded mutations of every golden pickle, decoded by Java and by a real CPython
 * (python-side/tools/differential_unpickle.py, C unpickler): both must accept and refuse the same inputs and
 * agree on every value. {@code -Dmpbridge.differential.count=N -Dmpbridge.differential.seed=S} for longer runs
 * ({@code make differential}); the report lands in target/differential-report.txt.
 */
class DifferentialDecodeTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    @Timeout(value = 3600, unit = TimeUnit.SECONDS)
    void javaAndCPythonAcceptAndRefuseTheSameInputsWithTheSameValues() throws Exception {
        String python = System.getenv("MPBRIDGE_PYTHON");
        boolean strict = "1".equals(System.getenv("MPBRIDGE_STRICT"));
        if (python == null || !Files.isExecutable(Path.of(python))) {
            if (strict) throw new AssertionError("MPBRIDGE_PYTHON is not set to a CPython (MPBRIDGE_STRICT=1)");
            assumeTrue(false, "MPBRIDGE_PYTHON is not set to a CPython: differential decoding needs one");
        }
        Path repo = Path.of(System.getenv().getOrDefault("MPBRIDGE_REPO", "../.."));
        Path harness = repo.resolve("python-side/tools/differential_unpickle.py");
        int count = Integer.getInteger("mpbridge.differential.count", 3000);
        long seed = Long.getLong("mpbridge.differential.seed", 13L);
        List<byte[]> inputs = mutations(count, seed);

        Process p = new ProcessBuilder(python, harness.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Thread feeder = new Thread(() -> {
            try (DataOutputStream out = new DataOutputStream(p.getOutputStream())) {
                for (byte[] b : inputs) {
                    out.writeInt(b.length);
                    out.write(b);
                }
            } catch (IOException ignored) {
                // the reader below reports the missing lines
            }
        });
        feeder.start();
        List<String> cpython = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (int i = 0; i < inputs.size(); i++) {
                String line = in.readLine();
                if (line == null) throw new AssertionError("CPython harness ended after " + i + " of " + inputs.size() + " inputs");
                cpython.add(line);
            }
        } finally {
            feeder.join(10_000);
            p.destroy();
            p.waitFor(10, TimeUnit.SECONDS);
        }

        Map<String, List<String>> disagreements = new LinkedHashMap<>();
        int bothAccept = 0;
        int bothRefuse = 0;
        int memoryBound = 0;
        for (int i = 0; i < inputs.size(); i++) {
            JsonNode py = JSON.readTree(cpython.get(i));
            String java;
            boolean javaOk;
            try {
                java = Describe.json(PickleCodec.loads(inputs.get(i)));
                javaOk = true;
            } catch (ProtocolException e) {
                java = e.getMessage();
                javaOk = false;
            }
            boolean pyOk = py.get("ok").asBoolean();
            String kind = null;
            if (!pyOk && py.get("e").asText().equals("MemoryError")) {
                memoryBound++;  // CPython's answer depends on the machine's memory, not on the pickle
                continue;
            }
            if (javaOk && pyOk) {
                String pyValue = JSON.writeValueAsString(py.get("v"));
                if (sameValue(java, py.get("v"))) bothAccept++;
                else kind = "values differ";
                if (kind != null) java = java + "\n      cpython: " + pyValue;
            } else if (!javaOk && !pyOk) {
                bothRefuse++;
            } else {
                kind = javaOk ? "Java accepts, CPython refuses (" + py.get("e").asText() + ")" : "Java refuses, CPython accepts";
            }
            if (kind != null) {
                disagreements.computeIfAbsent(kind, k -> new ArrayList<>()).add(HexFormat.of().formatHex(inputs.get(i)) + "\n      java: " + java
                        + (pyOk ? "" : "\n      cpython: " + py.get("e").asText()));
            }
        }
        StringBuilder report = new StringBuilder(String.format("%d inputs (seed %d): %d both accept with equal values, %d both refuse, "
                + "%d CPython MemoryError (skipped)%n", inputs.size(), seed, bothAccept, bothRefuse, memoryBound));
        disagreements.forEach((k, v) -> {
            report.append(String.format("%s: %d%n", k, v.size()));
            v.stream().limit(5).forEach(x -> report.append("    ").append(x).append('\n'));
        });
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/differential-report.txt"), report);
        System.out.println(report);
        assertThat(disagreements).as(report.toString()).isEmpty();
    }

    /** Equal descriptions; a Decimal Java keeps generic (NaN, huge) matches CPython's Decimal. */
    private static boolean sameValue(String java, JsonNode py) throws IOException {
        return match(JSON.readTree(java), py);
    }

    private static boolean match(JsonNode j, JsonNode p) {
        if (j.isArray() && j.size() == 1 && j.get(0).asText().equals("D?")) return p.isArray() && p.get(0).asText().equals("D");
        if (j.isArray() && j.size() == 1 && j.get(0).asText().equals("dt?")) {
            return p.isArray() && java.util.Set.of("date", "time", "dt", "td", "tz", "tz?").contains(p.get(0).asText());
        }
        if (j.isArray() && p.isArray()) {
            if (j.size() != p.size()) return false;
            for (int i = 0; i < j.size(); i++) if (!match(j.get(i), p.get(i))) return false;
            return true;
        }
        return j.equals(p);
    }

    /** Seeded mutations of every CPython's golden pickles: byte changes, cuts, insertions, splices. */
    static List<byte[]> mutations(int count, long seed) {
        List<byte[]> seeds = new ArrayList<>();
        for (Fixtures.Fixture f : Fixtures.all()) {
            for (JsonNode p : f.root().get("pickles")) {
                if (p.has("pickle") && p.get("pickle").asText().length() < 4000) seeds.add(Fixtures.hex(p.get("pickle").asText()));
            }
        }
        SplittableRandom random = new SplittableRandom(seed);
        List<byte[]> out = new ArrayList<>(count);
        byte[] interesting = {0, 1, (byte) 0x7f, (byte) 0x80, (byte) 0xff, (byte) 0xc3, (byte) 0xed, (byte) 0xa0, '(', '.', ')', ']', '}',
            'a', 'e', 's', 'u', 't', 'h', 'q', (byte) 0x94, (byte) 0x93, (byte) 0x85, 'R', 'b', 'N', '\n', '0', '2', '1'};
        while (out.size() < count) {
            byte[] b = seeds.get(random.nextInt(seeds.size())).clone();
            if (b.length == 0) continue;
            switch (random.nextInt(5)) {
                case 0 -> {
                    int flips = 1 + random.nextInt(3);
                    for (int k = 0; k < flips; k++) b[random.nextInt(b.length)] = (byte) random.nextInt(256);
                }
                case 1 -> b[random.nextInt(b.length)] = interesting[random.nextInt(interesting.length)];
                case 2 -> b = java.util.Arrays.copyOf(b, random.nextInt(b.length));
                case 3 -> {
                    int at = random.nextInt(b.length);
                    byte[] c = new byte[b.length + 1];
                    System.arraycopy(b, 0, c, 0, at);
                    c[at] = interesting[random.nextInt(interesting.length)];
                    System.arraycopy(b, at, c, at + 1, b.length - at);
                    b = c;
                }
                default -> {
                    byte[] other = seeds.get(random.nextInt(seeds.size()));
                    int cut = random.nextInt(b.length);
                    int from = other.length > 2 ? 2 + random.nextInt(other.length - 2) : 0;
                    byte[] c = java.util.Arrays.copyOf(b, cut + other.length - from);
                    System.arraycopy(other, from, c, cut, other.length - from);
                    b = c;
                }
            }
            out.add(b);
        }
        return out;
    }
}
