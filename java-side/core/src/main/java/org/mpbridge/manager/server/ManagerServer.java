package org.mpbridge.manager.server;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.mpbridge.AuthenticationException;
import org.mpbridge.ProtocolException;
import org.mpbridge.PythonException;
import org.mpbridge.connection.Address;
import org.mpbridge.connection.Connection;
import org.mpbridge.connection.ConnectionOptions;
import org.mpbridge.connection.Listener;
import org.mpbridge.manager.ManagerConnection;
import org.mpbridge.manager.ManagerProtocol;
import org.mpbridge.manager.ManagerProtocol.Request;
import org.mpbridge.manager.PythonErrors;
import org.mpbridge.manager.Serializer;
import org.mpbridge.manager.Token;
import org.mpbridge.pickle.PyGlobal;
import org.mpbridge.pickle.PyObject;
import org.mpbridge.pickle.PyRepr;
import org.mpbridge.pickle.PyTuple;
import org.mpbridge.transport.ChannelTransport;
import jdk.net.ExtendedSocketOptions;

/**
 * A manager server in Java that unmodified Python clients use: {@code BaseManager(address, authkey).connect()}
 * followed by {@code m.get_queue()}, or a {@code SyncManager} client's {@code m.dict()}, {@code m.Queue()},
 * {@code m.Lock()} … The protocol is CPython's {@code Server} (Lib/multiprocessing/managers.py): every connection
 * is authenticated with the manager's key (deliver, then answer), then carries one request to a public function;
 * {@code accept_connection} turns it into a serving connection for one client thread. Shared objects are
 * {@link Referent}s, made by the {@link TypeSpec}s of the registry and reference-counted as CPython counts them.
 *
 * <pre>{@code
 * try (ManagerServer server = ManagerServer.builder()
 *         .authkey("secret".getBytes())
 *         .registerShared("get_queue", new SharedQueue(0))      // register('get_queue', callable=lambda: q)
 *         .start()) {                                          // binds tcp:127.0.0.1:0 unless told otherwise
 *     System.out.println(server.address());
 *     server.awaitShutdown();                                  // until a client calls shutdown, or close()
 * }
 * }</pre>
 */
public final class ManagerServer implements Closeable {
    private static final PyGlobal REBUILD_PROXY = new PyGlobal("multiprocessing.managers", "RebuildProxy");

    private final Listener listener;
    private final Object pythonAddress;
    private final Serializer serializer;
    private final Map<String, TypeSpec> registry;

    private final Object mutex = new Object();
    private final Map<String, Entry> idToObj = new HashMap<>();
    private final Map<String, Integer> idToRefcount = new HashMap<>();
    private final Map<String, Entry> idToLocalProxyObj = new HashMap<>();
    private final IdentityHashMap<Referent, String> ids = new IdentityHashMap<>();
    private long nextId = 0x7f0000001000L;

    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final Map<Connection, String> servingClients = new ConcurrentHashMap<>();
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean closing;

    /** What CPython keeps in {@code id_to_obj}: the object, its exposed names (in order) and method_to_typeid. */
    private record Entry(Referent obj, List<String> exposed, Map<String, String> methodToTypeid) {
        String typeRepr() {
            return obj instanceof AbstractReferent a ? a.classRepr() : "<class '" + obj.getClass().getSimpleName() + "'>";
        }
    }

