package org.mpbridge.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mpbridge.PythonException;
import org.mpbridge.manager.server.ManagerServer;
import org.mpbridge.pickle.PyObject;

/**
 * The Java manager server's fixes found by CPython's own {@code _test_multiprocessing} (docs/conformance.md): each
 * case here is one of its tests reduced to the Java client, so the unit tier guards it without Python.
 */
@Timeout(60)
class ManagerServerConformanceTest {
    private static final byte[] KEY = "secret".getBytes(StandardCharsets.UTF_8);

    /** test_dict_proxy_nested: {@code d = m.dict(pets=pets); del pets; d['pets']['ferrets']}. */
    @Test
    void aProxyGivenAsCreateKeywordKeepsItsReferentAlive() throws Exception {
        try (ManagerServer server = ManagerServer.builder().authkey(KEY).start();
             ManagerClient m = ManagerClient.connect(server.address(), KEY)) {
            DictProxy pets = m.dict(Map.of("ferrets", 2));
            DictProxy d = m.create("dict", ProxyType.DICT, List.of(), Map.of("pets", pets));
            pets.close();  // the client's own reference is gone; d still holds a proxy to it
            assertThat(server.numberOfObjects()).isEqualTo(1);
            Object inner = d.getItem("pets");
            assertThat(inner).isInstanceOf(DictProxy.class);
            assertThat(((DictProxy) inner).getItem("ferrets")).isEqualTo(2);
            ((DictProxy) inner).setItem("hamsters", 4);
            assertThat(((DictProxy) d.getItem("pets")).getItem("hamsters")).isEqualTo(4);
        }
    }

    /** test_list_proxy_in_list: {@code m.list(range(3))}, {@code m.list(iter([1, 2]))} and other pickled iterables. */
    @Test
    void listAcceptsEveryIterableAClientCanPickle() throws Exception {
        try (ManagerServer server = ManagerServer.builder().authkey(KEY).start();
             ManagerClient m = ManagerClient.connect(server.address(), KEY)) {
            assertThat(list(m, PyObject.reduce("builtins", "range", 0, 3, 1))).containsExactly(0, 1, 2);
            assertThat(list(m, PyObject.reduce("builtins", "range", 10, 0, -3))).containsExactly(10, 7, 4, 1);
            assertThat(list(m, PyObject.reduce("builtins", "range", 5, 0, 1))).isEmpty();
            assertThat(list(m, PyObject.reduce("builtins", "iter", List.of(1, 2)).withState(0))).containsExactly(1, 2);
            // an iterator part-consumed before pickling resumes at its position
            assertThat(list(m, PyObject.reduce("builtins", "iter", List.of(1, 2, 3)).withState(2))).containsExactly(3);
            assertThat(list(m, PyObject.reduce("builtins", "iter", PyObject.reduce("builtins", "range", 0, 4, 1)).withState(1)))
                    .containsExactly(1, 2, 3);
            assertThat(list(m, PyObject.reduce("builtins", "reversed", List.of(1, 2, 3)).withState(2))).containsExactly(3, 2, 1);
            assertThat(list(m, "ab")).containsExactly("a", "b");
            ListProxy l = m.list(List.of());
            l.call("extend", PyObject.reduce("builtins", "range", 0, 2, 1));
            assertThat(l.getValue()).containsExactly(0, 1);
            // bounded: a huge range is refused as CPython would run out of memory, not materialised (a failing
            // create is a #TRACEBACK, RemoteError in Python, as from CPython's Server.create)
            assertThatThrownBy(() -> list(m, PyObject.reduce("builtins", "range", 0, 1L << 40, 1)))
                    .isInstanceOfSatisfying(RemoteManagerException.class, e -> assertThat(e.causeType()).isEqualTo("MemoryError"));
            assertThatThrownBy(() -> list(m, 5))
                    .isInstanceOfSatisfying(RemoteManagerException.class, e -> assertThat(e.causeType()).isEqualTo("TypeError"));
        }
    }

    private static List<Object> list(ManagerClient m, Object iterable) throws Exception {
        ListProxy l = m.create("list", ProxyType.LIST, iterable);
        try {
            return l.getValue();
        } finally {
            l.close();
        }
    }

    /** test_dict_iter: after {@code d.clear()}, {@code next(it)} raises RuntimeError, as a dict iterator does. */
    @Test
    void dictIteratorRaisesRuntimeErrorWhenTheDictChangesSize() throws Exception {
        try (ManagerServer server = ManagerServer.builder().authkey(KEY).start();
             ManagerClient m = ManagerClient.connect(server.address(), KEY)) {
            DictProxy d = m.dict(Map.of(65, "A", 66, "B"));
            IteratorProxy exhausted = d.iter();
            assertThat(exhausted.nextItem()).isNotNull();
            assertThat(exhausted.nextItem()).isNotNull();
            assertThatThrownBy(exhausted::nextItem).isInstanceOf(NoSuchElementException.class);

            IteratorProxy it = d.iter();
            assertThat(it.nextItem()).isNotNull();
            d.setItem(67, "C");
            for (int i = 0; i < 2; i++) {  // and it keeps raising, as CPython's does
                assertThatThrownBy(it::nextItem).isInstanceOfSatisfying(PythonException.class, e -> {
                    assertThat(e.pythonType()).isEqualTo("builtins.RuntimeError");
                    assertThat(e.pythonArgs()).containsExactly("dictionary changed size during iteration");
                });
            }
            d.clear();
            // an exhausted iterator stays exhausted whatever the dict does
            assertThatThrownBy(exhausted::nextItem).isInstanceOf(NoSuchElementException.class);
        }
    }
}
