package org.mpbridge.pickle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mpbridge.ProtocolException;
import org.mpbridge.testing.Fixtures;

class PickleCodecTest {

    @Test
    void equalButDistinctObjectsStayDistinct() throws Exception {
        List<Object> a = new ArrayList<>(List.of(1));
        List<Object> b = new ArrayList<>(List.of(1));
        List<?> back = (List<?>) PickleCodec.loads(PickleCodec.dumps(List.of(a, b, a)));
        assertThat(back.get(0)).isNotSameAs(back.get(1)).isSameAs(back.get(2));
    }

    @Test
    void tuplesAreValueKeys() throws Exception {
        Map<Object, Object> m = new LinkedHashMap<>();
        m.put(PyTuple.of(1, "a"), "x");
        Map<?, ?> back = (Map<?, ?>) PickleCodec.loads(PickleCodec.dumps(m));
        assertThat(back.get(PyTuple.of(1, "a"))).isEqualTo("x");
    }

    @Test
    void bytesAndBytearrayStayApart() throws Exception {
        List<?> back = (List<?>) PickleCodec.loads(PickleCodec.dumps(List.of(new byte[] {1}, new PyByteArray(new byte[] {2}))));
        assertThat(back.get(0)).isInstanceOf(byte[].class);
        assertThat(back.get(1)).isEqualTo(new PyByteArray(new byte[] {2}));
    }

    @Test
    void hugeIntegers() throws Exception {
        BigInteger big = BigInteger.valueOf(3).pow(500).negate();
        assertThat(PickleCodec.loads(PickleCodec.dumps(big))).isEqualTo(big);
    }

    @Test
    void razorvineOomInputIsAClearError() {
        // BINSTRING of length 0x7ffffffe: razorvine alone allocates 2 GiB and dies (java-deps.md 1.7); CPython's message
        byte[] evil = {0x54, (byte) 0xfe, (byte) 0xff, (byte) 0xff, 0x7f, 0, 0, 0, 0};
        assertThatThrownBy(() -> PickleCodec.loads(evil)).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("pickle data was truncated");
        for (int op : new int[] {'B', 'X', 0x8d, 0x8e, 0x96, 0x8a, 0x8b}) {
            byte[] lying = {(byte) 0x80, 4, (byte) op, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f, 0, 0, 0, 0, 0, 0};
            assertThatThrownBy(() -> PickleCodec.loads(lying)).as("opcode %x", op).isInstanceOf(ProtocolException.class);
        }
    }

    @Test
    void everyTruncationOfEveryGoldenPickleIsAProtocolException() {
        JsonNode root = Fixtures.all().get(0).root();
        for (JsonNode p : root.get("pickles")) {
            if (!p.has("pickle")) continue;
            byte[] whole = Fixtures.hex(p.get("pickle").asText());
            if (whole.length > 4096) continue;
            for (int cut = 0; cut < whole.length; cut++) {
                byte[] part = Arrays.copyOf(whole, cut);
                assertThatThrownBy(() -> PickleCodec.loads(part)).as("%s cut at %d", p.get("name"), cut)
                        .isInstanceOf(ProtocolException.class);
            }
        }
    }

    @Test
    void randomCorruptionNeverEscapesAsAnythingButProtocolException() {
        SplittableRandom random = new SplittableRandom(42);
        JsonNode root = Fixtures.all().get(Fixtures.all().size() - 1).root();
        List<byte[]> seeds = new ArrayList<>();
        for (JsonNode p : root.get("pickles")) {
            if (p.has("pickle") && p.get("pickle").asText().length() < 2000) seeds.add(Fixtures.hex(p.get("pickle").asText()));
        }
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (int i = 0; i < 20000; i++) {
                byte[] b = seeds.get(random.nextInt(seeds.size())).clone();
                int flips = 1 + random.nextInt(3);
                for (int f = 0; f < flips; f++) b[random.nextInt(b.length)] = (byte) random.nextInt(256);
                try {
                    PickleCodec.loads(b);
                } catch (ProtocolException expected) {
                    // the only allowed failure
                }
            }
        });
    }

    @Test
    void bigOutputsAreAssembledFromFramesAndPayloadsIntact() throws Exception {
        List<Object> dicts = new ArrayList<>();
        for (int i = 0; i < 50_000; i++) {
            Map<Object, Object> d = new LinkedHashMap<>();
            d.put("id", i);
            d.put("name", "item-" + i);
            d.put("tags", new ArrayList<>(List.of("red", "blue")));
            dicts.add(d);
        }
        byte[] big = new byte[300_000];
        new SplittableRandom(3).nextBytes(big);
        List<Object> mixed = List.of(big, "\u00e9".repeat(40_000), big, dicts, new PyByteArray(big), List.of(1, 2));
        for (int protocol : new int[] {4, 2}) {
            byte[] p = PickleCodec.dumps(mixed, protocol);
            List<?> back = (List<?>) PickleCodec.loads(p);
            assertThat((byte[]) back.get(0)).isEqualTo(big);
            assertThat(back.get(2)).isSameAs(back.get(0));
            assertThat(back.get(1)).isEqualTo("\u00e9".repeat(40_000));
            assertThat(back.get(3)).isEqualTo(dicts);
            assertThat(back.get(4)).isEqualTo(new PyByteArray(big));
            assertThat(back.get(5)).isEqualTo(List.of(1, 2));
        }
    }

    @Test
    void unpicklableJavaObjectsNameTheType() {
        assertThatThrownBy(() -> PickleCodec.dumps(new Object())).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("java.lang.Object");
    }
}
