package org.mpbridge.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mpbridge.pickle.PyByteArray;
import org.mpbridge.pickle.PyComplex;
import org.mpbridge.pickle.PyFrozenSet;
import org.mpbridge.pickle.PyObject;
import org.mpbridge.pickle.PyTuple;

/**
 * Expected Java values from the fixtures' typed JSON, and a strict comparison: same Java type for the same
 * Python type, same order for dicts, NaN equal to NaN, -0.0 apart from 0.0.
 */
public final class PyValues {
    private PyValues() {}

    /** Builds the Java value mpbridge must decode for a typed-JSON description. */
    public static Object expected(JsonNode n) {
        String t = n.get("t").asText();
        return switch (t) {
            case "none" -> null;
            case "bool" -> n.get("v").asBoolean();
            case "int" -> new BigInteger(n.get("v").asText());
            case "float" -> pyFloat(n.get("v").asText());
            case "str" -> n.get("v").asText();
            case "bytes" -> Fixtures.hex(n.get("hex").asText());
            case "bytearray" -> new PyByteArray(Fixtures.hex(n.get("hex").asText()));
            case "tuple" -> PyTuple.copyOf(items(n));
            case "list" -> new ArrayList<>(items(n));
            case "set" -> new LinkedHashSet<>(items(n));
            case "frozenset" -> new PyFrozenSet(items(n));
            case "dict" -> {
                Map<Object, Object> m = new LinkedHashMap<>();
                for (JsonNode kv : n.get("items")) m.put(expected(kv.get(0)), expected(kv.get(1)));
                yield m;
            }
            case "decimal" -> new BigDecimal(n.get("v").asText());
            case "complex" -> new PyComplex(pyFloat(n.get("re").asText()), pyFloat(n.get("im").asText()));
            case "date" -> LocalDate.parse(n.get("v").asText());
            case "time" -> LocalTime.parse(n.get("v").asText());
            case "datetime" -> n.get("v").asText().contains("+") ? OffsetDateTime.parse(n.get("v").asText())
                    : LocalDateTime.parse(n.get("v").asText());
            case "timedelta" -> Duration.ofDays(n.get("days").asLong()).plusSeconds(n.get("seconds").asLong())
                    .plusNanos(n.get("us").asLong() * 1000);
            case "object" -> new ObjectType(n.get("module").asText(), n.get("name").asText());
            default -> throw new IllegalArgumentException("unknown typed-json type " + t);
        };
    }

    /** Stands for "a PyObject of this class" where the fixture cannot spell out the whole object. */
    public record ObjectType(String module, String name) {}

    private static List<Object> items(JsonNode n) {
        List<Object> out = new ArrayList<>();
        for (JsonNode x : n.get("items")) out.add(expected(x));
        return out;
    }

    private static double pyFloat(String repr) {
        return switch (repr) {
            case "nan" -> Double.NaN;
            case "inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(repr);
        };
    }