    private ManagerServer(Listener listener, Serializer serializer, Map<String, TypeSpec> registry) {
        this.listener = listener;
        this.pythonAddress = Token.pythonAddress(listener.address());
        this.serializer = serializer;
        this.registry = registry;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Configures and starts a server; defaults: {@code tcp:127.0.0.1:0}, empty authkey, pickle, SyncManager types. */
    public static final class Builder {
        private Address address = Address.tcp("127.0.0.1", 0);
        private byte[] authkey = new byte[0];
        private Serializer serializer = Serializer.PICKLE;
        private ConnectionOptions options = ConnectionOptions.defaults();
        private boolean syncManager = true;
        private final Map<String, TypeSpec> extra = new LinkedHashMap<>();

        private Builder() {}

        /** Where to listen; loopback with an OS-chosen port unless set. */
        public Builder address(Address value) {
            this.address = Objects.requireNonNull(value);
            return this;
        }

        /** The manager's key; every connection is authenticated with it (null or empty: the empty key). */
        public Builder authkey(byte[] value) {
            this.authkey = value == null ? new byte[0] : value.clone();
            return this;
        }

        public Builder serializer(Serializer value) {
            this.serializer = Objects.requireNonNull(value);
            return this;
        }

        public Builder options(ConnectionOptions value) {
            this.options = Objects.requireNonNull(value);
            return this;
        }

        /** Whether SyncManager's typeids ({@code Queue}, {@code dict}, {@code Lock} …) are registered (default true). */
        public Builder syncManagerTypes(boolean value) {
            this.syncManager = value;
            return this;
        }

        public Builder register(String typeid, TypeSpec spec) {
            extra.put(Objects.requireNonNull(typeid), Objects.requireNonNull(spec));
            return this;
        }

        /** {@code register(typeid, callable=lambda: obj)}: one shared object under a callable name. */
        public Builder registerShared(String typeid, Referent obj) {
            return register(typeid, TypeSpec.shared(obj));
        }

        /** Binds, starts accepting, and returns the running server. */
        public ManagerServer start() throws IOException {
            Map<String, TypeSpec> registry = new LinkedHashMap<>();
            if (syncManager) registry.putAll(SyncManagerTypes.registry());
            registry.putAll(extra);
            Listener listener = Listener.bind(address, authkey, options, 128);
            ManagerServer server = new ManagerServer(listener, serializer, Map.copyOf(registry));
            server.startAccepting();
            return server;
        }
    }

    /** The bound address (the real port when 0 was asked for). */
    public Address address() {
        return listener.address();
    }

    /** The address as Python names it in tokens: {@code ('127.0.0.1', port)} or a path. */
    public Object pythonAddress() {
        return pythonAddress;
    }

    public Serializer serializer() {
        return serializer;
    }

    /** {@code number_of_objects()}: shared objects with a reference. */
    public int numberOfObjects() {
        synchronized (mutex) {
            return idToRefcount.size();
        }
    }

    /**
     * The serving connections open now, by the name each client sent in {@code accept_connection}
     * ({@code 'MainProcess'}, {@code 'MainProcess|Thread-1'} …): one per client thread that called a proxy.
     */
    public List<String> servingClients() {
        return List.copyOf(servingClients.values());
    }

    /** Blocks until a client called {@code shutdown} or the server was closed. */
    public void awaitShutdown() throws InterruptedException {
        stopped.await();
    }

    public boolean awaitShutdown(Duration timeout) throws InterruptedException {
        return stopped.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    public boolean isStopped() {
        return stopped.getCount() == 0;
    }

    // ---- accepting

    private void startAccepting() {
        Thread accepter = new Thread(this::accept, "manager accepter " + listener.address());
        accepter.setDaemon(true);
        threads.add(accepter);
        accepter.start();
    }

    private void accept() {
        while (!closing) {
            Connection c;
            try {
                c = listener.acceptUnauthenticated();
            } catch (IOException e) {
                if (closing || listener.isClosed()) break;
                continue; // Server.accepter: an OSError on accept is ignored
            }
            connections.add(c);
            Thread t = new Thread(() -> handleRequest(c), "manager request " + c);
            t.setDaemon(true);
            threads.add(t);
            if (closing) {
                closeQuietly(c);
                break;
            }
            t.start();
        }
    }

    /** {@code Server.handle_request}: authenticate, one request to a public function, one reply. */
    private void handleRequest(Connection raw) {
        ManagerConnection c = new ManagerConnection(raw, serializer);
        boolean shutdown = false;
        try {
            PyTuple reply;
            String funcname = null;
            try {
                listener.authenticate(raw);
                quickAck(raw);
                Request request = Request.parse(c.recv());
                funcname = request.methodname();
                if (!ManagerProtocol.PUBLIC.contains(funcname)) {
                    throw new Raised("AssertionError", PyRepr.repr(funcname) + " unrecognized");
                }
                pinProxies(request.args());
                pinProxies(request.kwds());  // m.dict(pets=pets_proxy): create's keyword arguments hold proxies too
                reply = ManagerProtocol.reply(ManagerProtocol.RETURN, callPublic(c, funcname, request.args(), request.kwds()));
            } catch (AuthenticationException e) {
                reply = ManagerProtocol.reply(ManagerProtocol.TRACEBACK, traceback("multiprocessing.context.AuthenticationError", e.getMessage()));
            } catch (Raised e) {
                reply = ManagerProtocol.reply(ManagerProtocol.TRACEBACK, traceback(e.type, e.getMessage()));
            } catch (PythonException e) {
                reply = ManagerProtocol.reply(ManagerProtocol.TRACEBACK, traceback(e.pythonType(), pyStr(e)));
            } catch (ProtocolException e) {
                reply = ManagerProtocol.reply(ManagerProtocol.TRACEBACK, traceback("ValueError", e.getMessage()));
            } catch (ServingDone done) {
                return;
            }
            shutdown = "shutdown".equals(funcname) && reply.get(0).equals(ManagerProtocol.RETURN);
            send(c, reply);
        } catch (EOFException | ServerClosingException e) {
            // the client went away (or we are closing): nothing to answer
        } catch (IOException | RuntimeException e) {
            if (!closing) trySend(c, ManagerProtocol.reply(ManagerProtocol.TRACEBACK, javaTraceback(e)));
        } catch (StackOverflowError e) {
            // a request too deep for a walk over it: CPython's RecursionError, never a dead thread and an EOF
            if (!closing) trySend(c, ManagerProtocol.reply(ManagerProtocol.TRACEBACK, traceback("RecursionError", RECURSION)));
        } finally {
            closeQuietly(raw);
            connections.remove(raw);
            threads.remove(Thread.currentThread());
            // after both replies (the client reads one and may already have closed)
            if (shutdown) stop();
        }
    }

    /**
     * CPython's client writes {@code #WELCOME#} and then its request as two small segments without TCP_NODELAY,
     * so Nagle holds the request until our delayed ACK (40 ms on Linux) of the first. Setting TCP_QUICKACK sends
     * the pending ACK at once (Linux), which saves those 40 ms on every admin connection.
     */
    private static void quickAck(Connection raw) {
        if (raw.transport() instanceof ChannelTransport t && t.channel().supportedOptions().contains(ExtendedSocketOptions.TCP_QUICKACK)) {
            try {
                t.channel().setOption(ExtendedSocketOptions.TCP_QUICKACK, true);
            } catch (IOException | UnsupportedOperationException ignored) {
                // only a latency optimisation
            }
        }
    }

    /** A Python exception raised by the server itself, reported as {@code #TRACEBACK}. */
    private static final class Raised extends Exception {
        private static final long serialVersionUID = 1L;
        final String type;

        Raised(String type, String message) {
            super(message, null, false, false);
            this.type = type;
        }
    }

    /** Thrown when a serving connection ends (EOF): no reply follows. */
    private static final class ServingDone extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ServingDone() {
            super(null, null, false, false);
        }
    }

    private Object callPublic(ManagerConnection c, String funcname, PyTuple args, Map<Object, Object> kwds)
            throws IOException, PythonException, Raised {
        switch (funcname) {
            case "dummy":
                bind("dummy", args, kwds);
                return null;
            case "create": {
                if (args.isEmpty()) throw new Raised("TypeError", "Server.create() missing 1 required positional argument: 'typeid'");
                if (!(args.get(0) instanceof String typeid)) throw new Raised("KeyError", PyRepr.repr(args.get(0)));
                return create(typeid, PyTuple.copyOf(args.subList(1, args.size())), kwds);
            }
            case "incref":
                incref(ident(bind("incref", args, kwds, "ident")[0]));
                return null;
            case "decref":
                decref(ident(bind("decref", args, kwds, "ident")[0]));
                return null;
            case "get_methods": {
                Token token = Token.fromPickle(bind("get_methods", args, kwds, "token")[0]);
                synchronized (mutex) {
                    Entry e = idToObj.get(token.id());
                    if (e == null) e = idToLocalProxyObj.get(token.id());  // held only inside the manager
                    if (e == null) throw new Raised("KeyError", PyRepr.repr(token.id()));
                    return PyTuple.copyOf(new ArrayList<>(new LinkedHashSet<>(e.exposed)));
                }
            }
            case "accept_connection": {
                Object name = bind("accept_connection", args, kwds, "name")[0];
                c.send(ManagerProtocol.reply(ManagerProtocol.RETURN, null));
                servingClients.put(c.connection(), String.valueOf(name));
                try {
                    serveClient(c);
                } finally {
                    servingClients.remove(c.connection());
                }
                throw new ServingDone();
            }
            case "debug_info":
                bind("debug_info", args, kwds);
                return debugInfo();
            case "number_of_objects":
                bind("number_of_objects", args, kwds);
                return numberOfObjects();
            case "shutdown":
                bind("shutdown", args, kwds);
                // Server.shutdown sends its own reply; _handle_request then sends the generic one
                trySend(c, ManagerProtocol.reply(ManagerProtocol.RETURN, null));
                return null;
            default:
                throw new Raised("AssertionError", PyRepr.repr(funcname) + " unrecognized");
        }
    }

    private static Object[] bind(String name, PyTuple args, Map<Object, Object> kwds, String... params) throws PythonException {
        return Signature.of("Server." + name, params).bind(args, kwds);
    }

    private static String ident(Object o) throws Raised {
        if (o instanceof String s) return s;
        throw new Raised("KeyError", PyRepr.repr(o));
    }

    // ---- the object table (Server.create / incref / decref)

    /** {@code Server.create(c, typeid, *args, **kwds)}: returns {@code (ident, exposed)}. */
    private PyTuple create(String typeid, PyTuple args, Map<Object, Object> kwds) throws PythonException, Raised {
        TypeSpec spec = registry.get(typeid);
        if (spec == null) throw new Raised("KeyError", PyRepr.repr(typeid));
        if (spec.factory() == null) {
            throw new Raised("ValueError", "a Java manager makes " + typeid + " objects only as method results");
        }
        Referent obj = spec.factory().create(args, kwds, this);
        return register(typeid, spec, obj);
    }

    private PyTuple register(String typeid, TypeSpec spec, Referent obj) {
        List<String> exposed = new ArrayList<>(spec.exposed() != null ? spec.exposed() : obj.publicMethods());
        if (spec.methodToTypeid() != null) exposed.addAll(new TreeSet<>(spec.methodToTypeid().keySet()));
        String ident;
        synchronized (mutex) {
            ident = ids.get(obj);
            if (ident == null) {
                ident = Long.toHexString(nextId);
                nextId += 0x30;
                ids.put(obj, ident);
            }
            idToObj.put(ident, new Entry(obj, List.copyOf(exposed), spec.methodToTypeid()));
            idToRefcount.putIfAbsent(ident, 0);
            increfLocked(ident);
        }
        return PyTuple.of(ident, PyTuple.copyOf(exposed));
    }

    private void incref(String ident) throws Raised {
        synchronized (mutex) {
            if (!idToRefcount.containsKey(ident)) {
                Entry local = idToLocalProxyObj.get(ident);
                if (local == null) throw new Raised("KeyError", PyRepr.repr(ident));
                // a proxy held inside the manager made a new outside reference: track it again
                idToRefcount.put(ident, 0);
                idToObj.put(ident, local);
            }
            increfLocked(ident);
        }
    }

    private void increfLocked(String ident) {
        idToRefcount.merge(ident, 1, Integer::sum);
    }

    private void decref(String ident) throws Raised {
        synchronized (mutex) {
            if (!idToRefcount.containsKey(ident) && idToLocalProxyObj.containsKey(ident)) return;
            Integer count = idToRefcount.get(ident);
            if (count == null) throw new Raised("KeyError", PyRepr.repr(ident));
            if (count <= 0) {
                throw new Raised("AssertionError", "Id " + ident + " has refcount " + count + ", not 1+");
            }
            if (count == 1) {
                idToRefcount.remove(ident);
                Entry gone = idToObj.remove(ident);
                if (gone != null && !idToLocalProxyObj.containsKey(ident)) ids.remove(gone.obj);
            } else {
                idToRefcount.put(ident, count - 1);
            }
        }
    }

    /**
     * {@code RebuildProxy} on the server: a proxy of this manager inside a request keeps its object alive here
     * (CPython's {@code id_to_local_proxy_obj}), so it can be stored in a shared container and handed out later.
     */
    private void pinProxies(Object value) {
        // iterative, each container once: a request may nest deeply or contain itself (found by
        // ManagerDispatchFuzzTest: a list holding itself recursed until StackOverflowError)
        ArrayDeque<Object> work = new ArrayDeque<>();
        Set<Object> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        if (value != null) work.push(value);
        while (!work.isEmpty()) {
            Object v = work.pop();
            if (v instanceof PyObject obj) {
                pinProxy(obj);
            } else if (v instanceof List<?> l) {
                if (!seen.add(l)) continue;
                for (Object x : l) if (x != null) work.push(x);
            } else if (v instanceof Map<?, ?> m) {
                if (!seen.add(m)) continue;
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    if (e.getKey() != null) work.push(e.getKey());
                    if (e.getValue() != null) work.push(e.getValue());
                }
            }
        }
    }

