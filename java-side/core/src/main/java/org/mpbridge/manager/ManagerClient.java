package org.mpbridge.manager;

import java.io.Closeable;
import java.io.IOException;
import java.lang.ref.Cleaner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.mpbridge.ProtocolException;
import org.mpbridge.connection.Address;
import org.mpbridge.connection.Client;
import org.mpbridge.connection.ConnectionOptions;
import org.mpbridge.manager.ManagerProtocol.Reply;
import org.mpbridge.pickle.PickleCodec;
import org.mpbridge.pickle.PyByteArray;
import org.mpbridge.pickle.PyFrozenSet;
import org.mpbridge.pickle.PyGlobal;
import org.mpbridge.pickle.PyObject;
import org.mpbridge.pickle.PyRepr;
import org.mpbridge.pickle.PyTuple;

/**
 * The client half of CPython's {@code BaseManager} / {@code SyncManager}, for a manager server in another process
 * (Python's {@code BaseManager(address, authkey).connect()}, or mpbridge's {@code ManagerServer}).
 *
 * <p>As CPython: every server function ({@code create}, {@code incref}, {@code decref}, …) uses a fresh
 * authenticated connection; proxies call methods over one serving connection per calling thread
 * ({@code accept_connection('MainProcess')}, or {@code 'MainProcess|<thread name>'}); a new proxy is
 * {@code incref}'d and the creation's own reference dropped with {@code decref}; a proxy's reference is released by
 * {@link Proxy#close()}, by garbage collection, or when this client closes. The authkey is always used (a
 * manager always authenticates); null means the empty key.
 *
 * <pre>{@code
 * try (ManagerClient m = ManagerClient.connect(Address.parse("tcp:127.0.0.1:50000"), "secret".getBytes())) {
 *     QueueProxy q = m.create("get_queue", ProxyType.QUEUE);   // BaseManager.register('get_queue')
 *     q.put(1);
 *     DictProxy d = m.dict();                                   // SyncManager.dict()
 * }
 * }</pre>
 */
public final class ManagerClient implements Closeable {
    private static final Cleaner CLEANER = Cleaner.create();
    private static final PyGlobal REBUILD_PROXY = new PyGlobal("multiprocessing.managers", "RebuildProxy");
    /**
     * Bound on the reply to a server function ({@code create}, {@code incref}, …), which a live server answers at
     * once; method calls on proxies are not bounded (a {@code get()} may wait for a producer as long as it takes).
     */
    public static final Duration ADMIN_REPLY_TIMEOUT = Duration.ofSeconds(60);

    private final Address address;
    private final Object pythonAddress;
    private final byte[] authkey;
    private final Serializer serializer;
    private final ConnectionOptions options;
    private final ThreadLocal<ManagerConnection> serving = new ThreadLocal<>();
    private final Set<ManagerConnection> servingConnections = ConcurrentHashMap.newKeySet();
    private final Set<Decref> live = ConcurrentHashMap.newKeySet();
    private final Map<String, ProxyType<?>> types = new ConcurrentHashMap<>(ProxyType.SYNC_MANAGER);
    private volatile boolean closed;
    private volatile boolean serverShutDown;

    private ManagerClient(Address address, byte[] authkey, Serializer serializer, ConnectionOptions options) {
        this.address = address;
        this.pythonAddress = Token.pythonAddress(address);
        this.authkey = authkey == null ? new byte[0] : authkey.clone();
        this.serializer = serializer;
        this.options = options;
    }

    /** {@code BaseManager(address, authkey).connect()} with the pickle serializer. */
    public static ManagerClient connect(Address address, byte[] authkey) throws IOException {
        return connect(address, authkey, Serializer.PICKLE, ConnectionOptions.defaults());
    }

    /** {@code BaseManager(address, authkey, serializer).connect()}: checks the server with {@code dummy}. */
    public static ManagerClient connect(Address address, byte[] authkey, Serializer serializer, ConnectionOptions options)
            throws IOException {
        ManagerClient client = new ManagerClient(address, authkey, serializer, options);
        client.callServer("dummy");
        return client;
    }

