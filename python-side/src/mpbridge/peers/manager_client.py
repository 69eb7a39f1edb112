"""Unmodified CPython manager clients, run against a Java (or Python) manager server (stdlib only, 3.8+).

    python -m mpbridge.peers.manager_client ROLE --connect ADDR [--authkey-env NAME] ...

Roles:
  checks      every SyncManager typeid through CPython's own proxies, errors as Python raises them;
              ``--registered NAME=TYPE`` also checks shared objects registered under a callable name
  xml-checks  the same through ``serializer='xmlrpclib'`` (plain values only, as CPython's own tests)
  produce     ``--typeid NAME --tag T --count N``: puts [T, 0] ... [T, N-1], then None
  consume     ``--typeid NAME --producers K``: gets until K Nones, one JSON line per item
  counter     ``--proxies DICT,LOCK``: the seed's ``with lock: d['count'] -= 1`` on pickled proxies (hex)
  write       ``--proxies DICT --key K --value JSON``: the seed's ``d[key] = value`` on a pickled dict proxy
  shutdown    sends the server function ``shutdown``
  wrong-key   expects the server to refuse this key (AuthenticationError)
Exit 0 when the role succeeded; on failure the traceback goes to stderr and the exit code is 1.
"""
import argparse
import binascii
import json
import pickle
import queue
import sys
import threading
import time
from multiprocessing import AuthenticationError, current_process
from multiprocessing.connection import Client
from multiprocessing.managers import BaseManager, RemoteError, SyncManager, dispatch

from mpbridge.peers import _common

WAIT = 10.0  # bound on every wait that should succeed


class Checks(object):
    def __init__(self):
        self.count = 0

    def eq(self, actual, expected, what):
        self.count += 1
        if actual != expected:
            raise AssertionError("%s: expected %r, got %r" % (what, expected, actual))

    def true(self, condition, what):
        self.count += 1
        if not condition:
            raise AssertionError(what)

    def raises(self, exc_type, fn, what):
        self.count += 1
        try:
            fn()
        except exc_type as e:
            return e
        except Exception as e:  # noqa: BLE001 - report the wrong type precisely
            raise AssertionError("%s: expected %s, got %s: %s" % (what, exc_type.__name__, type(e).__name__, e))
        raise AssertionError("%s: expected %s, nothing raised" % (what, exc_type.__name__))


def run_thread(target):
    errors = []

    def body():
        try:
            target()
        except BaseException as e:  # noqa: BLE001 - handed to the main thread
            errors.append(e)

    t = threading.Thread(target=body, name="checker")
    t.start()
    return t, errors


def join(t, errors, what):
    t.join(WAIT)
    if t.is_alive():
        raise AssertionError("%s: thread still running after %.0fs" % (what, WAIT))
    if errors:
        raise errors[0]


def check_dict(m, c):
    c.eq(m.dict({"k": None}).copy(), {"k": None}, "a one-item dict whose value is None (pickle SETITEM)")
    c.eq(m.dict({None: [None]}).copy(), {None: [None]}, "None as a key, [None] as a value")
    d = m.dict({"count": 20})
    d["a"] = 1
    d[2] = b"two"
    d[(1, 2)] = [1.5, None, True]
    c.eq(d["count"], 20, "d['count']")
    c.eq(d[2], b"two", "bytes value")
    c.eq(d[(1, 2)], [1.5, None, True], "tuple key")
    c.eq(len(d), 4, "len(d)")
    c.true("a" in d and "zz" not in d, "__contains__")
    e = c.raises(KeyError, lambda: d["missing"], "d['missing']")
    c.eq(e.args, ("missing",), "KeyError args")
    c.eq(d.get("zz"), None, "get default None")
    c.eq(d.get("zz", 5), 5, "get default")
    c.eq(list(d.keys()), ["count", "a", 2, (1, 2)], "keys() in insertion order")
    c.eq(list(d), ["count", "a", 2, (1, 2)], "iter(d) (an Iterator proxy)")
    c.eq(d.copy(), {"count": 20, "a": 1, 2: b"two", (1, 2): [1.5, None, True]}, "copy()")
    d.update({"b": 2}, c=3)
    c.eq(d.pop("c"), 3, "pop")
    c.eq(d.pop("c", "gone"), "gone", "pop default")
    c.raises(KeyError, lambda: d.pop("c"), "pop missing")
    c.eq(d.setdefault("s", 6), 6, "setdefault new")
    c.eq(d.setdefault("s", 7), 6, "setdefault existing")
    c.eq(d.popitem(), ("s", 6), "popitem")
    d["count"] -= 1
    c.eq(d["count"], 19, "d['count'] -= 1")
    d[1.0] = "float key"
    c.eq(d[1], "float key", "1 == 1.0 as keys")
    c.eq(dict(d.items())[1], "float key", "items()")
    del d[1]
    c.raises(KeyError, lambda: d.__delitem__("nope"), "del missing")
    c.raises(TypeError, lambda: d.__setitem__([1], 1), "unhashable key")
    c.eq(str(m.dict({"x": 1})), "{'x': 1}", "str(proxy) is the referent's repr")
    d.clear()
    c.eq(len(d), 0, "clear")
    c.eq(d._getvalue(), {}, "_getvalue")
    e = c.raises(RemoteError, lambda: d._callmethod("no_such_method"), "method not exposed")
    c.true("no_such_method" in str(e), "RemoteError names the method")


