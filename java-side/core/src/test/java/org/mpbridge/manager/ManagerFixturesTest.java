package org.mpbridge.manager;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mpbridge.PythonException;
import org.mpbridge.manager.ManagerProtocol.Reply;
import org.mpbridge.manager.ManagerProtocol.Request;
import org.mpbridge.manager.xml.XmlRpcCodec;
import org.mpbridge.pickle.PickleCodec;
import org.mpbridge.pickle.PyGlobal;
import org.mpbridge.pickle.PyObject;
import org.mpbridge.pickle.PyTuple;

/**
 * Golden bytes: manager frames captured from real CPython 3.8–3.13 conversations
 * ({@code python-side/tools/gen_manager_fixtures.py}); no Python needed here. Every frame decodes to the shape
 * the protocol says, and what Java encodes for the same message decodes to the same value (xmlrpclib: to the
 * same bytes).
 */
class ManagerFixturesTest {

    record Fixture(String version, Map<String, byte[]> frames) {
        byte[] get(String label) {
            byte[] b = frames.get(label);
            if (b == null) throw new AssertionError("fixture " + version + " has no frame " + label);
            return b;
        }

        Object pickle(String label) throws IOException {
            return PickleCodec.loads(get(label));
        }

        @Override
        public String toString() {
            return "CPython " + version;
        }
    }

    static Stream<Fixture> fixtures() throws IOException, URISyntaxException {
        URL dir = ManagerFixturesTest.class.getResource("/fixtures/manager");
        assertThat(dir).as("fixtures/manager on the test classpath").isNotNull();
        List<Path> files;
        try (Stream<Path> s = Files.list(Path.of(dir.toURI()))) {
            files = s.filter(p -> p.getFileName().toString().matches("cpython-3\\.\\d+\\.txt")).sorted().toList();
        }
        assertThat(files).as("fixture files").isNotEmpty();
        return files.stream().map(ManagerFixturesTest::load);
    }

