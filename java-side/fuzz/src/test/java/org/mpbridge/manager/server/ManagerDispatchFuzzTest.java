package org.mpbridge.manager.server;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.mpbridge.fuzz.KnownFindings;
import org.mpbridge.ProtocolException;
import org.mpbridge.PythonException;
import org.mpbridge.connection.Address;
import org.mpbridge.manager.ManagerProtocol;
import org.mpbridge.manager.Serializer;
import org.mpbridge.pickle.PickleCodec;
import org.mpbridge.pickle.PyRepr;
import org.mpbridge.pickle.PyTuple;

/**
 * The manager's request dispatcher ({@code serve_client}: ident, method name, args, kwds → one reply), both
 * serializers, over every SyncManager type. Structured targets pick a live object, a method (exposed or not) and
 * arguments decoded from fuzzed pickle bytes; the raw target feeds undecoded request bytes. Every reply must be
 * one of CPython's kinds, and no reply may carry Java internals (a Java class name, or the internal-error
 * SystemError): an argument error comes back as the exception CPython raises. Calls that would legitimately
 * block (a blocking get on an empty queue, join, ...) are not made; the same call with {@code block=False} or a
 * tiny or ill-typed timeout is.
 */
class ManagerDispatchFuzzTest {
    private static final String[] TYPES = {"Queue", "dict", "list", "Value", "Array", "Namespace", "Lock", "RLock",
            "Event", "Semaphore", "BoundedSemaphore", "Condition", "Barrier"};
    private static final Set<String> KINDS = Set.of(ManagerProtocol.RETURN, ManagerProtocol.ERROR,
            ManagerProtocol.TRACEBACK, ManagerProtocol.PROXY, ManagerProtocol.UNSERIALIZABLE);
    private static final int RECYCLE_EVERY = 500;

    private static Serializer current;
    private static ManagerServer server;
    private static List<PyTuple> objects;
    private static int uses;

    @FuzzTest
    void pickleRequest(FuzzedDataProvider data) throws Exception {
        KnownFindings.run(() -> structured(Serializer.PICKLE, data));
    }

    @FuzzTest
    void xmlrpclibRequest(FuzzedDataProvider data) throws Exception {
        KnownFindings.run(() -> structured(Serializer.XMLRPCLIB, data));
    }

    @FuzzTest
    void rawRequest(FuzzedDataProvider data) throws Exception {
        KnownFindings.run(() -> raw(data));
    }

    private static void raw(FuzzedDataProvider data) throws Exception {
        Serializer serializer = data.consumeBoolean() ? Serializer.PICKLE : Serializer.XMLRPCLIB;
        byte[] request = data.consumeRemainingAsBytes();
        Object message;
        try {
            message = serializer.loads(request);
            if (mayBlock(ManagerProtocol.Request.parse(message))) return;
        } catch (ProtocolException | StackOverflowError undecodable) {
            // the dispatcher answers that itself (a decoder that overflows: RecursionError, as CPython)
        }
        check(serializer, serve(serializer).answer(request));
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    private static void structured(Serializer serializer, FuzzedDataProvider data) throws Exception {
        ManagerServer s = serve(serializer);
        PyTuple object = objects.get(data.consumeInt(0, objects.size() - 1));
        @SuppressWarnings("unchecked")
        List<Object> exposed = (List<Object>) object.get(1);
        String method = data.consumeBoolean() ? (String) exposed.get(data.consumeInt(0, exposed.size() - 1))
                : data.consumeString(24);
        boolean withKwds = data.consumeBoolean();
        Object decoded;
        try {
            decoded = PickleCodec.loads(data.consumeRemainingAsBytes());
        } catch (ProtocolException | StackOverflowError e) {
            decoded = null; // the codec's own findings are PickleFuzzTest's; here the arguments are just absent
        }
        List<Object> args = new ArrayList<>();
        Map<Object, Object> kwds = new HashMap<>();
        if (withKwds && decoded instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) kwds.put(e.getKey(), e.getValue());
        } else if (decoded instanceof List<?> l) {
            args.addAll(l);
        } else if (decoded != null) {
            args.add(decoded);
        }
        PyTuple request = ManagerProtocol.request((String) object.get(0), method, args, kwds);
        if (mayBlock(ManagerProtocol.Request.parse(request))) return;
        byte[] encoded;
        try {
            encoded = serializer.dumps(request);
        } catch (ProtocolException | StackOverflowError notCarried) {
            return; // xmlrpclib cannot carry every value (None, bytes keys, ...); PyRepr of a deep one: codec's
        }
        check(serializer, s.answer(encoded));
    }