    private void pinProxy(PyObject obj) {
        if (obj.callable().equals(REBUILD_PROXY) && obj.args().size() == 4) {
            try {
                String id = Token.fromPickle(obj.args().get(1)).id();
                synchronized (mutex) {
                    Entry e = idToObj.get(id);
                    if (e != null) idToLocalProxyObj.putIfAbsent(id, e);
                }
            } catch (ProtocolException notOurs) {
                // not a token we know: stays plain data
            }
        }
    }

    /** The referent a proxy of this manager stands for (e.g. the lock given to {@code Condition(lock)}), or null. */
    public Referent resolveProxy(Object value) {
        if (value instanceof PyObject obj && obj.callable().equals(REBUILD_PROXY) && obj.args().size() == 4) {
            try {
                String id = Token.fromPickle(obj.args().get(1)).id();
                synchronized (mutex) {
                    Entry e = idToObj.get(id);
                    if (e == null) e = idToLocalProxyObj.get(id);
                    return e == null ? null : e.obj;
                }
            } catch (ProtocolException e) {
                return null;
            }
        }
        return null;
    }

    private String debugInfo() {
        synchronized (mutex) {
            List<String> lines = new ArrayList<>();
            for (String ident : new TreeSet<>(idToRefcount.keySet())) {
                Entry e = idToObj.get(ident);
                String text = e == null ? "None" : e.obj.str();
                lines.add("  " + ident + ":       refcount=" + idToRefcount.get(ident) + "\n    "
                        + text.substring(0, Math.min(75, text.length())));
            }
            return String.join("\n", lines);
        }
    }

