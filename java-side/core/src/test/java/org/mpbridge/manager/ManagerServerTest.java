package org.mpbridge.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mpbridge.AuthenticationException;
import org.mpbridge.auth.Handshake;
import org.mpbridge.connection.Address;
import org.mpbridge.connection.Client;
import org.mpbridge.connection.Connection;
import org.mpbridge.connection.ConnectionOptions;
import org.mpbridge.manager.ManagerProtocol.Reply;
import org.mpbridge.manager.server.ManagerServer;
import org.mpbridge.manager.server.SharedDict;
import org.mpbridge.manager.server.SharedQueue;
import org.mpbridge.pickle.PickleCodec;
import org.mpbridge.transport.Deadlines;

/** The Java manager server with the Java client, in one JVM (no Python): protocol details CPython's server has. */
@Timeout(60)
class ManagerServerTest {
    private static final byte[] KEY = "secret".getBytes(StandardCharsets.UTF_8);

    private static ManagerServer server() throws Exception {
        return ManagerServer.builder().authkey(KEY).registerShared("get_queue", new SharedQueue(0))
                .registerShared("get_dict", new SharedDict()).start();
    }

    @Test
    void everySyncManagerTypeidThroughTheJavaClient() throws Exception {
        try (ManagerServer server = server(); ManagerClient m = ManagerClient.connect(server.address(), KEY)) {
            new ClientChecks(m).all();
            QueueProxy q = m.create("get_queue", ProxyType.QUEUE);
            q.put(List.of(1, "two"));
            assertThat(m.create("get_queue", ProxyType.QUEUE).get(Duration.ofSeconds(5))).isEqualTo(List.of(1, "two"));
            // register('get_dict', callable=lambda: d) exposes dict's public methods only, as CPython's public_methods(obj)
            Proxy d = m.create("get_dict");
            assertThat(d.exposed()).containsExactly("clear", "copy", "fromkeys", "get", "items", "keys", "pop", "popitem",
                    "setdefault", "update", "values");
            assertThatThrownBy(() -> d.call("__getitem__", "x")).isInstanceOf(RemoteManagerException.class);
        }
    }

    @Test
    void loopbackByDefault() throws Exception {
        try (ManagerServer server = ManagerServer.builder().start()) {
            assertThat(server.address()).isInstanceOf(Address.Tcp.class);
            assertThat(((Address.Tcp) server.address()).host()).isEqualTo("127.0.0.1");
            assertThat(server.pythonAddress()).isEqualTo(org.mpbridge.pickle.PyTuple.of("127.0.0.1", ((Address.Tcp) server.address()).port()));
        }
    }

    @Test
    void xmlrpclibBothEnds() throws Exception {
        try (ManagerServer server = ManagerServer.builder().authkey(KEY).serializer(Serializer.XMLRPCLIB)
                .registerShared("get_queue", new SharedQueue(0)).start();
             ManagerClient m = ManagerClient.connect(server.address(), KEY, Serializer.XMLRPCLIB, ConnectionOptions.defaults())) {
            ManagerInteropTest.xmlChecks(m);
            // exceptions and #PROXY cannot travel over xmlrpclib: the Java server reports them as tracebacks
            QueueProxy q = m.queue();
            assertThatThrownBy(q::getNowait).isInstanceOfSatisfying(RemoteManagerException.class,
                    e -> assertThat(e.causeType()).isEqualTo("_queue.Empty"));
            DictProxy d = m.dict();
            assertThatThrownBy(d::iter).isInstanceOfSatisfying(RemoteManagerException.class,
                    e -> assertThat(e.kind()).isEqualTo(ManagerProtocol.UNSERIALIZABLE));
        }
    }

    @Test
    void wrongKeyIsRefusedWithFailureThenTraceback() throws Exception {
        try (ManagerServer server = server()) {
            assertThatThrownBy(() -> ManagerClient.connect(server.address(), "wrong".getBytes(StandardCharsets.UTF_8)))
                    .isInstanceOf(AuthenticationException.class);
            try (Connection c = Client.connect(server.address(), null)) {
                assertThatThrownBy(() -> Handshake.answerChallenge(c, "wrong".getBytes(StandardCharsets.UTF_8),
                        Deadlines.after(Duration.ofSeconds(10)))).isInstanceOf(AuthenticationException.class);
                Reply after = Reply.parse(c.recv(Duration.ofSeconds(10)));
                assertThat(after.kind()).isEqualTo(ManagerProtocol.TRACEBACK);
                assertThat((String) after.value()).endsWith("AuthenticationError: digest received was wrong\n");
            }
        }
    }

