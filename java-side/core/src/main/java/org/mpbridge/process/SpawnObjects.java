package org.mpbridge.process;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mpbridge.ProtocolException;
import org.mpbridge.connection.Connection;
import org.mpbridge.manager.ManagerClient;
import org.mpbridge.pickle.PickleCodec;
import org.mpbridge.pickle.PyGlobal;
import org.mpbridge.pickle.PyObject;
import org.mpbridge.pickle.PyTuple;
import org.mpbridge.sem.BoundedSemaphore;
import org.mpbridge.sem.SemLock;
import org.mpbridge.shm.CType;
import org.mpbridge.shm.MappedFile;
import org.mpbridge.shm.MappedRegion;
import org.mpbridge.shm.SharedMemory;

/**
 * What a spawned CPython child's unpickler makes of CPython's own globals, made of mpbridge Java objects:
 *
 * <pre>
 * multiprocessing.connection.rebuild_connection(DupFd, r, w)   -> Connection over the inherited fd
 * multiprocessing.synchronize.Lock/RLock/Semaphore/BoundedSemaphore (state handle, kind, maxvalue, name)
 *                                                              -> SemLock re-opened by name (sem_open)
 * multiprocessing.synchronize.Condition / Event                -> MpCondition / MpEvent
 * multiprocessing.queues.Queue / JoinableQueue / SimpleQueue   -> MpQueue / MpJoinableQueue / MpSimpleQueue
 * multiprocessing.sharedctypes.synchronized(rebuild_ctype(...), lock), rebuild_ctype(...)
 *                                                              -> MpValue / MpArray over the heap arena's fd
 * multiprocessing.shared_memory.SharedMemory(name, False, size) -> SharedMemory attached by name
 * multiprocessing.process.AuthenticationString(b)              -> byte[]
 * multiprocessing.managers.RebuildProxy(func, token, ser, kwds) -> a manager Proxy (DictProxy, ListProxy, ...)
 * </pre>
 * Containers (tuple, list, dict, set) are rebuilt with their items mapped; an object met twice (the pickle's memo)
 * maps to one Java object; any other class stays a {@link PyObject}.
 */
public final class SpawnObjects {
    private final Map<Object, Object> done = new IdentityHashMap<>();
    private final Map<Integer, MappedRegion> arenas = new LinkedHashMap<>();
    private byte[] authkey = new byte[0];

    /** The process's authkey: a manager proxy's connection authenticates with it (as a CPython child's does). */
    public void authkey(byte[] key) {
        this.authkey = key.clone();
    }

