package org.mpbridge.jep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mpbridge.PythonException;
import org.mpbridge.pickle.PyByteArray;
import org.mpbridge.pickle.PyTuple;

class EmbeddedPythonTest {
    static EmbeddedPython py;

    @BeforeAll
    static void start() throws Exception {
        JepAssumptions.requireJep();
        py = EmbeddedPython.start();
    }

    @AfterAll
    static void stop() {
        if (py != null) py.close();
    }

    @Test
    void evalGivesExactPythonTypes() throws Exception {
        Object v = py.eval("(1, b'x', bytearray(b'y'), [2 ** 70], {'k': {2.5}}, -0.0)");
        assertThat(v).isInstanceOf(PyTuple.class);
        List<?> t = (List<?>) v;
        assertThat(t.get(0)).isEqualTo(1);
        assertThat((byte[]) t.get(1)).containsExactly('x');
        assertThat(t.get(2)).isEqualTo(new PyByteArray(new byte[] {'y'}));
        assertThat(t.get(3)).isEqualTo(new ArrayList<>(List.of(BigInteger.TWO.pow(70))));
        assertThat(t.get(4)).isEqualTo(Map.of("k", new LinkedHashSet<>(List.of(2.5))));
        assertThat(Double.doubleToRawLongBits((Double) t.get(5))).isEqualTo(Double.doubleToRawLongBits(-0.0));
    }

    @Test
    void callAndSetSendJavaValuesAsTheirPythonTypes() throws Exception {
        py.exec("def kinds(*xs):\n    return [type(x).__name__ for x in xs]");
        Map<Object, Object> d = new LinkedHashMap<>();
        d.put(PyTuple.of(1, 2), "x");
        Object kinds = py.call("kinds", PyTuple.of(1), new byte[] {1}, new PyByteArray(new byte[0]), List.of(), d,
                new LinkedHashSet<>(), BigInteger.TEN.pow(30), null, true);
        assertThat(kinds).isEqualTo(List.of("tuple", "bytes", "bytearray", "list", "dict", "set", "int", "NoneType", "bool"));
        py.set("shared", List.of("a"));
        assertThat(py.eval("shared == ['a'] and type(shared) is list")).isEqualTo(true);
        assertThat(py.call("math.gcd".replace("math.", "__import__('math')."), 12, 18)).isEqualTo(6);
    }

    @Test
    void pythonErrorsAreDataWithTheirTraceback() {
        assertThatThrownBy(() -> py.eval("{}['missing']"))
                .isInstanceOfSatisfying(PythonException.class, e -> {
                    assertThat(e.pythonType()).isEqualTo("builtins.KeyError");
                    assertThat(e.pythonArgs()).containsExactly("missing");
                    assertThat(e.remoteTraceback()).contains("Traceback", "KeyError");
                });
        assertThatThrownBy(() -> py.exec("raise SystemExit(3)"))
                .isInstanceOfSatisfying(PythonException.class, e -> assertThat(e.pythonType()).isEqualTo("builtins.SystemExit"));
    }

    @Test
    void anyThreadMayCallIt() throws Exception {
        py.exec("counter = 0");
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            all.add(CompletableFuture.runAsync(() -> {
                try {
                    for (int k = 0; k < 50; k++) py.exec("counter += 1");
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            }));
        }
        CompletableFuture.allOf(all.toArray(new CompletableFuture[0])).get(60, TimeUnit.SECONDS);
        assertThat(py.eval("counter")).isEqualTo(400);
    }

    @Test
    void interpretersHaveTheirOwnGlobalsAndCloseCleanly() throws Exception {
        py.exec("mine = 1");
        String threadName;
        try (EmbeddedPython other = EmbeddedPython.start()) {
            assertThat(other.eval("'mine' in globals()")).isEqualTo(false);
            threadName = other.withInterpreter(i -> Thread.currentThread().getName());
        }
        String name = threadName;
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals(name) && t.isAlive());
    }
}