    @Test
    void shutdownRepliesTwiceAndStops() throws Exception {
        try (ManagerServer server = server()) {
            try (Connection c = Client.connect(server.address(), KEY)) {
                c.send(ManagerProtocol.request(null, "shutdown", List.of(), Map.of()));
                assertThat(Reply.parse(c.recv(Duration.ofSeconds(10)))).isEqualTo(new Reply("#RETURN", null));
                assertThat(Reply.parse(c.recv(Duration.ofSeconds(10)))).isEqualTo(new Reply("#RETURN", null));
            }
            assertThat(server.awaitShutdown(Duration.ofSeconds(10))).isTrue();
            assertThatThrownBy(() -> ManagerClient.connect(server.address(), KEY)).isInstanceOf(java.io.IOException.class);
        }
    }

    @Test
    void oneServingConnectionPerCallingThread() throws Exception {
        try (ManagerServer server = server(); ManagerClient m = ManagerClient.connect(server.address(), KEY)) {
            QueueProxy q = m.queue();
            DictProxy d = m.dict();
            q.put(1);
            d.setItem("k", 1);
            assertThat(server.servingClients()).containsExactly(ManagerClient.threadName());
            Thread worker = new Thread(() -> ClientChecks.call(() -> {
                q.put(2);
                return null;
            }), "Worker");
            worker.start();
            worker.join(10_000);
            assertThat(server.servingClients()).containsExactlyInAnyOrder(ManagerClient.threadName(), "MainProcess|Worker");
        }
    }

    @Test
    void referencesAreCountedAndReleased() throws Exception {
        try (ManagerServer server = server(); ManagerClient m = ManagerClient.connect(server.address(), KEY)) {
            DictProxy d = m.dict();
            assertThat(server.numberOfObjects()).isEqualTo(1);
            Proxy copy = m.rebuild(PickleCodec.loads(PickleCodec.dumps(d.toPickle())));
            assertThat(m.debugInfo()).contains("refcount=2");
            copy.close();
            copy.close();
            d.close();
            assertThat(server.numberOfObjects()).isZero();
            assertThatThrownBy(() -> d.len()).hasMessageContaining("closed");

            // a proxy dropped without close() is decref'd by the cleaner, as CPython's finalizer does
            m.list();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (server.numberOfObjects() > 0 && System.nanoTime() < deadline) {
                System.gc();
                CompletableFuture.runAsync(() -> { }).get(1, TimeUnit.SECONDS);
            }
            assertThat(server.numberOfObjects()).isZero();
        }
    }

    @Test
    void protocolErrorsAnswerWithTracebacks() throws Exception {
        try (ManagerServer server = server(); ManagerClient m = ManagerClient.connect(server.address(), KEY)) {
            DictProxy d = m.dict();
            Proxy ghost = new Proxy(m, new Token("dict", server.pythonAddress(), "deadbeef"), List.of("get"));
            assertThatThrownBy(() -> ghost.call("get", "k")).isInstanceOfSatisfying(RemoteManagerException.class,
                    e -> assertThat(e.causeType()).isEqualTo("KeyError"));
            assertThatThrownBy(() -> m.callServer("incref", "deadbeef")).isInstanceOf(RemoteManagerException.class);
            assertThatThrownBy(() -> m.callServer("create")).isInstanceOfSatisfying(RemoteManagerException.class,
                    e -> assertThat(e.causeType()).isEqualTo("TypeError"));
            assertThatThrownBy(() -> m.create("Pool", ProxyType.AUTO)).isInstanceOfSatisfying(RemoteManagerException.class,
                    e -> assertThat(e.causeType()).isEqualTo("NotImplementedError"));
            // a request that is not a 4-tuple
            try (Connection c = Client.connect(server.address(), KEY)) {
                c.send("not a request");
                Reply r = Reply.parse(c.recv(Duration.ofSeconds(10)));
                assertThat(r.kind()).isEqualTo(ManagerProtocol.TRACEBACK);
            }
            assertThat(d.len()).isZero();
        }
    }
}