    public Object map(Object value) throws IOException {
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean
                || value instanceof byte[]) {
            return value;
        }
        Object known = done.get(value);
        if (known != null) return known;
        Object mapped = mapNew(value);
        done.put(value, mapped);
        return mapped;
    }

    private Object mapNew(Object value) throws IOException {
        if (value instanceof PyTuple t) {
            Object[] items = new Object[t.size()];
            for (int i = 0; i < items.length; i++) items[i] = map(t.get(i));
            return PyTuple.of(items);
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object o : list) out.add(map(o));
            return out;
        }
        if (value instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) out.put(map(e.getKey()), map(e.getValue()));
            return out;
        }
        if (value instanceof Set<?> s) {
            Set<Object> out = new LinkedHashSet<>();
            for (Object o : s) out.add(map(o));
            return out;
        }
        if (value instanceof PyObject o) return mapObject(o);
        return value;
    }

    private Object mapObject(PyObject o) throws IOException {
        String name = o.qualifiedName();
        switch (name) {
            case "multiprocessing.connection.rebuild_connection":
                return FdConnections.open(dupFd(o.args().get(0), name), truth(o.args().get(1)), truth(o.args().get(2)));
            case "multiprocessing.synchronize.Lock", "multiprocessing.synchronize.RLock",
                 "multiprocessing.synchronize.Semaphore", "multiprocessing.synchronize.BoundedSemaphore":
                return semLock(o);
            case "multiprocessing.synchronize.Condition": {
                PyTuple s = state(o, 4);
                return new MpCondition(sem(s.get(0)), sem(s.get(1)), sem(s.get(2)), sem(s.get(3)));
            }
            case "multiprocessing.synchronize.Event": {   // no __getstate__: its __dict__ {_cond, _flag}
                if (!(o.state() instanceof Map<?, ?> d)) throw new ProtocolException("Event: unexpected state " + o.state());
                return new MpEvent((MpCondition) map(d.get("_cond")), sem(d.get("_flag")));
            }
            case "multiprocessing.queues.Queue": {
                PyTuple s = state(o, 8);
                return new MpQueue(intOf(s.get(1)), conn(s.get(2)), conn(s.get(3)), sem(s.get(4)), semOrNull(s.get(5)), sem(s.get(6)));
            }
            case "multiprocessing.queues.JoinableQueue": {
                PyTuple s = state(o, 10);
                return new MpJoinableQueue(intOf(s.get(1)), conn(s.get(2)), conn(s.get(3)), sem(s.get(4)), semOrNull(s.get(5)),
                        sem(s.get(6)), (MpCondition) map(s.get(8)), sem(s.get(9)));
            }
            case "multiprocessing.queues.SimpleQueue": {
                PyTuple s = state(o, 4);
                return new MpSimpleQueue(conn(s.get(0)), conn(s.get(1)), sem(s.get(2)), semOrNull(s.get(3)));
            }
            case "multiprocessing.sharedctypes.synchronized": {
                Object lock = map(o.args().get(1));
                return ctype(unwrap(o.args().get(0), "synchronized"), lock instanceof SemLock l ? l : null);
            }
            case "multiprocessing.sharedctypes.rebuild_ctype":
                return ctype(o, null);
            case "multiprocessing.shared_memory.SharedMemory":
                return SharedMemory.attach((String) o.args().get(0));
            case "multiprocessing.process.AuthenticationString":
                return o.args().get(0);
            case "multiprocessing.managers.RebuildProxy":   // a proxy connects to its manager, as in a CPython child
                return ManagerClient.rebuildProxy(PickleCodec.dumps(o), proxyKey(o));
            default:
                return o;
        }
    }

    /** The key a spawning parent put in the proxy's kwds ({@code kwds['authkey']}), else the process's. */
    private byte[] proxyKey(PyObject rebuild) {
        if (rebuild.args().size() > 3 && rebuild.args().get(3) instanceof Map<?, ?> kwds
                && kwds.get("authkey") instanceof PyObject key && key.args().size() == 1 && key.args().get(0) instanceof byte[] b) {
            return b;
        }
        return authkey;
    }

    private Object semLock(PyObject o) throws IOException {
        PyTuple s = state(o, 4);
        int kind = intOf(s.get(1));
        int maxvalue = intOf(s.get(2));
        Object name = s.get(3);
        if (!(name instanceof String n)) {
            throw new ProtocolException(o.qualifiedName() + " arrived without a name (made under the fork start method, "
                    + "where CPython unlinks it at birth); make it under spawn or forkserver");
        }
        if (o.qualifiedName().endsWith(".BoundedSemaphore")) return BoundedSemaphore.open(n, maxvalue);
        return SemLock.rebuild(n, kind, maxvalue);
    }

    /** rebuild_ctype(type_, BufferWrapper, length): the ctypes object in its arena. */
    private Object ctype(PyObject rebuild, SemLock lock) throws IOException {
        PyTuple a = rebuild.args();
        if (!(a.get(0) instanceof PyGlobal t) || !t.module().equals("ctypes")) {
            throw new ProtocolException("rebuild_ctype of an unsupported type " + a.get(0));
        }
        CType type;
        try {
            type = CType.valueOf(t.name());
        } catch (IllegalArgumentException e) {
            throw new ProtocolException("Value/Array of ctypes." + t.name() + " is not supported in Java (numeric "
                    + "typecodes b B h H i I l L q Q f d are)");
        }
        PyObject wrapper = (PyObject) a.get(1);
        PyTuple st = (PyTuple) ((Map<?, ?>) wrapper.state()).get("_state");  // ((arena, start, stop), size)
        PyTuple block = (PyTuple) st.get(0);
        MappedRegion arena = arena(unwrap(block.get(0), "rebuild_arena"));
        long start = ((Number) block.get(1)).longValue();
        Object length = a.get(2);
        if (length == null) return new MpValue(arena, start, type, lock);
        return new MpArray(arena, start, type, intOf(length), lock);
    }

    /** rebuild_arena(size, DupFd): the arena file, mapped once per descriptor. */
    private MappedRegion arena(PyObject rebuild) throws IOException {
        long size = ((Number) rebuild.args().get(0)).longValue();
        int fd = dupFd(rebuild.args().get(1), "rebuild_arena");
        MappedRegion r = arenas.get(fd);
        if (r == null) {
            r = MappedFile.open(Path.of("/proc/self/fd/" + fd), size, true);
            arenas.put(fd, r);
        }
        return r;
    }

    private static PyObject unwrap(Object o, String what) throws ProtocolException {
        if (o instanceof PyObject p) return p;
        throw new ProtocolException(what + ": unexpected " + o);
    }

    /** popen_spawn_posix._DupFd(fd) (state {'fd': N}): the descriptor number passed to this process. */
    private static int dupFd(Object o, String where) throws ProtocolException {
        if (o instanceof PyObject p && p.state() instanceof Map<?, ?> m && m.get("fd") instanceof Number n) return n.intValue();
        throw new ProtocolException(where + ": expected a DupFd, got " + o);
    }

    private static PyTuple state(PyObject o, int size) throws ProtocolException {
        if (o.state() instanceof PyTuple t && t.size() == size) return t;
        throw new ProtocolException(o.qualifiedName() + ": unexpected pickle state " + o.state() + " (a CPython version "
                + "mpbridge does not know?)");
    }

    private Connection conn(Object o) throws IOException {
        return (Connection) map(o);
    }

    private SemLock sem(Object o) throws IOException {
        return (SemLock) map(o);
    }

    private SemLock semOrNull(Object o) throws IOException {
        return o == null ? null : sem(o);
    }

    private static int intOf(Object o) {
        long v = ((Number) o).longValue();
        return (int) Math.min(Integer.MAX_VALUE, v);
    }

    private static boolean truth(Object o) {
        return o instanceof Boolean b ? b : o instanceof Number n && n.longValue() != 0;
    }
}
