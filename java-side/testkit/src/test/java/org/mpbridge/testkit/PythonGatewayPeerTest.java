package org.mpbridge.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.IntBinaryOperator;
import org.mpbridge.pickle.PyTuple;
import org.mpbridge.py4j.PythonGateway;

/** An injected PythonGateway on every CPython 3.8-3.13 found: Java calls Python functions and Python callbacks. */
@PythonPeerTest
class PythonGatewayPeerTest {
    @PythonGatewayPeer
    PythonGateway py;

    @EveryPython
    void javaCallsPythonFunctionsAndCallbacks(PythonInterpreter interpreter) throws Exception {
        assertThat(py.pythonVersion()).isEqualTo(interpreter.version());
        py.exec("import statistics\nfrom mpbridge import typetable\n"
                + "class Adder(object):\n    def applyAsInt(self, a, b):\n        return a + b\n");
        assertThat(py.call("statistics.median", List.of(5, 1, 3))).isEqualTo(3);
        assertThat(py.eval("typetable.same((1, b'x'), (1, b'x'))")).isNull();  // the repository's helpers are importable
        assertThat(py.call("tuple", List.of("a", 2))).isEqualTo(PyTuple.of("a", 2));
        IntBinaryOperator add = py.proxy("Adder()", IntBinaryOperator.class);
        assertThat(add.applyAsInt(40, 2)).isEqualTo(42);
    }
}