    /** Asserts {@code actual} is what Python's {@code expected} decodes to, type for type. */
    public static void assertPySame(Object expected, Object actual, String path) {
        if (expected == null) {
            assertThat(actual).as(path).isNull();
            return;
        }
        assertThat(actual).as(path).isNotNull();
        if (expected instanceof ObjectType ot) {
            assertThat(actual).as(path).isInstanceOf(PyObject.class);
            // protocol 2 pickles name builtins by their Python 2 modules (fix_imports); the names stay
            String module = ((PyObject) actual).callable().module();
            assertThat(module.equals("exceptions") || module.equals("__builtin__") ? "builtins" : module).as(path).isEqualTo(ot.module());
            assertThat(((PyObject) actual).callable().name()).as(path).isEqualTo(ot.name());
            return;
        }
        if (expected instanceof BigInteger big) {
            assertThat(actual).as(path + " is an int").isInstanceOfAny(Integer.class, Long.class, BigInteger.class);
            assertThat(new BigInteger(actual.toString())).as(path).isEqualTo(big);
            return;
        }
        if (expected instanceof Double d) {
            assertThat(actual).as(path).isInstanceOf(Double.class);
            assertThat(Double.doubleToLongBits((Double) actual)).as(path + " = " + d).isEqualTo(Double.doubleToLongBits(d));
            return;
        }
        if (expected instanceof byte[] b) {
            assertThat(actual).as(path + " is bytes").isInstanceOf(byte[].class);
            assertThat((byte[]) actual).as(path).isEqualTo(b);
            return;
        }
        if (expected instanceof Map<?, ?> em) {
            assertThat(actual).as(path + " is a dict").isInstanceOf(Map.class);
            Map<?, ?> am = (Map<?, ?>) actual;
            assertThat(am).as(path + " size").hasSize(em.size());
            Iterator<? extends Map.Entry<?, ?>> ai = am.entrySet().iterator();
            for (Map.Entry<?, ?> e : em.entrySet()) {
                Map.Entry<?, ?> a = ai.next();
                assertPySame(e.getKey(), a.getKey(), path + " key");
                assertPySame(e.getValue(), a.getValue(), path + "[" + e.getKey() + "]");
            }
            return;
        }
        if (expected instanceof PyTuple || expected instanceof List<?>) {
            assertThat(actual.getClass()).as(path + " type").isEqualTo(expected instanceof PyTuple ? PyTuple.class : ArrayList.class);
            List<?> el = (List<?>) expected;
            List<?> al = (List<?>) actual;
            assertThat(al).as(path + " length").hasSize(el.size());
            for (int i = 0; i < el.size(); i++) assertPySame(el.get(i), al.get(i), path + "[" + i + "]");
            return;
        }
        if (expected instanceof Set<?> es) {
            assertThat(actual instanceof PyFrozenSet).as(path + " frozenset-ness").isEqualTo(expected instanceof PyFrozenSet);
            assertThat(actual).as(path).isInstanceOf(Set.class);
            assertThat(canon(actual)).as(path).isEqualTo(canon(es));
            return;
        }
        if (expected instanceof BigDecimal bd) {
            assertThat(actual).as(path).isInstanceOf(BigDecimal.class);
            assertThat(((BigDecimal) actual).compareTo(bd)).as(path + " = " + bd).isZero();
            return;
        }
        assertThat(actual.getClass()).as(path + " type").isEqualTo(expected.getClass());
        assertThat(actual).as(path).isEqualTo(expected);
    }

    /** Ints as BigInteger, all the way down, so that Java's Integer/Long/BigInteger compare as Python ints. */
    static Object canon(Object o) {
        if (o instanceof Integer || o instanceof Long) return BigInteger.valueOf(((Number) o).longValue());
        if (o instanceof PyTuple t) return PyTuple.copyOf(t.stream().map(PyValues::canon).toList());
        if (o instanceof PyFrozenSet fs) return new PyFrozenSet(fs.stream().map(PyValues::canon).toList());
        if (o instanceof Set<?> s) return new LinkedHashSet<>(s.stream().map(PyValues::canon).toList());
        if (o instanceof List<?> l) return new ArrayList<>(l.stream().map(PyValues::canon).toList());
        return o;
    }

    /** True when two decoded values are the same Python value (used on Java-side round trips). */
    public static void assertRoundTrip(Object before, Object after, String path) {
        if (before instanceof PyObject || before == null || before instanceof Double) {
            if (before instanceof Double d) {
                assertThat(Double.doubleToLongBits((Double) after)).as(path).isEqualTo(Double.doubleToLongBits(d));
            } else {
                assertThat(after).as(path).isEqualTo(before);
            }
            return;
        }
        if (before instanceof Map<?, ?> bm) {
            Map<?, ?> am = (Map<?, ?>) after;
            assertThat(am).as(path + " size").hasSize(bm.size());
            Iterator<? extends Map.Entry<?, ?>> ai = am.entrySet().iterator();
            for (Map.Entry<?, ?> e : bm.entrySet()) {
                Map.Entry<?, ?> a = ai.next();
                assertRoundTrip(e.getKey(), a.getKey(), path + " key");
                assertRoundTrip(e.getValue(), a.getValue(), path + "{" + e.getKey() + "}");
            }
            return;
        }
        if (before instanceof List<?> bl && !(before instanceof PyTuple && bl.isEmpty())) {
            assertThat(after.getClass()).as(path).isEqualTo(before.getClass());
            List<?> al = (List<?>) after;
            assertThat(al).hasSize(bl.size());
            for (int i = 0; i < bl.size(); i++) assertRoundTrip(bl.get(i), al.get(i), path + "[" + i + "]");
            return;
        }
        if (before instanceof byte[] b) {
            assertThat((byte[]) after).as(path).isEqualTo(b);
            return;
        }
        assertThat(after.getClass()).as(path).isEqualTo(before.getClass());
        assertThat(after).as(path).isEqualTo(before);
    }
}