    private static Fixture load(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            Map<String, byte[]> frames = new LinkedHashMap<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) continue;
                String[] f = line.split(" ");
                frames.put(f[0], HexFormat.of().parseHex(f[1]));
            }
            String name = file.getFileName().toString();
            return new Fixture(name.substring("cpython-".length(), name.length() - 4), frames);
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void adminRequestsAndReplies(Fixture f) throws IOException {
        assertThat(Request.parse(f.pickle("connect.request"))).isEqualTo(new Request(null, "dummy", PyTuple.EMPTY, Map.of()));
        assertThat(Reply.parse(f.pickle("connect.reply"))).isEqualTo(new Reply("#RETURN", null));
        Request create = Request.parse(f.pickle("get_queue.request"));
        assertThat(create.methodname()).isEqualTo("create");
        assertThat(create.args()).containsExactly("get_queue");
        Reply created = Reply.parse(f.pickle("get_queue.reply"));
        String id = (String) list(created.value()).get(0);
        assertThat(id).matches("[0-9a-f]+");
        List<Object> exposed = list(list(created.value()).get(1));
        assertThat(exposed).contains("empty", "full", "get", "get_nowait", "join", "put", "put_nowait", "qsize", "task_done");
        assertThat(Request.parse(f.pickle("get_queue.request#1"))).isEqualTo(new Request(null, "incref", PyTuple.of(id), Map.of()));
        assertThat(Request.parse(f.pickle("get_queue.request#2"))).isEqualTo(new Request(null, "decref", PyTuple.of(id), Map.of()));
        assertThat(Request.parse(f.pickle("put.request"))).isEqualTo(new Request(null, "accept_connection", PyTuple.of("MainProcess"), Map.of()));
        assertThat(Request.parse(f.pickle("put.request#1"))).isEqualTo(new Request(id, "put", PyTuple.of(1), Map.of()));
        assertThat(Reply.parse(f.pickle("get.reply"))).isEqualTo(new Reply("#RETURN", 1));
        // the Java encoding of the same messages decodes to the same values
        for (String label : List.of("connect.request", "get_queue.request", "put.request#1", "get.reply", "get_queue.reply")) {
            Object python = f.pickle(label);
            assertThat(PickleCodec.loads(PickleCodec.dumps(python))).as(label).isEqualTo(python);
        }
        assertThat(PickleCodec.loads(PickleCodec.dumps(ManagerProtocol.request(id, "put", List.of(1), Map.of()))))
                .isEqualTo(f.pickle("put.request#1"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void errorReplies(Fixture f) throws IOException {
        PythonException keyError = PythonErrors.fromErrorValue(Reply.parse(f.pickle("getitem-missing.reply")).value());
        assertThat(keyError.pythonType()).isEqualTo("builtins.KeyError");
        assertThat(keyError.pythonArgs()).containsExactly("missing");
        assertThat(PythonErrors.fromErrorValue(Reply.parse(f.pickle("get_nowait-empty.reply")).value()))
                .isInstanceOf(QueueEmptyException.class);
        assertThat(PythonErrors.fromErrorValue(Reply.parse(f.pickle("put_nowait-full.reply")).value()))
                .isInstanceOf(QueueFullException.class);
        // what the Java server sends for those errors decodes to exactly what CPython sent
        for (String label : List.of("getitem-missing.reply", "get_nowait-empty.reply", "put_nowait-full.reply")) {
            Reply python = Reply.parse(f.pickle(label));
            PyTuple java = ManagerProtocol.reply("#ERROR", PythonErrors.toErrorValue(PythonErrors.fromErrorValue(python.value())));
            assertThat(PickleCodec.loads(PickleCodec.dumps(java))).as(label).isEqualTo(f.pickle(label));
        }
        Reply notExposed = Reply.parse(f.pickle("not-exposed.reply"));
        assertThat(notExposed.kind()).isEqualTo("#TRACEBACK");
        RemoteManagerException remote = new RemoteManagerException(notExposed.kind(), (String) notExposed.value());
        assertThat(remote.causeType()).isEqualTo("KeyError");
        assertThat(remote.remoteTraceback()).contains("is not in exposed=");
        Reply bogus = Reply.parse(f.pickle("bogus.reply"));
        assertThat((String) bogus.value()).contains("AssertionError: 'bogus' unrecognized");
        assertThat(Reply.parse(f.pickle("getvalue-queue.reply")).kind()).isEqualTo("#UNSERIALIZABLE");
        assertThat(Reply.parse(f.pickle("shutdown.reply"))).isEqualTo(new Reply("#RETURN", null));
        assertThat(Reply.parse(f.pickle("shutdown.reply#1"))).isEqualTo(new Reply("#RETURN", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void tokensProxiesAndValues(Fixture f) throws IOException {
        Token token = Token.fromPickle(f.pickle("token.pickle"));
        assertThat(token.typeid()).isEqualTo("dict");
        assertThat(token.address()).isInstanceOf(PyTuple.class);
        assertThat(token.toPickle()).isEqualTo(f.pickle("token.pickle"));

        Reply proxy = Reply.parse(f.pickle("iter.reply"));
        assertThat(proxy.kind()).isEqualTo("#PROXY");
        List<Object> pair = list(proxy.value());
        assertThat(list(pair.get(0))).containsExactly("__next__", "send", "throw", "close");
        assertThat(Token.fromPickle(pair.get(1)).typeid()).isEqualTo("Iterator");
        assertThat(Reply.parse(f.pickle("next.reply")).value()).isEqualTo("k");

        PyObject queueProxy = (PyObject) f.pickle("queue-proxy.pickle");
        assertThat(queueProxy.qualifiedName()).isEqualTo("multiprocessing.managers.RebuildProxy");
        assertThat(queueProxy.args().get(0)).isEqualTo(new PyGlobal("multiprocessing.managers", "AutoProxy"));
        assertThat(((Map<?, ?>) queueProxy.args().get(3)).get("exposed")).isInstanceOf(PyTuple.class);
        PyObject dictProxy = (PyObject) f.pickle("dict-proxy.pickle");
        assertThat(dictProxy.args().get(0)).isEqualTo(new PyGlobal("multiprocessing.managers", "DictProxy"));
        assertThat(dictProxy.args().get(1)).isEqualTo(f.pickle("token.pickle"));
        // a Java proxy pickles to the same object CPython's does
        Token dictToken = Token.fromPickle(dictProxy.args().get(1));
        DictProxy javaDict = new DictProxy(null, dictToken, List.of());
        assertThat(javaDict.toPickle()).isEqualTo(dictProxy);

        assertThat(Reply.parse(f.pickle("keys.reply")).value()).isEqualTo(List.of("k"));
        Map<?, ?> value = (Map<?, ?>) Reply.parse(f.pickle("getvalue-dict.reply")).value();
        assertThat(list(value.get("k"))).hasSize(6).startsWith(1, 2.5, "x");
        PyArrays.PyArray array = PyArrays.fromPickle(Reply.parse(f.pickle("getvalue-array.reply")).value());
        assertThat(array.typecode()).isEqualTo("i");
        assertThat(array.items()).containsExactly(1L, 2L, 3L);
        assertThat(PickleCodec.loads(PickleCodec.dumps(PyArrays.toPickle("i", array.items()))))
                .isEqualTo(Reply.parse(f.pickle("getvalue-array.reply")).value());
        PyObject ns = (PyObject) Reply.parse(f.pickle("getvalue-namespace.reply")).value();
        assertThat(ns.qualifiedName()).isEqualTo("multiprocessing.managers.Namespace");
        assertThat(ns.state()).isEqualTo(Map.of("x", 1));
        PyObject v = (PyObject) Reply.parse(f.pickle("getvalue-value.reply")).value();
        assertThat(v.state()).isEqualTo(Map.of("_typecode", "i", "_value", 7));
        assertThat(Reply.parse(f.pickle("repr.reply")).value()).isEqualTo("{'k': [1, 2.5, 'x', b'y', None, True]}");
    }

    /** Java's xmlrpclib encoder writes CPython's exact bytes for every captured payload. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void xmlrpclibPayloadsAreByteIdentical(Fixture f) throws IOException {
        int checked = 0;
        for (Map.Entry<String, byte[]> e : f.frames().entrySet()) {
            if (!e.getKey().contains("xml-")) continue;
            Object decoded = XmlRpcCodec.loads(e.getValue());
            assertThat(new String(XmlRpcCodec.dumps(decoded), StandardCharsets.UTF_8)).as(e.getKey())
                    .isEqualTo(new String(e.getValue(), StandardCharsets.UTF_8));
            checked++;
        }
        assertThat(checked).isGreaterThanOrEqualTo(15);
        List<Object> put = list(XmlRpcCodec.loads(f.get("xml-put.xml-request#1")));
        assertThat(put.get(1)).isEqualTo("put");
        List<Object> values = list(list(put.get(2)).get(0));
        assertThat(values.subList(0, 6)).containsExactly("hello world", null, true, 2.25, "hall\u00e5 v\u00e4rld",
                "\u043f\u0440\u0438\u0432\u0456\u0442");
        assertThat((byte[]) values.get(6)).isEqualTo("hall\u00e5 v\u00e4rld".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(values.get(7)).isEqualTo(Map.of("nested", List.of(1, -7, 1e20, 0.1)));
        // CPython's xmlrpclib turns the exception object into the struct of its __dict__
        List<Object> error = list(XmlRpcCodec.loads(f.get("xml-get_nowait-empty.xml-reply")));
        assertThat(error).containsExactly("#ERROR", Map.of());
        assertThat(PythonErrors.fromErrorValue(error.get(1))).isInstanceOf(RemoteManagerException.class);
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object o) {
        return (List<Object>) o;
    }
}