def check_list(m, c):
    c.eq(m.list([None])[:], [None], "a one-item list of None (pickle APPEND)")
    lst = m.list([3, 1, 2])
    lst.append(4)
    lst.extend([5])
    c.eq(lst[0], 3, "l[0]")
    c.eq(lst[-1], 5, "l[-1]")
    c.eq(lst[1:3], [1, 2], "slice")
    c.eq(lst[::-2], [5, 2, 3], "step slice")
    lst.sort()
    c.eq(lst._getvalue(), [1, 2, 3, 4, 5], "sort")
    lst.sort(reverse=True)
    c.eq(lst[:], [5, 4, 3, 2, 1], "sort(reverse=True)")
    lst.reverse()
    c.eq(lst.index(3), 2, "index")
    c.eq(lst.count(1), 1, "count")
    lst.insert(0, 0)
    c.eq(lst.pop(), 5, "pop")
    lst.remove(0)
    c.true(2 in lst, "__contains__")
    c.eq(len(lst), 4, "len")
    lst[0] = 10
    del lst[0]
    c.eq(lst[:], [2, 3, 4], "setitem/delitem")
    lst += [7]
    c.eq(lst[:], [2, 3, 4, 7], "+=")
    c.eq(lst + [1], [2, 3, 4, 7, 1], "__add__")
    c.eq(lst * 2, [2, 3, 4, 7, 2, 3, 4, 7], "__mul__")
    c.raises(IndexError, lambda: lst[100], "index out of range")
    c.raises(ValueError, lambda: lst.remove(99), "remove missing")
    c.raises(TypeError, lambda: m.list([1, "a"]).sort(), "sort mixed types")
    c.eq(str(lst), "[2, 3, 4, 7]", "str(list proxy)")


def check_queue(m, c):
    q = m.Queue()
    q.put(1)
    q.put("x")
    q.put(None)
    c.eq(q.qsize(), 3, "qsize")
    c.eq(q.get(), 1, "get")
    c.eq(q.get_nowait(), "x", "get_nowait")
    c.eq(q.get(), None, "None is an item")
    q.put("y")
    c.eq(q.get(timeout=None), "y", "get(timeout=None): a kwarg whose value is None")
    c.true(q.empty(), "empty")
    c.raises(queue.Empty, q.get_nowait, "get_nowait on empty")
    start = time.monotonic()
    c.raises(queue.Empty, lambda: q.get(timeout=0.2), "get(timeout) on empty")
    c.true(time.monotonic() - start >= 0.15, "get(timeout=0.2) waited")
    c.raises(ValueError, lambda: q.get(timeout=-1), "negative timeout")

    # Queue(5): bounded, put blocks, timed put raises Full
    q5 = m.Queue(5)
    for i in range(5):
        q5.put(i)
    c.true(q5.full(), "full")
    c.raises(queue.Full, lambda: q5.put(5, timeout=0.2), "put(timeout) on full")
    c.raises(queue.Full, lambda: q5.put_nowait(5), "put_nowait on full")
    done = threading.Event()

    def blocked_put():
        q5.put(5)
        done.set()

    t, errors = run_thread(blocked_put)
    c.true(not done.wait(0.3), "put on a full Queue(5) blocks")
    c.eq(q5.get(), 0, "get frees a slot")
    join(t, errors, "blocked put")
    c.true(done.is_set(), "blocked put completed after get")
    c.eq([q5.get() for _ in range(5)], [1, 2, 3, 4, 5], "FIFO order")

    jq = m.JoinableQueue()
    jq.put("job")
    c.eq(jq.get(), "job", "JoinableQueue get")
    jq.task_done()
    jq.join()
    c.raises(ValueError, jq.task_done, "task_done too many times")


