package org.mpbridge.manager.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mpbridge.PythonException;
import org.mpbridge.manager.ListProxy;
import org.mpbridge.pickle.PyByteArray;
import org.mpbridge.pickle.PyTuple;

/** Python's value semantics in the Java referents: equality, hashing, ordering, slices, argument binding. */
class PySemanticsTest {
    @Test
    void equalityAndHashingFollowPython() throws PythonException {
        assertThat(Py.eq(1, 1.0)).isTrue();
        assertThat(Py.eq(true, 1L)).isTrue();
        assertThat(Py.eq(BigInteger.valueOf(7), 7)).isTrue();
        assertThat(Py.eq("a".getBytes(), new PyByteArray("a".getBytes()))).isTrue();
        assertThat(Py.eq(PyTuple.of(1, 2), List.of(1, 2))).isFalse();
        assertThat(Py.eq(new ArrayList<>(List.of(1, 2.0)), List.of(1L, 2))).isTrue();
        assertThat(Py.hashKey(PyTuple.of(1, "a"))).isEqualTo(Py.hashKey(PyTuple.of(1.0, "a")));
        assertThatThrownBy(() -> Py.hashKey(new ArrayList<>())).isInstanceOfSatisfying(PythonException.class,
                e -> assertThat(e.pythonArgs()).containsExactly("unhashable type: 'list'"));
        assertThatThrownBy(() -> Py.hashKey(PyTuple.of(1, List.of()))).isInstanceOf(PythonException.class);
    }

    /** Found by ManagerDispatchFuzzTest: {@code l.index(x)} over a list holding itself walked forever (OutOfMemoryError). */
    @Test
    void aValueThatContainsItselfEndsTheComparisonAsRecursionError() throws PythonException {
        List<Object> loop = new ArrayList<>();
        loop.add(loop);
        assertThatThrownBy(() -> Py.eq(loop, new ArrayList<>(List.of(1)))).isInstanceOf(StackOverflowError.class)
                .hasMessageContaining("maximum recursion depth exceeded");
        SharedList l = new SharedList(List.of(loop, 1));
        assertThatThrownBy(() -> l.call("index", PyTuple.of(2), Map.of())).isInstanceOf(StackOverflowError.class);
    }

    @Test
    void orderingAndStableReverseSort() throws PythonException {
        SharedList l = new SharedList(List.of(PyTuple.of(1, "b"), PyTuple.of(0, "z"), PyTuple.of(1, "a")));
        l.call("sort", PyTuple.EMPTY, Map.of());
        assertThat(l.value()).isEqualTo(List.of(PyTuple.of(0, "z"), PyTuple.of(1, "a"), PyTuple.of(1, "b")));
        assertThat(Py.compare(2, 1.5)).isPositive();
        assertThat(Py.compare("\uffff", "\ud83d\ude00")).isNegative(); // code points, not UTF-16 units
        assertThatThrownBy(() -> Py.compare("a", 1)).isInstanceOfSatisfying(PythonException.class,
                e -> assertThat(e.pythonArgs()).containsExactly("'<' not supported between instances of 'str' and 'int'"));
        SharedList equal = new SharedList(List.of(1, 1.0, true));
        equal.call("sort", PyTuple.EMPTY, Map.of("reverse", true));
        assertThat(equal.value()).isEqualTo(List.of(1, 1.0, true)); // stable: equal items keep their order
    }

    @Test
    void slicesAsPythonAdjustsThem() throws PythonException {
        SharedList l = new SharedList(List.of(0, 1, 2, 3, 4, 5));
        assertThat(l.call("__getitem__", PyTuple.of(ListProxy.slice(null, null, -2)), Map.of())).isEqualTo(List.of(5, 3, 1));
        assertThat(l.call("__getitem__", PyTuple.of(ListProxy.slice(-2, null, null)), Map.of())).isEqualTo(List.of(4, 5));
        assertThat(l.call("__getitem__", PyTuple.of(ListProxy.slice(10, 20, null)), Map.of())).isEqualTo(List.of());
        l.call("__setitem__", PyTuple.of(ListProxy.slice(1, 3, null), List.of("a", "b", "c")), Map.of());
        assertThat(l.value()).isEqualTo(List.of(0, "a", "b", "c", 3, 4, 5));
        l.call("__delitem__", PyTuple.of(ListProxy.slice(null, null, 2)), Map.of());
        assertThat(l.value()).isEqualTo(List.of("a", "c", 4));
        assertThatThrownBy(() -> l.call("__getitem__", PyTuple.of(ListProxy.slice(null, null, 0)), Map.of()))
                .hasMessageContaining("slice step cannot be zero");
    }

    @Test
    void argumentsBindAsPythonBindsThem() throws PythonException {
        Signature get = Signature.of("get", "block", "timeout").defaults(true, null);
        assertThat(get.bind(PyTuple.EMPTY, Map.of())).containsExactly(true, null);
        assertThat(get.bind(PyTuple.of(false), Map.of("timeout", 1.5))).containsExactly(false, 1.5);
        assertThatThrownBy(() -> get.bind(PyTuple.of(1, 2, 3), Map.of())).hasMessageContaining("takes from 0 to 2 positional arguments but 3 were given");
        assertThatThrownBy(() -> get.bind(PyTuple.EMPTY, Map.of("nope", 1))).hasMessageContaining("unexpected keyword argument 'nope'");
        assertThatThrownBy(() -> get.bind(PyTuple.of(true), Map.of("block", true))).hasMessageContaining("multiple values");
        assertThatThrownBy(() -> Signature.of("put", "item").bind(PyTuple.EMPTY, Map.of())).hasMessageContaining("missing 1 required");
    }

    @Test
    void dictKeepsTheFirstKeyObjectAndItsPosition() throws PythonException {
        SharedDict d = new SharedDict();
        d.call("__setitem__", PyTuple.of(1, "int"), Map.of());
        d.call("__setitem__", PyTuple.of("x", "str"), Map.of());
        d.call("__setitem__", PyTuple.of(1.0, "float"), Map.of());
        assertThat(d.value()).isEqualTo(Map.of(1, "float", "x", "str"));
        assertThat(d.call("keys", PyTuple.EMPTY, Map.of())).isEqualTo(List.of(1, "x"));
        assertThat(d.repr()).isEqualTo("{1: 'float', 'x': 'str'}");
    }
}
