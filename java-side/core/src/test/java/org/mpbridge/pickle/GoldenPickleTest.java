package org.mpbridge.pickle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.mpbridge.testing.Fixtures;
import org.mpbridge.testing.PyValues;

/** Every pickle of the type table, as each CPython wrote it at each protocol, decodes to the right Java type. */
class GoldenPickleTest {

    @TestFactory
    Stream<DynamicTest> decodesCPythonPickles() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Fixtures.Fixture f : Fixtures.all()) {
            for (JsonNode p : f.root().get("pickles")) {
                if (!p.has("pickle")) continue;
                String name = "py" + f.version() + " protocol " + p.get("protocol").asInt() + " " + p.get("name").asText();
                tests.add(DynamicTest.dynamicTest(name, () -> {
                    Object decoded = PickleCodec.loads(Fixtures.hex(p.get("pickle").asText()));
                    PyValues.assertPySame(PyValues.expected(p.get("expect")), decoded, p.get("name").asText());
                }));
            }
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> reencodesToTheSameValue() {
        List<DynamicTest> tests = new ArrayList<>();
        Fixtures.Fixture newest = Fixtures.all().get(Fixtures.all().size() - 1);
        for (JsonNode p : newest.root().get("pickles")) {
            if (!p.has("pickle") || !p.path("default").asBoolean()) continue;
            tests.add(DynamicTest.dynamicTest("py" + newest.version() + " " + p.get("name").asText(), () -> {
                Object decoded = PickleCodec.loads(Fixtures.hex(p.get("pickle").asText()));
                Object again = PickleCodec.loads(PickleCodec.dumps(decoded));
                PyValues.assertRoundTrip(decoded, again, p.get("name").asText());
            }));
        }
        return tests.stream();
    }

    /** Java writes what CPython's C pickler writes: the same bytes, protocol 4 and protocol 2, for every version's table. */
    @TestFactory
    Stream<DynamicTest> reencodesByteForByteAsCPython() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Fixtures.Fixture f : Fixtures.all()) {
            for (JsonNode p : f.root().get("pickles")) {
                int protocol = p.get("protocol").asInt();
                if (!p.has("pickle") || (protocol != 2 && protocol != 4)) continue;
                tests.add(DynamicTest.dynamicTest("py" + f.version() + " protocol " + protocol + " " + p.get("name").asText(), () -> {
                    byte[] cpython = Fixtures.hex(p.get("pickle").asText());
                    byte[] java = PickleCodec.dumps(PickleCodec.loads(cpython), protocol);
                    assertThat(HexFormat.of().formatHex(java)).isEqualTo(HexFormat.of().formatHex(cpython));
                }));
            }
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> memoKeepsSharedReferencesShared() {
        return Fixtures.all().stream().map(f -> DynamicTest.dynamicTest("py" + f.version(), () -> {
            for (JsonNode p : f.root().get("pickles")) {
                if (!p.get("name").asText().equals("shared_refs") || !p.has("pickle")) continue;
                List<?> decoded = (List<?>) PickleCodec.loads(Fixtures.hex(p.get("pickle").asText()));
                assertThat(decoded.get(0)).isSameAs(decoded.get(1));
                assertThat(((PyTuple) decoded.get(2)).get(0)).isSameAs(decoded.get(0));
                List<?> again = (List<?>) PickleCodec.loads(PickleCodec.dumps(decoded));
                assertThat(again.get(0)).isSameAs(again.get(1));
            }
        }));
    }
}