def check_value_array_namespace(m, c):
    v = m.Value("i", 0)
    v.value = 5
    c.eq(v.value, 5, "Value.value")
    v.set(6)
    c.eq(v.get(), 6, "Value.get")
    c.true(str(v) == "Value('i', 6)", "str(Value) %r" % str(v))

    a = m.Array("i", [1, 2, 3])
    a[0] = 10
    c.eq(a[0], 10, "Array setitem")
    c.eq(len(a), 3, "Array len")
    c.eq(list(a[:]), [10, 2, 3], "Array slice")
    c.eq(a[-1], 3, "Array negative index")
    c.raises(OverflowError, lambda: a.__setitem__(0, 2 ** 40), "Array overflow")
    c.eq(a._getvalue().tolist(), [10, 2, 3], "Array _getvalue")
    d = m.Array("d", [0.5])
    c.eq(d[0], 0.5, "Array('d')")

    ns = m.Namespace(x=1)
    ns.y = "two"
    c.eq(ns.x, 1, "Namespace attr")
    c.eq(ns.y, "two", "Namespace set attr")
    c.eq(str(ns), "Namespace(x=1, y='two')", "str(Namespace)")
    del ns.x
    c.raises(AttributeError, lambda: ns.x, "Namespace missing attr")


def check_locks(m, c):
    lock = m.Lock()
    c.true(lock.acquire(), "Lock.acquire")
    c.true(not lock.acquire(False), "Lock.acquire(False) when held")
    c.true(not lock.acquire(True, 0.1), "Lock.acquire(timeout) when held")
    lock.release()
    with lock:
        pass
    c.raises(RuntimeError, lock.release, "release an unlocked Lock")

    rlock = m.RLock()
    c.true(rlock.acquire() and rlock.acquire(), "RLock re-entrant")
    got = []
    t, errors = run_thread(lambda: got.append(rlock.acquire(False)))
    join(t, errors, "RLock other thread")
    c.eq(got, [False], "RLock held by another thread")
    rlock.release()
    rlock.release()
    t, errors = run_thread(lambda: rlock.release())
    c.raises(RuntimeError, lambda: join(t, errors, "RLock release by non-owner"), "RLock release by non-owner")

    sem = m.Semaphore(2)
    c.true(sem.acquire() and sem.acquire(), "Semaphore(2) twice")
    c.true(not sem.acquire(False), "Semaphore exhausted")
    sem.release()
    c.true(sem.acquire(timeout=1), "Semaphore after release")
    bsem = m.BoundedSemaphore(1)
    c.raises(ValueError, bsem.release, "BoundedSemaphore over-release")

    ev = m.Event()
    c.true(not ev.is_set(), "Event initially clear")
    c.true(not ev.wait(0.05), "Event.wait times out")
    t, errors = run_thread(lambda: got.append(ev.wait(WAIT)))
    ev.set()
    join(t, errors, "Event waiter")
    c.eq(got[-1], True, "Event.wait wakes on set")
    ev.clear()
    c.true(not ev.is_set(), "Event.clear")

    cond = m.Condition()
    flag = m.Value("i", 0)
    c.raises(RuntimeError, cond.notify, "notify without the lock")

    def waiter():
        with cond:
            while not flag.value:
                cond.wait(WAIT)
            got.append("woken")

    t, errors = run_thread(waiter)
    with cond:
        flag.value = 1
        cond.notify_all()
    join(t, errors, "Condition waiter")
    c.eq(got[-1], "woken", "Condition notify_all")
    with cond:
        c.true(not cond.wait(0.05), "Condition.wait times out")
    cond2 = m.Condition(m.Lock())
    with cond2:
        cond2.notify()

    barrier = m.Barrier(2)
    c.eq(barrier.parties, 2, "Barrier.parties")
    t, errors = run_thread(lambda: got.append(barrier.wait(WAIT)))
    index = barrier.wait(WAIT)
    join(t, errors, "Barrier partner")
    c.eq(sorted([index, got[-1]]), [0, 1], "Barrier indexes")
    barrier.abort()
    c.true(barrier.broken, "Barrier.broken after abort")
    c.raises(threading.BrokenBarrierError, lambda: barrier.wait(1), "wait on a broken Barrier")


def check_registered(m_cls, address, key, registered, c):
    m = m_cls(address, authkey=key)
    m.connect()
    for name, typename in registered:
        proxy = getattr(m, name)()
        if typename == "Queue":
            proxy.put({"k": [1, 2]})
            c.eq(proxy.get(timeout=WAIT), {"k": [1, 2]}, "%s() put/get" % name)
            c.raises(queue.Empty, proxy.get_nowait, "%s().get_nowait on empty" % name)
        elif typename == "dict":
            proxy.update({"k": 1})
            c.eq(proxy.get("k"), 1, "%s() update/get" % name)
            c.eq(proxy.copy(), {"k": 1}, "%s() copy" % name)
            proxy.clear()
        elif typename == "list":
            proxy.append(1)
            c.eq(proxy.pop(), 1, "%s() append/pop" % name)
        again = getattr(m, name)()
        c.eq(again._token.id, proxy._token.id, "%s() is one shared object" % name)


