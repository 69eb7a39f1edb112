package org.mpbridge.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.mpbridge.PythonException;
import org.mpbridge.pickle.PyTuple;

/**
 * The Java client's proxies for every SyncManager typeid, run against a manager server: CPython's (the
 * reference) or mpbridge's Java one. Assertions are on results and on the Python exception types raised.
 */
final class ClientChecks {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final ManagerClient m;
    /** Threads of our own: blocking calls must not starve a 1-thread common pool on a 2-core machine. */
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "checker");
        t.setDaemon(true);
        return t;
    });

    ClientChecks(ManagerClient m) {
        this.m = m;
    }

    void all() throws Exception {
        dict();
        list();
        queue();
        boundedQueue();
        valueArrayNamespace();
        locks();
        eventConditionBarrier();
        argsKwargsAndErrors();
        nestedProxies();
        threads();
        pool.shutdownNow();
    }

    void dict() throws IOException {
        Map<Object, Object> init = new LinkedHashMap<>();
        init.put("count", 20);
        DictProxy d = m.dict(init);
        d.setItem("a", 1);
        d.setItem(2, "two".getBytes());
        d.setItem(PyTuple.of(1, 2), List.of(1.5, "x"));
        assertThat(d.getItem("count")).isEqualTo(20);
        assertThat((byte[]) d.getItem(2)).isEqualTo("two".getBytes());
        assertThat(d.getItem(PyTuple.of(1, 2))).isEqualTo(List.of(1.5, "x"));
        assertThat(d.len()).isEqualTo(4);
        assertThat(d.contains("a")).isTrue();
        assertThat(d.contains("zz")).isFalse();
        assertThatThrownBy(() -> d.getItem("missing")).isInstanceOfSatisfying(PythonException.class, e -> {
            assertThat(e.pythonType()).isEqualTo("builtins.KeyError");
            assertThat(e.pythonArgs()).containsExactly("missing");
        });
        assertThat(d.get("zz")).isNull();
        assertThat(d.get("zz", 5)).isEqualTo(5);
        assertThat(d.keys()).containsExactly("count", "a", 2, PyTuple.of(1, 2));
        List<Object> iterated = new ArrayList<>();
        try (IteratorProxy it = d.iter()) {
            it.forEachRemaining(iterated::add);
        }
        assertThat(iterated).containsExactly("count", "a", 2, PyTuple.of(1, 2));
        d.update(Map.of("b", 2));
        assertThat(d.pop("b")).isEqualTo(2);
        assertThat(d.pop("b", "gone")).isEqualTo("gone");
        assertThat(d.setdefault("s", 6)).isEqualTo(6);
        assertThat(d.popitem()).isEqualTo(PyTuple.of("s", 6));
        assertThat(d.items()).first().isEqualTo(PyTuple.of("count", 20));
        d.delItem("a");
        assertThatThrownBy(() -> d.delItem("a")).isInstanceOfSatisfying(PythonException.class,
                e -> assertThat(e.pythonType()).isEqualTo("builtins.KeyError"));
        assertThatThrownBy(() -> d.setItem(new ArrayList<>(List.of(1)), 1)).isInstanceOfSatisfying(PythonException.class,
                e -> assertThat(e.pythonType()).isEqualTo("builtins.TypeError"));
        assertThat(d.copy()).containsKeys("count", 2);
        assertThat(d.getValue().keySet()).isEqualTo(d.copy().keySet());
        assertThat(d.str()).startsWith("{'count': 20");
        assertThatThrownBy(() -> d.call("no_such_method")).isInstanceOfSatisfying(RemoteManagerException.class, e -> {
            assertThat(e.kind()).isEqualTo(ManagerProtocol.TRACEBACK);
            assertThat(e.remoteTraceback()).contains("no_such_method").contains("AttributeError");
        });
        d.clear();
        assertThat(d.len()).isZero();
        d.close();
    }

    void list() throws IOException {
        ListProxy l = m.list(List.of(3, 1, 2));
        l.append(4);
        l.extend(List.of(5));
        assertThat(l.getItem(0)).isEqualTo(3);
        assertThat(l.getItem(-1)).isEqualTo(5);
        assertThat(l.slice(1, 3)).containsExactly(1, 2);
        l.sort();
        assertThat(l.getValue()).containsExactly(1, 2, 3, 4, 5);
        l.sort(true);
        assertThat(l.getValue()).containsExactly(5, 4, 3, 2, 1);
        l.reverse();
        assertThat(l.index(3)).isEqualTo(2);
        assertThat(l.count(1)).isEqualTo(1);
        l.insert(0, 0);
        assertThat(l.pop()).isEqualTo(5);
        assertThat(l.pop(0)).isEqualTo(0);
        l.remove(1);
        assertThat(l.contains(2)).isTrue();
        assertThat(l.len()).isEqualTo(3);
        l.setItem(0, "ten");
        l.delItem(1);
        assertThat(l.getValue()).containsExactly("ten", 4);
        assertThat(l.add(List.of(9))).containsExactly("ten", 4, 9);
        assertThat(l.mul(2)).containsExactly("ten", 4, "ten", 4);
        assertThatThrownBy(() -> l.getItem(100)).isInstanceOfSatisfying(PythonException.class,
                e -> assertThat(e.pythonType()).isEqualTo("builtins.IndexError"));
        assertThatThrownBy(() -> l.remove(99)).isInstanceOfSatisfying(PythonException.class,
                e -> assertThat(e.pythonType()).isEqualTo("builtins.ValueError"));
        assertThatThrownBy(l::sort).isInstanceOfSatisfying(PythonException.class,
                e -> assertThat(e.pythonType()).isEqualTo("builtins.TypeError"));
        assertThat(l.str()).isEqualTo("['ten', 4]");
        l.close();
    }

    void queue() throws IOException {
        QueueProxy q = m.queue();
        q.put(1);
        q.put("x");
        q.put(null);
        assertThat(q.qsize()).isEqualTo(3);
        assertThat(q.get()).isEqualTo(1);
        assertThat(q.getNowait()).isEqualTo("x");
        assertThat(q.get()).isNull();
        assertThat(q.empty()).isTrue();
        assertThatThrownBy(q::getNowait).isInstanceOf(QueueEmptyException.class);
        long start = System.nanoTime();
        assertThatThrownBy(() -> q.get(Duration.ofMillis(200))).isInstanceOfSatisfying(QueueEmptyException.class,
                e -> assertThat(e.pythonName()).isEqualTo("Empty"));
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(Duration.ofMillis(150).toNanos());
        assertThatThrownBy(q::getValue).isInstanceOfSatisfying(RemoteManagerException.class,
                e -> assertThat(e.kind()).isEqualTo(ManagerProtocol.UNSERIALIZABLE));

        QueueProxy jq = m.joinableQueue();
        jq.put("job");
        assertThat(jq.get()).isEqualTo("job");
        jq.taskDone();
        jq.join();
        assertThatThrownBy(jq::taskDone).isInstanceOfSatisfying(PythonException.class,
                e -> assertThat(e.pythonType()).isEqualTo("builtins.ValueError"));
        q.close();
        jq.close();
    }

    /** {@code Queue(5)}: put blocks while full, timed put raises Full, a get frees the blocked put. */
    void boundedQueue() throws Exception {
        QueueProxy q = m.queue(5);
        for (int i = 0; i < 5; i++) q.put(i);
        assertThat(q.full()).isTrue();
        assertThatThrownBy(() -> q.put(5, Duration.ofMillis(200))).isInstanceOf(QueueFullException.class);
        assertThatThrownBy(() -> q.putNowait(5)).isInstanceOf(QueueFullException.class);
        CompletableFuture<Void> blocked = CompletableFuture.runAsync(() -> {
            try {
                q.put(5);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        }, pool);
        assertThatThrownBy(() -> blocked.get(300, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
        assertThat(q.get()).isEqualTo(0);
        blocked.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        List<Object> rest = new ArrayList<>();
        for (int i = 0; i < 5; i++) rest.add(q.get(WAIT));
        assertThat(rest).containsExactly(1, 2, 3, 4, 5);
        q.close();
    }

    void valueArrayNamespace() throws IOException {
        ValueProxy v = m.value("i", 0);
        v.set(5);
        assertThat(v.get()).isEqualTo(5);
        assertThat(v.str()).isEqualTo("Value('i', 5)");

        ArrayProxy a = m.array("i", List.of(1, 2, 3));
        a.setItem(0, 10);
        assertThat(a.getItem(0)).isEqualTo(10);
        assertThat(a.getItem(-1)).isEqualTo(3);
        assertThat(a.len()).isEqualTo(3);
        PyArrays.PyArray copy = a.toArray();
        assertThat(copy.typecode()).isEqualTo("i");
        assertThat(copy.items()).containsExactly(10L, 2L, 3L);
        assertThatThrownBy(() -> a.setItem(0, 1L << 40)).isInstanceOfSatisfying(PythonException.class,
                e -> assertThat(e.pythonType()).isEqualTo("builtins.OverflowError"));

        NamespaceProxy ns = m.namespace(Map.of("x", 1));
        ns.set("y", "two");
        assertThat(ns.get("x")).isEqualTo(1);
        assertThat(ns.get("y")).isEqualTo("two");
        assertThat(ns.str()).isEqualTo("Namespace(x=1, y='two')");
        ns.delete("x");
        assertThatThrownBy(() -> ns.get("x")).isInstanceOfSatisfying(PythonException.class,
                e -> assertThat(e.pythonType()).isEqualTo("builtins.AttributeError"));
        v.close();
        a.close();
        ns.close();
    }

    void locks() throws Exception {
        AcquirerProxy lock = m.lock();
        assertThat(lock.acquire()).isTrue();
        assertThat(lock.acquire(false)).isFalse();
        assertThat(lock.acquire(Duration.ofMillis(100))).isFalse();
        lock.release();
        assertThatThrownBy(lock::release).isInstanceOfSatisfying(PythonException.class,
                e -> assertThat(e.pythonType()).isEqualTo("builtins.RuntimeError"));

        AcquirerProxy rlock = m.rlock();
        assertThat(rlock.acquire()).isTrue();
        assertThat(rlock.acquire()).isTrue();
        assertThat(CompletableFuture.supplyAsync(() -> call(() -> rlock.acquire(false)), pool).get(WAIT.toSeconds(), TimeUnit.SECONDS)).isFalse();
        rlock.release();
        rlock.release();

        AcquirerProxy sem = m.semaphore(2);
        assertThat(sem.acquire()).isTrue();
        assertThat(sem.acquire()).isTrue();
        assertThat(sem.acquire(false)).isFalse();
        sem.release();
        assertThat(sem.acquire(Duration.ofSeconds(1))).isTrue();
        AcquirerProxy bounded = m.boundedSemaphore(1);
        assertThatThrownBy(bounded::release).isInstanceOfSatisfying(PythonException.class,
                e -> assertThat(e.pythonType()).isEqualTo("builtins.ValueError"));
        for (Proxy p : List.of(lock, rlock, sem, bounded)) p.close();
    }

    void eventConditionBarrier() throws Exception {
        EventProxy ev = m.event();
        assertThat(ev.isSet()).isFalse();
        assertThat(ev.await(Duration.ofMillis(50))).isFalse();
        CompletableFuture<Boolean> waiter = CompletableFuture.supplyAsync(() -> call(() -> ev.await(WAIT)), pool);
        ev.set();
        assertThat(waiter.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        ev.clear();
        assertThat(ev.isSet()).isFalse();

        ConditionProxy cond = m.condition();
        ValueProxy flag = m.value("i", 0);
        assertThatThrownBy(cond::signal).isInstanceOfSatisfying(PythonException.class,
                e -> assertThat(e.pythonType()).isEqualTo("builtins.RuntimeError"));
        CompletableFuture<String> condWaiter = CompletableFuture.supplyAsync(() -> call(() -> {
            cond.acquire();
            try {
                while (((Number) flag.get()).intValue() == 0) cond.await(WAIT);
                return "woken";
            } finally {
                cond.release();
            }
        }), pool);
        cond.acquire();
        flag.set(1);
        cond.signalAll();
        cond.release();
        assertThat(condWaiter.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("woken");
        cond.acquire();
        assertThat(cond.await(Duration.ofMillis(50))).isFalse();
        cond.release();
        AcquirerProxy plain = m.lock();
        ConditionProxy overLock = m.condition(plain);
        overLock.acquire();
        overLock.signal();
        overLock.release();

        BarrierProxy barrier = m.barrier(2);
        assertThat(barrier.parties()).isEqualTo(2);
        CompletableFuture<Integer> partner = CompletableFuture.supplyAsync(() -> call(() -> barrier.await(WAIT)), pool);
        int index = barrier.await(WAIT);
        assertThat(List.of(index, partner.get(WAIT.toSeconds(), TimeUnit.SECONDS))).containsExactlyInAnyOrder(0, 1);
        barrier.abort();
        assertThat(barrier.broken()).isTrue();
        assertThatThrownBy(() -> barrier.await(Duration.ofSeconds(1))).isInstanceOfSatisfying(PythonException.class,
                e -> assertThat(e.pythonType()).isEqualTo("threading.BrokenBarrierError"));
        for (Proxy p : List.of(ev, cond, flag, plain, overLock, barrier)) p.close();
    }

    /** Positional and keyword arguments reach the callable; bad ones raise Python's TypeError. */
    void argsKwargsAndErrors() throws IOException {
        BarrierProxy b = m.create("Barrier", ProxyType.BARRIER, List.of(3), Map.of("timeout", 5.0));
        assertThat(b.parties()).isEqualTo(3);
        NamespaceProxy ns = m.create("Namespace", ProxyType.NAMESPACE, List.of(), Map.of("k", List.of(1)));
        assertThat(ns.get("k")).isEqualTo(List.of(1));
        assertThatThrownBy(() -> m.create("no_such_typeid", ProxyType.AUTO)).isInstanceOfSatisfying(RemoteManagerException.class,
                e -> assertThat(e.causeType()).isEqualTo("KeyError"));
        assertThatThrownBy(() -> m.callServer("bogus")).isInstanceOfSatisfying(RemoteManagerException.class,
                e -> assertThat(e.remoteTraceback()).contains("'bogus' unrecognized"));
        Proxy generic = m.create("Queue", ProxyType.AUTO);
        assertThat(generic.exposed()).contains("put", "get", "qsize");
        generic.call("put", "via generic");
        assertThat(generic.call("get", List.of(), Map.of("timeout", 1.0))).isEqualTo("via generic");
        assertThat(m.getMethods(generic.token())).contains("put", "get");
        assertThat(m.numberOfObjects()).isPositive();
        assertThat(m.debugInfo()).contains(generic.id());
        b.close();
        ns.close();
        generic.close();
    }

    /** A proxy stored in a shared dict comes back as a live proxy (RebuildProxy, incref), as in CPython. */
    void nestedProxies() throws IOException {
        DictProxy outer = m.dict();
        ListProxy inner = m.list(List.of("a"));
        outer.setItem("inner", inner);
        Object back = outer.getItem("inner");
        assertThat(back).isInstanceOf(ListProxy.class);
        ListProxy again = (ListProxy) back;
        again.append("b");
        assertThat(inner.getValue()).containsExactly("a", "b");
        again.close();
        inner.close();
        outer.close();
    }

    /** Calls from several threads, each over its own serving connection, on one shared queue. */
    void threads() throws Exception {
        QueueProxy q = m.queue();
        List<CompletableFuture<Void>> producers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int id = t;
            producers.add(CompletableFuture.runAsync(() -> call(() -> {
                for (int i = 0; i < 25; i++) q.put(PyTuple.of(id, i));
                return null;
            }), pool));
        }
        for (CompletableFuture<Void> f : producers) f.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        int[] next = new int[4];
        for (int n = 0; n < 100; n++) {
            PyTuple item = (PyTuple) q.get(WAIT);
            int id = (Integer) item.get(0);
            assertThat(item.get(1)).isEqualTo(next[id]++);
        }
        assertThat(next).containsOnly(25);
        q.close();
    }

    @FunctionalInterface
    interface IoCall<T> {
        T call() throws IOException;
    }

    static <T> T call(IoCall<T> body) {
        try {
            return body.call();
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }
}