    /**
     * Rebuilds a proxy that a Python process pickled (e.g. handed to a worker as bytes), as {@code pickle.loads}
     * would in Python: connects to the manager named in its token with {@code authkey} and increfs.
     */
    public static Proxy rebuildProxy(byte[] pickledProxy, byte[] authkey) throws IOException {
        Object value = PickleCodec.loads(pickledProxy);
        Token token = rebuildArgs(value).token;
        ManagerClient client = new ManagerClient(Token.toAddress(token.address()), authkey, Serializer.PICKLE,
                ConnectionOptions.defaults());
        return client.rebuild(value);
    }

    public Address address() {
        return address;
    }

    public Serializer serializer() {
        return serializer;
    }

    /** Names the Java proxy class for a custom typeid, as {@code register(typeid, proxytype=...)} does. */
    public void register(String typeid, ProxyType<?> type) {
        types.put(typeid, type);
    }

    // ---- creating shared objects (BaseManager.register's create methods)

    /** {@code manager.<typeid>(*args)} with the proxy type registered for the typeid (AutoProxy if none). */
    public Proxy create(String typeid, Object... args) throws IOException {
        return create(typeid, types.getOrDefault(typeid, ProxyType.AUTO), Arrays.asList(args), Map.of());
    }

    /** {@code manager.<typeid>(*args)} with the given Java proxy type. */
    public <P extends Proxy> P create(String typeid, ProxyType<P> type, Object... args) throws IOException {
        return create(typeid, type, Arrays.asList(args), Map.of());
    }

    /** {@code manager.<typeid>(*args, **kwargs)}: create, make the proxy (incref), drop the creation's reference (decref). */
    public <P extends Proxy> P create(String typeid, ProxyType<P> type, List<?> args, Map<String, ?> kwargs) throws IOException {
        List<Object> all = new ArrayList<>();
        all.add(typeid);
        all.addAll(args);
        Object result = callServer("create", all, kwargs);
        if (!(result instanceof List<?> r) || r.size() != 2 || !(r.get(0) instanceof String id) || !(r.get(1) instanceof List<?> exp)) {
            throw new ProtocolException("malformed create reply: " + PyRepr.repr(result));
        }
        Token token = new Token(typeid, pythonAddress, id);
        P proxy = type.constructor().make(this, token, names(exp));
        adopt(proxy, true);
        callServer("decref", id);
        return proxy;
    }

    public QueueProxy queue() throws IOException {
        return create("Queue", ProxyType.QUEUE);
    }

    /** {@code Queue(maxsize)}: bounded when maxsize > 0. */
    public QueueProxy queue(int maxsize) throws IOException {
        return create("Queue", ProxyType.QUEUE, maxsize);
    }

    public QueueProxy joinableQueue() throws IOException {
        return create("JoinableQueue", ProxyType.QUEUE);
    }

    public DictProxy dict() throws IOException {
        return create("dict", ProxyType.DICT);
    }

    public DictProxy dict(Map<?, ?> initial) throws IOException {
        return create("dict", ProxyType.DICT, initial);
    }

    public ListProxy list() throws IOException {
        return create("list", ProxyType.LIST);
    }

    public ListProxy list(Collection<?> initial) throws IOException {
        return create("list", ProxyType.LIST, new ArrayList<>(initial));
    }

    /** {@code Value(typecode, value)}. */
    public ValueProxy value(String typecode, Object value) throws IOException {
        return create("Value", ProxyType.VALUE, typecode, value);
    }

    /** {@code Array(typecode, sequence)}. */
    public ArrayProxy array(String typecode, List<?> sequence) throws IOException {
        return create("Array", ProxyType.ARRAY, typecode, sequence);
    }

    public NamespaceProxy namespace() throws IOException {
        return create("Namespace", ProxyType.NAMESPACE);
    }

    /** {@code Namespace(**attributes)}. */
    public NamespaceProxy namespace(Map<String, ?> attributes) throws IOException {
        return create("Namespace", ProxyType.NAMESPACE, List.of(), attributes);
    }

    public AcquirerProxy lock() throws IOException {
        return create("Lock", ProxyType.ACQUIRER);
    }

    public AcquirerProxy rlock() throws IOException {
        return create("RLock", ProxyType.ACQUIRER);
    }