    // ---- serving connections (Server.serve_client)

    private void serveClient(ManagerConnection c) throws IOException {
        int badInARow = 0;
        while (!closing) {
            Object message;
            try {
                message = c.recv();
                badInARow = 0;
            } catch (EOFException eof) {
                return;
            } catch (ProtocolException e) {
                // CPython answers an undecodable request with #TRACEBACK and goes on; a broken stream ends it
                if (++badInARow > 1) return;
                send(c, ManagerProtocol.reply(ManagerProtocol.TRACEBACK, traceback("pickle.UnpicklingError", e.getMessage())));
                continue;
            } catch (StackOverflowError e) {
                // the decoder recursed too deep: CPython's RecursionError, and the connection goes on
                send(c, ManagerProtocol.reply(ManagerProtocol.TRACEBACK, traceback("RecursionError", RECURSION)));
                continue;
            }
            Object reply = serveOne(message);
            if (reply == null) return;
            send(c, reply);
        }
    }

    /** One method call; null when the server is closing. */
    private Object serveOne(Object message) {
        String methodname = null;
        try {
            Request request = Request.parse(message);
            methodname = request.methodname();
            Entry entry;
            synchronized (mutex) {
                entry = idToObj.get(request.ident());
                if (entry == null) entry = idToLocalProxyObj.get(request.ident());
            }
            if (entry == null) throw new Raised("KeyError", PyRepr.repr(request.ident()));
            pinProxies(request.args());
            pinProxies(request.kwds());
            if (!entry.exposed.contains(methodname) || !entry.obj.hasMethod(methodname)) {
                return fallback(entry, methodname);
            }
            Object result;
            try {
                result = callReferent(entry.obj, methodname, request.args(), request.kwds());
            } catch (PythonException e) {
                if (serializer == Serializer.XMLRPCLIB) {
                    // xmlrpclib cannot carry the exception object (CPython would send its empty __dict__)
                    return ManagerProtocol.reply(ManagerProtocol.TRACEBACK, traceback(e.pythonType(), pyStr(e)));
                }
                return ManagerProtocol.reply(ManagerProtocol.ERROR, PythonErrors.toErrorValue(e));
            }
            String typeid = entry.methodToTypeid == null ? null : entry.methodToTypeid.get(methodname);
            if (typeid != null) {
                if (!(result instanceof Referent made)) throw new IllegalStateException(methodname + " must return a referent");
                TypeSpec spec = registry.getOrDefault(typeid, new TypeSpec(null, null, null));
                PyTuple created = register(typeid, spec, made);
                Token token = new Token(typeid, pythonAddress, (String) created.get(0));
                return ManagerProtocol.reply(ManagerProtocol.PROXY, PyTuple.of(created.get(1), token.toPickle()));
            }
            return ManagerProtocol.reply(ManagerProtocol.RETURN, result);
        } catch (ServerClosingException e) {
            return null;
        } catch (Raised e) {
            return ManagerProtocol.reply(ManagerProtocol.TRACEBACK, traceback(e.type, e.getMessage()));
        } catch (ProtocolException e) {
            return ManagerProtocol.reply(ManagerProtocol.TRACEBACK, traceback("ValueError", e.getMessage()));
        } catch (RuntimeException e) {
            return ManagerProtocol.reply(ManagerProtocol.TRACEBACK, javaTraceback(e));
        } catch (StackOverflowError e) {
            // a request nested too deeply (or containing itself) for some walk over it: CPython's RecursionError,
            // and this serving thread goes on (found by ManagerDispatchFuzzTest through PyRepr)
            return ManagerProtocol.reply(ManagerProtocol.TRACEBACK, traceback("RecursionError", RECURSION));
        }
    }