def role_checks(args):
    address = _common.parse_address(args.connect)
    key = _common.authkey(args.authkey_env)
    registered = [parse_pair(r) for r in args.registered]

    class ClientManager(SyncManager):
        pass

    for name, _ in registered:
        ClientManager.register(name)
    m = ClientManager(address, authkey=key)
    m.connect()
    c = Checks()
    check_dict(m, c)
    check_list(m, c)
    check_queue(m, c)
    check_value_array_namespace(m, c)
    check_locks(m, c)
    check_registered(ClientManager, address, key, registered, c)
    c.true(m._number_of_objects() >= 0, "number_of_objects")
    print("OK %d checks" % c.count, flush=True)
    return 0


def role_xml_checks(args):
    """CPython's own remote-manager test (test_multiprocessing: _TestRemoteManager) with xmlrpclib."""
    address = _common.parse_address(args.connect)
    key = _common.authkey(args.authkey_env)

    class QueueManager(BaseManager):
        pass

    QueueManager.register("get_queue")
    m = QueueManager(address, authkey=key, serializer="xmlrpclib")
    m.connect()
    c = Checks()
    q = m.get_queue()
    values = ["hello world", None, True, 2.25, "hall\xe5 v\xe4rld", "\u043f\u0440\u0438\u0432\u0456\u0442 \u0441\u0432\u0456\u0442",
              b"hall\xe5 v\xe4rld"]
    q.put(tuple(values))
    c.eq(q.get(), values, "xmlrpclib round trip (a tuple comes back as a list, bytes as Binary)")
    q.put({"nested": [1, {"x": None}], "n": -7})
    c.eq(q.get(), {"nested": [1, {"x": None}], "n": -7}, "structs and arrays")
    c.eq(q.qsize(), 0, "qsize")

    sm = SyncManager(address, authkey=key, serializer="xmlrpclib")
    sm.connect()
    d = sm.dict()
    d["k"] = [1, 2.5, "s"]
    c.eq(d["k"], [1, 2.5, "s"], "dict over xmlrpclib")
    c.eq(len(d), 1, "len over xmlrpclib")
    print("OK %d checks" % c.count, flush=True)
    return 0


def parse_pair(text):
    name, _, typename = text.partition("=")
    return name, typename


def queue_proxy(args):
    class QueueClient(BaseManager):
        pass

    QueueClient.register(args.typeid)
    m = QueueClient(_common.parse_address(args.connect), authkey=_common.authkey(args.authkey_env))
    m.connect()
    return getattr(m, args.typeid)()


def role_produce(args):
    q = queue_proxy(args)
    for i in range(args.count):
        q.put([args.tag, i])
    q.put(None)
    return 0


def role_consume(args):
    q = queue_proxy(args)
    ends = 0
    while ends < args.producers:
        item = q.get(timeout=args.timeout)
        if item is None:
            ends += 1
            continue
        print(json.dumps(_common.to_json(item)), flush=True)
    return 0


def load_proxies(args):
    """Pickled proxies, comma-separated hex: unpickling connects and increfs with this process's authkey."""
    current_process().authkey = _common.authkey(args.authkey_env)
    return [pickle.loads(binascii.unhexlify(h)) for h in args.proxies.split(",")]


def role_counter(args):
    d, lock = load_proxies(args)
    with lock:
        d["count"] -= 1
    return 0


def role_write(args):
    d = load_proxies(args)[0]
    d[args.key] = _common.from_json(json.loads(args.value))
    return 0


def role_shutdown(args):
    conn = Client(_common.parse_address(args.connect), authkey=_common.authkey(args.authkey_env))
    try:
        dispatch(conn, None, "shutdown")
    finally:
        conn.close()
    return 0


def role_wrong_key(args):
    m = SyncManager(_common.parse_address(args.connect), authkey=_common.authkey(args.authkey_env))
    try:
        m.connect()
    except AuthenticationError as e:
        print("refused: AuthenticationError: %s" % e, flush=True)
        return 0
    raise AssertionError("the server accepted a wrong key")


ROLES = {
    "checks": role_checks, "xml-checks": role_xml_checks, "produce": role_produce, "consume": role_consume,
    "counter": role_counter, "write": role_write, "shutdown": role_shutdown, "wrong-key": role_wrong_key,
}


def main(argv=None):
    parser = argparse.ArgumentParser(prog="manager_client", description=__doc__.splitlines()[0])
    parser.add_argument("role", choices=sorted(ROLES))
    parser.add_argument("--connect")
    parser.add_argument("--authkey-env", dest="authkey_env")
    parser.add_argument("--registered", action="append", default=[])
    parser.add_argument("--typeid")
    parser.add_argument("--tag", default="py")
    parser.add_argument("--count", type=int, default=10)
    parser.add_argument("--producers", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument("--proxies")
    parser.add_argument("--key")
    parser.add_argument("--value")
    args = parser.parse_args(argv)
    return ROLES[args.role](args)


if __name__ == "__main__":
    sys.exit(main())