    public AcquirerProxy semaphore(int value) throws IOException {
        return create("Semaphore", ProxyType.ACQUIRER, value);
    }

    public AcquirerProxy boundedSemaphore(int value) throws IOException {
        return create("BoundedSemaphore", ProxyType.ACQUIRER, value);
    }

    public ConditionProxy condition() throws IOException {
        return create("Condition", ProxyType.CONDITION);
    }

    /** {@code Condition(lock)} over a Lock or RLock of the same manager. */
    public ConditionProxy condition(AcquirerProxy lock) throws IOException {
        return create("Condition", ProxyType.CONDITION, lock);
    }

    public EventProxy event() throws IOException {
        return create("Event", ProxyType.EVENT);
    }

    public BarrierProxy barrier(int parties) throws IOException {
        return create("Barrier", ProxyType.BARRIER, parties);
    }

    // ---- server functions (admin connections)

    /** {@code number_of_objects()}. */
    public int numberOfObjects() throws IOException {
        return Proxy.toInt(callServer("number_of_objects"));
    }

    /** {@code debug_info()}. */
    public String debugInfo() throws IOException {
        return String.valueOf(callServer("debug_info"));
    }

    /** {@code get_methods(token)}: the names exposed for a shared object. */
    public List<String> getMethods(Token token) throws IOException {
        if (serializer != Serializer.PICKLE) throw new ProtocolException("xmlrpclib cannot carry a Token (get_methods needs one)");
        Object reply = callServer("get_methods", token.toPickle());
        if (!(reply instanceof List<?> l)) throw new ProtocolException("malformed get_methods reply: " + PyRepr.repr(reply));
        return names(l);
    }

    /** {@code shutdown}: asks the server to stop (it answers, then exits); proxies then stop decref'ing. */
    public void shutdown() throws IOException {
        callServer("shutdown");
        serverShutDown = true;
    }

    /** {@code dispatch(Client(address, authkey), None, funcname, args)} on a fresh connection. */
    public Object callServer(String funcname, Object... args) throws IOException {
        return callServer(funcname, Arrays.asList(args), Map.of());
    }

    public Object callServer(String funcname, List<?> args, Map<String, ?> kwargs) throws IOException {
        checkOpen();
        try (ManagerConnection c = open()) {
            c.send(ManagerProtocol.request(null, funcname, (List<?>) toWire(args), toWireMap(kwargs)));
            return convert(Reply.parse(c.recv(ADMIN_REPLY_TIMEOUT)), null);
        }
    }

    // ---- proxies

    /** Rebuilds a decoded {@code RebuildProxy(...)} object as a Java proxy of this manager (incref). */
    public Proxy rebuild(Object rebuildProxy) throws IOException {
        RebuildArgs r = rebuildArgs(rebuildProxy);
        ProxyType<?> type = ProxyType.forPythonClass(r.pythonClass);
        if (type == null || type.isAuto()) type = types.getOrDefault(r.token.typeid(), ProxyType.AUTO);
        Token token = r.token.withAddress(sameManager(r.token.address()) ? pythonAddress : r.token.address());
        List<String> exposed = r.exposed != null ? r.exposed : getMethods(token);
        Proxy proxy = type.constructor().make(this, token, exposed);
        adopt(proxy, true);
        return proxy;
    }

    private record RebuildArgs(String pythonClass, Token token, List<String> exposed) {}

    private static RebuildArgs rebuildArgs(Object value) throws ProtocolException {
        if (value instanceof PyObject obj && obj.callable().equals(REBUILD_PROXY) && obj.args().size() == 4
                && obj.args().get(0) instanceof PyGlobal func && obj.args().get(3) instanceof Map<?, ?> kwds) {
            Token token = Token.fromPickle(obj.args().get(1));
            List<String> exposed = kwds.get("exposed") instanceof List<?> e ? names(e) : null;
            return new RebuildArgs(func.name(), token, exposed);
        }
        throw new ProtocolException("not a pickled proxy (RebuildProxy(...)): " + PyRepr.repr(value));
    }