    private static final String RECURSION = "maximum recursion depth exceeded";

    /**
     * A referent's method; a Java runtime error that an argument caused comes back as the Python exception
     * CPython would raise for it (a wrong type is TypeError, a bad value ValueError, a too-big number
     * OverflowError), never as Java text.
     */
    private static Object callReferent(Referent obj, String methodname, PyTuple args, Map<Object, Object> kwds)
            throws PythonException {
        try {
            return obj.call(methodname, args, kwds);
        } catch (ClassCastException e) {
            throw PythonErrors.builtin("TypeError", methodname + "() got an argument of an unsupported type");
        } catch (ArithmeticException e) {
            throw PythonErrors.builtin("OverflowError", methodname + "() argument is too large");
        } catch (IndexOutOfBoundsException e) {
            throw PythonErrors.builtin("IndexError", methodname + "() index out of range");
        } catch (IllegalArgumentException e) {
            throw PythonErrors.builtin("ValueError", methodname + "() got an invalid argument");
        }
    }

    /**
     * One already-authenticated request through the dispatcher, bytes in and bytes out, as {@code serve_client}
     * would answer it (the fuzz target's entry; no connection involved). Null when the server is closing.
     */
    byte[] answer(byte[] request) throws IOException {
        Object message;
        try {
            message = serializer.loads(request);
        } catch (ProtocolException e) {
            return serializer.dumps(ManagerProtocol.reply(ManagerProtocol.TRACEBACK, traceback("pickle.UnpicklingError", e.getMessage())));
        } catch (StackOverflowError e) {
            return serializer.dumps(ManagerProtocol.reply(ManagerProtocol.TRACEBACK, traceback("RecursionError", RECURSION)));
        }
        Object reply = serveOne(message);
        if (reply == null) return null;
        try {
            return serializer.dumps(reply);
        } catch (ProtocolException e) {
            return serializer.dumps(ManagerProtocol.reply(ManagerProtocol.UNSERIALIZABLE, tracebackLine("TypeError: " + e.getMessage())));
        } catch (StackOverflowError e) {
            return serializer.dumps(ManagerProtocol.reply(ManagerProtocol.UNSERIALIZABLE,
                    tracebackLine("RecursionError: " + RECURSION + " while pickling an object")));
        }
    }

