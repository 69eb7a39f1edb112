package org.mpbridge.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mpbridge.AuthenticationException;
import org.mpbridge.connection.ConnectionOptions;
import org.mpbridge.manager.PythonPeers.Interpreter;
import org.mpbridge.manager.PythonPeers.Peer;
import org.mpbridge.manager.server.ManagerServer;
import org.mpbridge.manager.server.SharedQueue;
import org.mpbridge.pickle.PyTuple;

/** The Java client against CPython's manager server, and CPython's xmlrpclib client against the Java server, per CPython found. */
class ManagerInteropTest {
    private static final byte[] KEY = "secret".getBytes(StandardCharsets.UTF_8);
    private static final Map<String, String> ENV = Map.of("MPBRIDGE_TEST_KEY", "secret");

    static List<Interpreter> interpreters() {
        return PythonPeers.parameters();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("interpreters")
    @Timeout(120)
    void javaClientOfPythonServer(Interpreter python) throws Exception {
        PythonPeers.requireAny();
        try (Peer server = PythonPeers.startPeer(python, "manager_server",
                List.of("--authkey-env", "MPBRIDGE_TEST_KEY", "--register", "get_queue=Queue"), ENV)) {
            try (ManagerClient m = ManagerClient.connect(server.address, KEY)) {
                new ClientChecks(m).all();

                // BaseManager.register('get_queue') on the client: a custom callable, one shared queue
                QueueProxy q = m.create("get_queue", ProxyType.QUEUE);
                QueueProxy same = m.create("get_queue", ProxyType.QUEUE);
                assertThat(same.id()).isEqualTo(q.id());
                q.put(Map.of("k", List.of(1, 2)));
                assertThat(same.get(Duration.ofSeconds(10))).isEqualTo(Map.of("k", List.of(1, 2)));
                q.close();
                same.close();
                assertThat(m.numberOfObjects()).isZero();

                assertThatThrownBy(() -> ManagerClient.connect(server.address, "wrong".getBytes(StandardCharsets.UTF_8)))
                        .isInstanceOf(AuthenticationException.class);
                m.shutdown();
            }
            assertThat(server.awaitExit(Duration.ofSeconds(20))).isZero();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("interpreters")
    @Timeout(60)
    void javaXmlClientOfPythonXmlServer(Interpreter python) throws Exception {
        PythonPeers.requireAny();
        try (Peer server = PythonPeers.startPeer(python, "manager_server",
                List.of("--authkey-env", "MPBRIDGE_TEST_KEY", "--serializer", "xmlrpclib", "--register", "get_queue=Queue"), ENV);
             ManagerClient m = ManagerClient.connect(server.address, KEY, Serializer.XMLRPCLIB, ConnectionOptions.defaults())) {
            xmlChecks(m);
            // CPython's xmlrpclib cannot carry the exception object: #ERROR arrives with an empty struct
            QueueProxy q = m.create("get_queue", ProxyType.QUEUE);
            assertThatThrownBy(q::getNowait).isInstanceOfSatisfying(RemoteManagerException.class,
                    e -> assertThat(e.kind()).isEqualTo(ManagerProtocol.ERROR));
            q.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("interpreters")
    @Timeout(60)
    void pythonXmlClientOfJavaXmlServer(Interpreter python) throws Exception {
        PythonPeers.requireAny();
        try (ManagerServer server = ManagerServer.builder().authkey(KEY).serializer(Serializer.XMLRPCLIB)
                .registerShared("get_queue", new SharedQueue(0)).start()) {
            PythonPeers.Result r = PythonPeers.runPeer(python, "manager_client",
                    List.of("xml-checks", "--connect", server.address().toString(), "--authkey-env", "MPBRIDGE_TEST_KEY"),
                    ENV, Duration.ofSeconds(45));
            assertThat(r.exitCode()).as("python xml-checks failed:\n%s%s", r.stdout(), r.stderr()).isZero();
            assertThat(r.stdout()).startsWith("OK ");
        }
    }

    /** The values of CPython's own remote-manager test (test_multiprocessing _TestRemoteManager). */
    static void xmlChecks(ManagerClient m) throws Exception {
        QueueProxy q = m.create("get_queue", ProxyType.QUEUE);
        List<Object> values = Arrays.asList("hello world", null, true, 2.25, "hall\u00e5 v\u00e4rld",
                "\u043f\u0440\u0438\u0432\u0456\u0442 \u0441\u0432\u0456\u0442",
                "hall\u00e5 v\u00e4rld".getBytes(StandardCharsets.ISO_8859_1));
        q.put(PyTuple.copyOf(values));
        List<?> back = (List<?>) q.get(Duration.ofSeconds(10));
        assertThat(back).hasSize(values.size());
        for (int i = 0; i < values.size() - 1; i++) assertThat(back.get(i)).isEqualTo(values.get(i));
        assertThat((byte[]) back.get(values.size() - 1)).isEqualTo(values.get(values.size() - 1));
        DictProxy d = m.dict();
        d.setItem("k", List.of(1, 2.5, "s"));
        assertThat(d.getItem("k")).isEqualTo(List.of(1, 2.5, "s"));
        assertThat(d.len()).isEqualTo(1);
        q.close();
        d.close();
    }
}
