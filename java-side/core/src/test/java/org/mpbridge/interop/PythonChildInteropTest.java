package org.mpbridge.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;
import org.mpbridge.connection.ChildProcess;
import org.mpbridge.connection.Connection;
import org.mpbridge.pickle.PyByteArray;
import org.mpbridge.pickle.PyComplex;
import org.mpbridge.pickle.PyFrozenSet;
import org.mpbridge.pickle.PyObject;
import org.mpbridge.pickle.PyTuple;
import org.mpbridge.testing.PythonInterpreters;
import org.mpbridge.testing.PyValues;

/**
 * The seeds' {@code Pipe()} with a Java parent and a Python child: for every CPython found, Java values go to
 * a Python child over its stdin/stdout, CPython unpickles and pickles them again, and they come back the same
 * Java values. A wrong Python type on the way (bytes read as bytearray, tuple as list) shows up here.
 */
@Timeout(300)
class PythonChildInteropTest {

    static Map<String, Object> javaTypeTable() {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("none", null);
        t.put("bool", true);
        t.put("int", 42);
        t.put("long", Long.MIN_VALUE);
        t.put("bigint", BigInteger.valueOf(7).pow(120));
        t.put("float", 2.5);
        t.put("nan", Double.NaN);
        t.put("negzero", -0.0);
        t.put("str", "包子 café \uD83D\uDE00");
        t.put("bytes", new byte[] {0, 1, (byte) 0xff});
        t.put("bytes_large", new byte[70000]);
        t.put("bytearray", new PyByteArray(new byte[] {9, 8}));
        t.put("tuple_empty", PyTuple.EMPTY);
        t.put("tuple", PyTuple.of("Dave", "123"));
        t.put("list", new ArrayList<>(List.of(1, "a")));
        Map<Object, Object> dict = new LinkedHashMap<>();
        dict.put("z", 1);
        dict.put(PyTuple.of(1, 2), "tuple key");
        dict.put("a", null);
        t.put("dict", dict);
        t.put("set", new LinkedHashSet<>(List.of(3, 1, 2)));
        t.put("frozenset", PyFrozenSet.of("x", "y"));
        t.put("decimal", new BigDecimal("12.340"));
        t.put("complex", new PyComplex(1.0, -2.0));
        t.put("date", LocalDate.of(2024, 2, 29));
        t.put("time", LocalTime.of(1, 2, 3, 4000));
        t.put("datetime", LocalDateTime.of(2020, 1, 2, 3, 4, 5, 6000));
        t.put("datetime_utc", OffsetDateTime.of(2020, 1, 2, 3, 4, 5, 0, ZoneOffset.UTC));
        t.put("timedelta", Duration.ofDays(-1).plusSeconds(5).plusNanos(7000));
        t.put("exception", PyObject.reduce("builtins", "KeyError", "missing"));
        return t;
    }

    @TestFactory
    Stream<DynamicTest> javaParentPythonChild() {
        return PythonInterpreters.all().stream().map(py -> DynamicTest.dynamicTest("py" + py.minor(), () -> {
            try (ChildProcess child = ChildProcess.start(
                    List.of(py.path().toString(), "-m", "mpbridge.peers.stdio_echo"),
                    Map.of("PYTHONPATH", PythonInterpreters.pythonSource().toString()))) {
                Connection c = child.connection();
                for (Map.Entry<String, Object> e : javaTypeTable().entrySet()) {
                    c.send(e.getValue());
                    Object back = c.recv(Duration.ofSeconds(60));
                    PyValues.assertRoundTrip(e.getValue(), back, "py" + py.minor() + " " + e.getKey());
                }
                List<Object> shared = new ArrayList<>(List.of(1));
                c.send(List.of(shared, shared, new ArrayList<>(List.of(1))));
                List<?> back = (List<?>) c.recv(Duration.ofSeconds(60));
                assertThat(back.get(0)).isSameAs(back.get(1)).isNotSameAs(back.get(2));
                c.close();
                assertThat(child.waitFor(Duration.ofSeconds(30))).as("child exit code; stderr: %s", child.stderr()).isZero();
            }
        }));
    }
}
