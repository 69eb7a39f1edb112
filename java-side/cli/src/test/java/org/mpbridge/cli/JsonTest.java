package org.mpbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mpbridge.pickle.PyTuple;

/** The CLI's JSON form of values ({@code {"bytes": "<hex>"}} for bytes), as Python's json module reads and writes it. */
class JsonTest {
    @Test
    void parsesScalarsContainersAndBytes() {
        assertThat(Json.parse("1")).isEqualTo(1);
        assertThat(Json.parse("-5000000000")).isEqualTo(-5_000_000_000L);
        assertThat(Json.parse("123456789012345678901234567890")).isEqualTo(new BigInteger("123456789012345678901234567890"));
        assertThat(Json.parse("2.5e3")).isEqualTo(2500.0);
        assertThat(Json.parse(" \"a\\u00e9\\n\" ")).isEqualTo("a\u00e9\n");
        assertThat(Json.parse("[true, false, null]")).isEqualTo(Arrays.asList(true, false, null));
        assertThat(Json.parse("{\"k\": [1, {\"bytes\": \"00ff\"}]}")).isInstanceOfSatisfying(Map.class, m -> {
            List<?> l = (List<?>) m.get("k");
            assertThat((byte[]) l.get(1)).containsExactly(0, 0xff);
        });
    }

    @Test
    void refusesMalformedText() {
        for (String bad : List.of("", "{", "[1,]", "tru", "\"open", "1 2", "{\"bytes\": \"0\"}")) {
            assertThatThrownBy(() -> Json.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad JSON");
        }
    }

    @Test
    void writesAsPythonsJsonDumps() {
        assertThat(Json.write(Arrays.asList(1, 2.5, "x\u00e9", null, true, "a\"b".getBytes(), PyTuple.of(1, 2))))
                .isEqualTo("[1, 2.5, \"x\\u00e9\", null, true, {\"bytes\": \"612262\"}, [1, 2]]");
        assertThat(Json.write(Map.of("k", 1e20))).isEqualTo("{\"k\": 1e+20}");
    }
}