    /** {@code Server.create} without a connection (the fuzz target's objects): returns (ident, exposed). */
    PyTuple createLocal(String typeid, PyTuple args) throws PythonException {
        try {
            return create(typeid, args, Map.of());
        } catch (Raised e) {
            throw PythonErrors.builtin("KeyError", e.getMessage());
        }
    }

    /** {@code Server.fallback_mapping}: {@code __str__}, {@code __repr__}, {@code #GETVALUE}; else the AttributeError. */
    private Object fallback(Entry entry, String methodname) {
        switch (methodname) {
            case "__str__":
                return ManagerProtocol.reply(ManagerProtocol.RETURN, entry.obj.str());
            case "__repr__":
                return ManagerProtocol.reply(ManagerProtocol.RETURN, entry.obj.repr());
            case ManagerProtocol.GETVALUE:
                try {
                    return ManagerProtocol.reply(ManagerProtocol.RETURN, entry.obj.value());
                } catch (Referent.Unserializable e) {
                    return ManagerProtocol.reply(ManagerProtocol.UNSERIALIZABLE, tracebackLine(e.getMessage()));
                }
            default: {
                String first = entry.exposed.contains(methodname)
                        ? "AttributeError: '" + entry.typeRepr().replaceAll("^<class '(.*)'>$", "$1") + "' object has no attribute '" + methodname + "'"
                        : "AttributeError: method " + PyRepr.repr(methodname) + " of " + entry.typeRepr()
                        + " object is not in exposed=" + exposedRepr(entry.exposed);
                return ManagerProtocol.reply(ManagerProtocol.TRACEBACK, tracebackLine(first)
                        + "\nDuring handling of the above exception, another exception occurred:\n\n"
                        + traceback("KeyError", PyRepr.repr(methodname)));
            }
        }
    }