    private boolean sameManager(Object tokenAddress) {
        if (tokenAddress == null || tokenAddress.equals(pythonAddress)) return true;
        // a server bound to 0.0.0.0 names itself so; the client reached it at a concrete host, same port
        return tokenAddress instanceof List<?> hp && pythonAddress instanceof List<?> mine && hp.size() == 2
                && hp.get(1) instanceof Number p && mine.get(1) instanceof Number q && p.intValue() == q.intValue()
                && ("0.0.0.0".equals(hp.get(0)) || "".equals(hp.get(0)));
    }

    Object callMethod(Proxy proxy, String method, List<?> args, Map<String, ?> kwargs) throws IOException {
        checkOpen();
        if (proxy.isClosed()) throw new IOException("proxy " + proxy + " is closed");
        ManagerConnection c = servingConnection();
        Object message;
        try {
            c.send(ManagerProtocol.request(proxy.token.id(), method, (List<?>) toWire(args), toWireMap(kwargs)));
            message = c.recv();
        } catch (IOException | RuntimeException e) {
            dropServingConnection(c);
            throw e;
        }
        return convert(Reply.parse(message), proxy);
    }

    /** {@code kind, result = conn.recv()} → result, a proxy for {@code #PROXY}, or the exception to raise. */
    private Object convert(Reply reply, Proxy from) throws IOException {
        switch (reply.kind()) {
            case ManagerProtocol.RETURN:
                return fromWire(reply.value());
            case ManagerProtocol.ERROR:
                throw PythonErrors.fromErrorValue(reply.value());
            case ManagerProtocol.PROXY: {
                if (from == null || !(reply.value() instanceof List<?> pair) || pair.size() != 2 || !(pair.get(0) instanceof List<?> exp)) {
                    throw new ProtocolException("unexpected #PROXY reply: " + PyRepr.repr(reply.value()));
                }
                // BaseProxy._callmethod: the token gets our address, the proxy increfs, the server's ref is dropped
                Token token = Token.fromPickle(pair.get(1)).withAddress(pythonAddress);
                ProxyType<?> type = types.getOrDefault(token.typeid(), ProxyType.AUTO);
                Proxy proxy = type.constructor().make(this, token, names(exp));
                adopt(proxy, true);
                callServer("decref", token.id());
                return proxy;
            }
            case ManagerProtocol.TRACEBACK:
            case ManagerProtocol.UNSERIALIZABLE:
                if (!(reply.value() instanceof String text)) {
                    throw new ProtocolException("Result " + PyRepr.repr(reply.value()) + " (kind '" + reply.kind() + "') is not str");
                }
                throw new RemoteManagerException(reply.kind(),
                        reply.kind().equals(ManagerProtocol.UNSERIALIZABLE) ? "Unserializable message: " + text + "\n" : text);
            default:
                throw new ProtocolException("Unrecognized message type " + PyRepr.repr(reply.kind()));
        }
    }

    /** Takes a reference for a new proxy ({@code incref} unless told otherwise) and arranges its {@code decref}. */
    void adopt(Proxy proxy, boolean incref) throws IOException {
        if (incref) callServer("incref", proxy.token.id());
        Decref d = new Decref(this, proxy.token.id());
        proxy.decref = d;
        live.add(d);
        d.cleanable = CLEANER.register(proxy, d);
    }

    /** Drops one reference; run once by {@link Proxy#close()}, by the cleaner, or by {@link #close()}. */
    static final class Decref implements Runnable {
        private final ManagerClient client;
        private final String id;
        private final AtomicBoolean done = new AtomicBoolean();
        volatile Cleaner.Cleanable cleanable;

        Decref(ManagerClient client, String id) {
            this.client = client;
            this.id = id;
        }

        boolean done() {
            return done.get();
        }

        /** Runs the decref now (once) and forgets the cleaner registration. */
        void close() {
            Cleaner.Cleanable c = cleanable;
            if (c != null) c.clean();
            else run();
        }

        @Override
        public void run() {
            if (!done.compareAndSet(false, true)) return;
            client.live.remove(this);
            if (client.serverShutDown) return;
            try {
                client.callServer("decref", id);
            } catch (IOException | RuntimeException e) {
                // as BaseProxy._decref: the manager may be gone; nothing to undo
            }
        }
    }

