"""The parent programs of test_javaprocess.py, run under each CPython found: ``python javaprocess_driver.py CASE``
starts a ``mpbridge.JavaProcess`` (the Java child: org.mpbridge.cli.javaprocess.Probe) with real multiprocessing
objects and prints one JSON line of what it observed."""
import json
import multiprocessing as mp
import os
import signal
import sys
import time

from mpbridge import JavaProcess, JavaProcessError

PROBE = "org.mpbridge.cli.javaprocess.Probe"


def case_pipe(ctx):
    left, right = ctx.Pipe()
    p = JavaProcess(target=PROBE, args=("echo-pipe", right), kwargs={"k": [1, 2]}, name="jp-echo", daemon=True)
    p.start()
    right.close()
    alive = p.is_alive()
    children = [c.name for c in mp.active_children()]
    values = [1, "包子", 2.5, None, (1, "a"), {"x": [True, False]}, b"\x00\xff", list(range(1000))]
    echoed = []
    for v in values:
        left.send(v)
        echoed.append(left.recv() == v)
    left.send("identity")
    name, ppid, pid, authkey, daemon, kwargs = left.recv()
    left.close()
    p.join(60)
    return {"echoed": echoed, "alive": alive, "in_active_children": "jp-echo" in children, "name": name,
            "ppid_ok": ppid == os.getpid(), "pid_ok": pid == p.pid, "authkey_ok": authkey == bytes(p.authkey),
            "daemon": daemon, "kwargs": kwargs, "exitcode": p.exitcode}


def case_queue(ctx):
    inq, outq = ctx.Queue(), ctx.Queue()
    p = JavaProcess(target=PROBE, args=("queue-double", inq, outq))
    p.start()
    for i in range(50):
        inq.put(i)
    inq.put(None)
    got = []
    while True:
        v = outq.get(timeout=60)
        if v is None:
            break
        got.append(v)
    p.join(60)
    return {"got": got, "exitcode": p.exitcode}


def case_bounded(ctx):
    q = ctx.Queue(3)
    p = JavaProcess(target=PROBE, args=("queue-fill", q, 10))
    p.start()
    deadline = time.monotonic() + 60
    while not q.full() and time.monotonic() < deadline:  # the Java child blocks on the 4th put
        time.sleep(0.01)
    full = q.full()
    got = [q.get(timeout=60) for _ in range(11)]
    p.join(60)
    return {"full": full, "got": got, "exitcode": p.exitcode}


def case_simple_joinable(ctx):
    a, b = ctx.SimpleQueue(), ctx.SimpleQueue()
    jq = ctx.JoinableQueue()
    p = JavaProcess(target=PROBE, args=("simple-queue", a, b))
    p.start()
    a.put({"hello": "世界"})
    simple = b.get()
    p.join(60)
    for i in range(5):
        jq.put(i)
    q = JavaProcess(target=PROBE, args=("joinable", jq, 5))
    q.start()
    jq.join()  # returns once Java's task_done() has marked all five
    q.join(60)
    return {"simple": list(simple), "exitcodes": [p.exitcode, q.exitcode]}


def case_locks(ctx):
    left, right = ctx.Pipe()
    lock, rlock, sem, bsem = ctx.Lock(), ctx.RLock(), ctx.Semaphore(3), ctx.BoundedSemaphore(2)
    p = JavaProcess(target=PROBE, args=("locks", right, lock, rlock, sem, bsem))
    p.start()
    report = left.recv()
    assert left.recv() == "holding"
    taken_by_java = not lock.acquire(timeout=0.1)
    left.send("go")
    assert left.recv() == "released"
    free_again = lock.acquire(timeout=60)
    lock.release()
    p.join(60)
    return {"report": list(report), "taken_by_java": taken_by_java, "free_again": free_again, "exitcode": p.exitcode}


def case_event_condition(ctx):
    ev_in, ev_out = ctx.Event(), ctx.Event()
    p = JavaProcess(target=PROBE, args=("event", ev_in, ev_out))
    p.start()
    ev_in.set()
    seen = ev_out.wait(60)
    p.join(60)
    cond = ctx.Condition()
    v = ctx.Value("i", 0, lock=False)
    q = JavaProcess(target=PROBE, args=("condition", cond, v))
    with cond:
        q.start()
        ok = cond.wait_for(lambda: v.value == 1, 60)
        v.value = 2
        cond.notify_all()
    q.join(60)
    return {"event": seen, "condition": ok, "exitcodes": [p.exitcode, q.exitcode]}


def case_value_array_shm(ctx):
    from multiprocessing import shared_memory
    v = ctx.Value("i", 5000)
    arr = ctx.Array("d", [1.0, 2.0, 3.0])
    raw = ctx.RawValue("d", 1.0)
    p = JavaProcess(target=PROBE, args=("value-array", v, arr, raw, 300))
    p.start()
    for _ in range(200):
        with v.get_lock():
            v.value += 1
    p.join(60)
    shm = shared_memory.SharedMemory(create=True, size=64)
    try:
        q = JavaProcess(target=PROBE, args=("shm", shm))
        q.start()
        q.join(60)
        data = bytes(shm.buf[:5]).decode()
    finally:
        shm.close()
        shm.unlink()
    return {"value": v.value, "array": list(arr), "raw": raw.value, "shm": data, "exitcodes": [p.exitcode, q.exitcode]}


def case_exits(ctx):
    codes = {}
    p = JavaProcess(target=PROBE, args=("exit", 7))
    p.start()
    p.join(60)
    codes["exit"] = p.exitcode
    p.close()
    r = JavaProcess(target=PROBE, args=("raise", "boom"))
    r.start()
    r.join(60)
    codes["raise"] = r.exitcode
    for how in ("terminate", "kill"):
        left, right = ctx.Pipe()
        w = JavaProcess(target=PROBE, args=("wait", right))
        w.start()
        assert left.recv() == "ready"
        getattr(w, how)()
        w.join(60)
        codes[how] = w.exitcode
        codes[how + "_alive"] = w.is_alive()
        left.close()
    missing = JavaProcess(target="com.acme.NoSuchClass")
    missing.start()
    missing.join(60)
    codes["missing_class"] = missing.exitcode
    return codes


def case_manager(ctx):
    with ctx.Manager() as m:
        d, l = m.dict(), m.list([1, 2])
        p = JavaProcess(target=PROBE, args=("manager", d, l))
        p.start()
        p.join(60)
        return {"dict": dict(d), "list": list(l), "exitcode": p.exitcode}


def case_fork_error(ctx):
    fork = mp.get_context("fork")
    out = {}
    for label, make in (("Queue", lambda: fork.Queue()), ("Lock", lambda: fork.Lock()),
                        ("Value", lambda: fork.Value("i", 1))):
        obj = make()
        try:
            JavaProcess(target=PROBE, args=("echo-pipe", obj)).start()
            out[label] = "started"
        except JavaProcessError as e:
            out[label] = str(e)
    return out


if __name__ == "__main__":
    case = sys.argv[1]
    method = sys.argv[2] if len(sys.argv) > 2 else "spawn"
    result = globals()["case_" + case](mp.get_context(method))
    print(json.dumps(result, ensure_ascii=False), flush=True)
