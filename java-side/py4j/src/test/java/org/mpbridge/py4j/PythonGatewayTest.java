package org.mpbridge.py4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InterruptedIOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.IntUnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.mpbridge.PythonException;
import org.mpbridge.pickle.PyTuple;

/** PythonGateway against the project virtualenv's CPython ($MPBRIDGE_PYTHON); every CPython: the testkit's tests. */
class PythonGatewayTest {
    static Path python() {
        String p = System.getProperty("mpbridge.python", System.getenv("MPBRIDGE_PYTHON"));
        if (p == null || p.isBlank() || p.startsWith("${")) p = System.getenv("MPBRIDGE_PYTHON");
        if (p == null || p.isBlank()) throw new IllegalStateException("set MPBRIDGE_PYTHON (the Makefile does) to a CPython with py4j");
        return Path.of(p);
    }

    @Test
    void callsPythonFunctionsWithExactTypes() throws Exception {
        try (PythonGateway py = PythonGateway.start(python())) {
            py.exec("import statistics\ndef kinds(*xs):\n    return tuple(type(x).__name__ for x in xs)");
            assertThat(py.call("statistics.median", List.of(3, 1, 2))).isEqualTo(2);
            assertThat(py.call("kinds", PyTuple.of(1), new byte[] {1}, List.of(), BigInteger.TEN.pow(40), 2.5, null))
                    .isEqualTo(PyTuple.of("tuple", "bytes", "list", "int", "float", "NoneType"));
            assertThat(py.eval("{'k': (1, b'x')}").toString()).contains("k");
            assertThat(py.pythonVersion()).startsWith("3.");
        }
    }

    @Test
    void pythonErrorsArriveAsPythonExceptions() throws Exception {
        try (PythonGateway py = PythonGateway.start(python())) {
            assertThatThrownBy(() -> py.eval("1 // 0")).isInstanceOfSatisfying(PythonException.class, e -> {
                assertThat(e.pythonType()).isEqualTo("builtins.ZeroDivisionError");
                assertThat(e.remoteTraceback()).contains("ZeroDivisionError");
            });
            assertThat(py.eval("40 + 2")).isEqualTo(42);  // still usable
        }
    }

    @Test
    void pythonObjectsImplementJavaInterfaces() throws Exception {
        try (PythonGateway py = PythonGateway.start(python())) {
            py.exec("class ByLength(object):\n    def compare(self, a, b):\n        return len(a) - len(b)\n"
                    + "class Twice(object):\n    def applyAsInt(self, x):\n        return 2 * x\n");
            @SuppressWarnings("unchecked")
            Comparator<String> byLength = py.proxy("ByLength()", Comparator.class);
            List<String> words = new ArrayList<>(List.of("ccc", "a", "bb"));
            words.sort(byLength);
            assertThat(words).containsExactly("a", "bb", "ccc");
            IntUnaryOperator twice = py.proxy("Twice()", IntUnaryOperator.class);
            assertThat(twice.applyAsInt(21)).isEqualTo(42);
            // the README's example, as written
            java.util.function.IntBinaryOperator add = py.proxy("type('A', (), {'applyAsInt': lambda s, a, b: a + b})()",
                    java.util.function.IntBinaryOperator.class);
            assertThat(add.applyAsInt(40, 2)).isEqualTo(42);
        }
    }

    @Test
    void aCallThatOutlivesTheTimeoutFailsAndTheGatewayCloses() throws Exception {
        PythonGateway py = PythonGateway.start(python(), Duration.ofSeconds(2), List.of());
        try {
            py.exec("import time");
            assertThatThrownBy(() -> py.call("time.sleep", 30)).isInstanceOf(InterruptedIOException.class);
        } finally {
            py.close();
        }
        assertThat(py.isAlive()).isFalse();
    }

    @Test
    void closeLeavesNoProcessAndNoThread() throws Exception {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        PythonGateway py = PythonGateway.start(python());
        long pid = py.pid();
        assertThat(py.eval("1")).isEqualTo(1);
        py.close();
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        Set<String> extra;
        do {
            extra = Thread.getAllStackTraces().keySet().stream().filter(t -> t.isAlive() && !before.contains(t))
                    .filter(t -> !t.getName().startsWith("process reaper") && !t.getName().startsWith("ForkJoinPool"))
                    .map(Thread::getName).collect(Collectors.toSet());
            if (extra.isEmpty()) break;
            Thread.onSpinWait();
            Thread.sleep(50);  // polling for an asynchronous condition with a deadline, not synchronisation
        } while (System.nanoTime() < deadline);
        assertThat(extra).as("threads left after close").isEmpty();
    }
}