    private ManagerConnection servingConnection() throws IOException {
        ManagerConnection c = serving.get();
        if (c != null && !c.isClosed()) return c;
        c = open();
        try {
            c.send(ManagerProtocol.request(null, "accept_connection", PyTuple.of(threadName()), Map.of()));
            convert(Reply.parse(c.recv(ADMIN_REPLY_TIMEOUT)), null);
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
        serving.set(c);
        servingConnections.add(c);
        return c;
    }

    private void dropServingConnection(ManagerConnection c) {
        serving.remove();
        servingConnections.remove(c);
        try {
            c.close();
        } catch (IOException ignored) {
            // already broken
        }
    }

    /** {@code BaseProxy._connect}: the process name, plus {@code |thread} for threads other than the main one. */
    static String threadName() {
        String name = Thread.currentThread().getName();
        return name.equals("main") ? "MainProcess" : "MainProcess|" + name;
    }

    private ManagerConnection open() throws IOException {
        return new ManagerConnection(Client.connect(address, authkey, options), serializer);
    }

    private void checkOpen() throws IOException {
        if (closed) throw new IOException("manager client for " + address + " is closed");
    }

    // ---- values crossing: proxies out as RebuildProxy pickles, RebuildProxy pickles in as proxies

    private Object toWire(Object value) throws ProtocolException {
        if (value instanceof Proxy p) {
            if (serializer != Serializer.PICKLE) throw new ProtocolException("xmlrpclib cannot carry a proxy: " + p);
            return p.toPickle();
        }
        if (value instanceof PyTuple t) {
            List<Object> out = new ArrayList<>(t.size());
            for (Object x : t) out.add(toWire(x));
            return PyTuple.copyOf(out);
        }
        if (value instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (Object x : l) out.add(toWire(x));
            return out;
        }
        if (value instanceof Map<?, ?> m) return toWireMap(m);
        if (value instanceof PyFrozenSet || value instanceof PyByteArray) return value;
        if (value instanceof Set<?> s) {
            Set<Object> out = new LinkedHashSet<>();
            for (Object x : s) out.add(toWire(x));
            return out;
        }
        return value;
    }

    private Map<Object, Object> toWireMap(Map<?, ?> m) throws ProtocolException {
        Map<Object, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) out.put(toWire(e.getKey()), toWire(e.getValue()));
        return out;
    }

    private Object fromWire(Object value) throws IOException {
        if (value instanceof PyObject obj && obj.callable().equals(REBUILD_PROXY)) return rebuild(obj);
        if (!mayHoldProxy(value)) return value;
        if (value instanceof PyTuple t) {
            List<Object> out = new ArrayList<>(t.size());
            for (Object x : t) out.add(fromWire(x));
            return PyTuple.copyOf(out);
        }
        if (value instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (Object x : l) out.add(fromWire(x));
            return out;
        }
        Map<Object, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) out.put(e.getKey(), fromWire(e.getValue()));
        return out;
    }

    private static boolean mayHoldProxy(Object value) {
        if (value instanceof PyObject obj) return obj.callable().equals(REBUILD_PROXY);
        if (value instanceof List<?> l) {
            for (Object x : l) if (mayHoldProxy(x)) return true;
        } else if (value instanceof Map<?, ?> m) {
            for (Object x : m.values()) if (mayHoldProxy(x)) return true;
        }
        return false;
    }

    private static List<String> names(List<?> items) throws ProtocolException {
        List<String> out = new ArrayList<>(items.size());
        for (Object x : items) {
            if (!(x instanceof String s)) throw new ProtocolException("exposed name is not a str: " + PyRepr.repr(x));
            out.add(s);
        }
        return out;
    }

    /** Releases every proxy's reference (as CPython's finalizers do at exit) and closes the serving connections. */
    @Override
    public void close() throws IOException {
        if (closed) return;
        for (Decref d : List.copyOf(live)) d.run();
        closed = true;
        for (ManagerConnection c : List.copyOf(servingConnections)) {
            try {
                c.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        servingConnections.clear();
    }

    @Override
    public String toString() {
        return "ManagerClient(" + address + ", " + serializer.pythonName() + ")";
    }
}