    private static ManagerServer serve(Serializer serializer) throws IOException {
        if (server == null || current != serializer || ++uses > RECYCLE_EVERY) {
            if (server != null) server.close();
            server = ManagerServer.builder().address(Address.tcp("127.0.0.1", 0)).authkey(new byte[0])
                    .serializer(serializer).start();
            current = serializer;
            uses = 0;
            objects = new ArrayList<>();
            for (String typeid : TYPES) {
                try {
                    objects.add(server.createLocal(typeid, args(typeid)));
                } catch (PythonException e) {
                    throw new IllegalStateException(typeid + ": " + e.getMessage(), e);
                }
            }
        }
        return server;
    }

    private static PyTuple args(String typeid) {
        switch (typeid) {
            case "Queue":
                return PyTuple.of(3);
            case "Value":
                return PyTuple.of("i", 0);
            case "Array":
                return PyTuple.of("i", List.of(1, 2, 3));
            case "Barrier":
                return PyTuple.of(2);
            case "list":
                return PyTuple.of(List.of(1, "a", 2.5));
            default:
                return PyTuple.of();
        }
    }

    private static void check(Serializer serializer, byte[] reply) throws ProtocolException {
        if (reply == null) throw new AssertionError("the dispatcher gave no reply");
        ManagerProtocol.Reply r = ManagerProtocol.Reply.parse(serializer.loads(reply));
        if (!KINDS.contains(r.kind())) throw new AssertionError("reply kind " + r.kind());
        if (r.kind().equals(ManagerProtocol.ERROR)) {
            if (r.value() instanceof org.mpbridge.pickle.PyObject error && isJava(error.callable().module())) {
                throw new AssertionError("#ERROR carries a Java exception: " + error.callable());
            }
            return;
        }
        if (!(r.value() instanceof String text)) return;
        // a Java stack is the internal-error traceback's marker; the fuzzer cannot forge it (reprs escape newlines)
        if (text.contains("\n  (Java) ")) throw new AssertionError("a reply carries a Java stack trace:\n" + text);
        String last = text.strip().substring(text.strip().lastIndexOf('\n') + 1);
        int colon = last.indexOf(':');
        String type = colon < 0 ? last : last.substring(0, colon);
        if (isJava(type) || type.equals("SystemError")) throw new AssertionError("a reply leaks Java internals: " + last);
    }

    private static boolean isJava(String name) {
        return name.startsWith("java") || name.startsWith("jdk.") || name.startsWith("org.") || name.startsWith("net.")
                || name.startsWith("com.") || name.endsWith("Exception") && !name.equals("BaseException");
    }

    // ---- calls that would block as CPython's would (not made)

    private static boolean mayBlock(ManagerProtocol.Request request) {
        String m = request.methodname();
        List<Object> a = request.args();
        Map<Object, Object> k = request.kwds();
        switch (m) {
            case "get":
                return blocks(arg(a, k, 0, "block", true), arg(a, k, 1, "timeout", null));
            case "put":
                return blocks(arg(a, k, 1, "block", true), arg(a, k, 2, "timeout", null));
            case "acquire":
                return blocks(arg(a, k, 0, "blocking", true), arg(a, k, 1, "timeout", null));
            case "wait":
                return blocks(true, arg(a, k, 0, "timeout", null));
            case "join":
            case "wait_for":
            case "__enter__":
                return true;
            default:
                return false;
        }
    }

    private static Object arg(List<Object> a, Map<Object, Object> k, int position, String name, Object dflt) {
        if (a.size() > position) return a.get(position);
        return k != null && k.containsKey(name) ? k.get(name) : dflt;
    }

    private static boolean blocks(Object block, Object timeout) {
        if (!Py.truth(block)) return false;
        if (timeout == null) return true;
        if (timeout instanceof Boolean) return (Boolean) timeout;
        if (timeout instanceof BigInteger big) return big.signum() > 0;
        if (timeout instanceof Number n) return !(n.doubleValue() <= 1e-4); // NaN: ValueError at once; a longer wait only slows the fuzzer
        return false; // not a number: TypeError at once
    }
}