    private static String exposedRepr(List<String> exposed) {
        StringBuilder sb = new StringBuilder("{");
        boolean first = true;
        for (String name : new LinkedHashSet<>(exposed)) {
            if (!first) sb.append(", ");
            first = false;
            sb.append(PyRepr.repr(name));
        }
        return sb.append('}').toString();
    }

    // ---- replies

    /** Sends a reply; if it cannot be encoded, sends {@code #UNSERIALIZABLE} with the reason, as CPython does. */
    private void send(ManagerConnection c, Object reply) throws IOException {
        byte[] encoded;
        try {
            encoded = serializer.dumps(reply);
        } catch (ProtocolException e) {
            encoded = serializer.dumps(ManagerProtocol.reply(ManagerProtocol.UNSERIALIZABLE,
                    tracebackLine("TypeError: " + e.getMessage())));
        } catch (StackOverflowError e) {
            encoded = serializer.dumps(ManagerProtocol.reply(ManagerProtocol.UNSERIALIZABLE,
                    tracebackLine("RecursionError: " + RECURSION + " while pickling an object")));
        }
        c.connection().sendBytes(encoded);
    }

    private void trySend(ManagerConnection c, Object reply) {
        try {
            send(c, reply);
        } catch (IOException | RuntimeException ignored) {
            // the client is gone
        }
    }

    /** A Python-style traceback whose last line is {@code Type: message}. */
    static String traceback(String pythonType, String message) {
        String name = pythonType.startsWith("builtins.") ? pythonType.substring(9) : pythonType;
        return tracebackLine(message == null || message.isEmpty() ? name : name + ": " + message);
    }

    private static String tracebackLine(String last) {
        return "Traceback (most recent call last):\n  File \"<mpbridge Java manager>\", in serve_client\n" + last + "\n";
    }

    private static String javaTraceback(Throwable e) {
        StringWriter w = new StringWriter();
        e.printStackTrace(new PrintWriter(w));
        // the Java stack is data for whoever debugs the server; the exception itself is CPython's for an
        // interpreter-internal failure, never Java text
        return "Traceback (most recent call last):\n  (Java) " + w.toString().strip().replace("\n", "\n  ")
                + "\nSystemError: internal error in the Java manager (its stack is above)\n";
    }

    /** {@code str(exc)}: the repr of the key for KeyError, the single argument, or the args tuple. */
    static String pyStr(PythonException e) {
        List<Object> args = e.pythonArgs();
        if (args.isEmpty()) return "";
        if (args.size() == 1) {
            Object a = args.get(0);
            if (e.pythonType().equals("builtins.KeyError")) return PyRepr.repr(a);
            return a instanceof String s ? s : PyRepr.repr(a);
        }
        return PyRepr.repr(PyTuple.copyOf(args));
    }

    // ---- shutting down

    private void stop() {
        if (closing) return;
        closing = true;
        closeQuietly(listener);
        for (Connection c : List.copyOf(connections)) closeQuietly(c);
        for (Thread t : List.copyOf(threads)) {
            if (t != Thread.currentThread()) t.interrupt();
        }
        stopped.countDown();
    }

    /** Stops accepting, closes every connection and ends blocked calls; idempotent. */
    @Override
    public void close() {
        stop();
    }

    private static void closeQuietly(Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public String toString() {
        return "ManagerServer(" + listener.address() + ", " + serializer.pythonName() + ")";
    }
}
