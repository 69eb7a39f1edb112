"""Python's side of the semaphore scenarios (stdlib only, CPython 3.8+), mirroring ``mpbridge sem``/``counter``.

    python -m mpbridge.peers.sem_peer COMMAND ...

* ``create NAME VALUE`` / ``acquire NAME [--timeout S]`` (exit 1 on timeout) / ``release NAME`` / ``value NAME``
  / ``unlink NAME``: ``mpbridge.sem.NamedSemaphore`` (ctypes)
* ``counter --sem NAME --shm NAME (--offset N | --item I) --times K [--delta D] [--format q|i]``: the lost-update
  test (``--item``: int item I of a ShareableList in the segment, either layout), with the
  semaphore opened as a genuine ``multiprocessing`` Lock (``mpbridge.sem.open_semlock``)
* ``task NAME --mutex M --shm SEG --capacity C --tasks T``: one measured Semaphore(C) task (layout: see Java's
  ``SemTaskCommand``)
* ``mp-hold --ctx spawn|forkserver --kind lock|semaphore|bounded [--value N]``: make a ``multiprocessing`` object
  in that context, print ``READY <its /mp-... name>``, then obey stdin lines ``value``, ``acquire [TIMEOUT]``,
  ``release``, ``quit`` (one JSON reply line each)
* ``open-mp NAME --kind KIND [--maxvalue N] --do ACTIONS``: open a semaphore by name as a ``multiprocessing`` object
  and run comma-separated actions (``acquire``, ``try``, ``release``, ``value``, ``locked``), printing the results
"""
import argparse
import multiprocessing
import struct
import sys
import time

from mpbridge import shm as mshm
from mpbridge.peers.shm_peer import emit
from mpbridge.sem import NamedSemaphore, create_semlock, open_semlock


def cmd_create(a):
    NamedSemaphore.create(a.name, a.value).close()


def cmd_acquire(a):
    s = NamedSemaphore.open(a.name)
    try:
        if not s.acquire(True, a.timeout):
            sys.stderr.write("sem_peer acquire: timed out after %ss waiting for %s\n" % (a.timeout, a.name))
            return 1
    finally:
        s.close()
    return 0


def cmd_release(a):
    s = NamedSemaphore.open(a.name)
    s.release()
    s.close()


def cmd_value(a):
    s = NamedSemaphore.open(a.name)
    print(s.get_value())
    s.close()


def cmd_unlink(a):
    NamedSemaphore.unlink_name(a.name)


def cmd_counter(a):
    lock = open_semlock(a.sem, "lock")
    seg = mshm.attach(a.shm)
    fmt = "<" + a.format
    try:
        if a.item is not None:
            a.offset = mshm.list_item_offset(seg.buf, a.item)
        for _ in range(a.times):
            if not lock.acquire(True, a.timeout):
                raise TimeoutError("timed out waiting for %s" % a.sem)
            try:
                (v,) = struct.unpack_from(fmt, seg.buf, a.offset)
                struct.pack_into(fmt, seg.buf, a.offset, v + a.delta)
            finally:
                lock.release()
    finally:
        seg.close()


INSIDE, MAX_INSIDE, DONE, ENTRIES = 0, 8, 16, 24


def cmd_task(a):
    deadline = time.monotonic() + a.timeout
    slots = NamedSemaphore.open(a.name)
    mutex = NamedSemaphore.open(a.mutex)
    seg = mshm.attach(a.shm)

    def get(off):
        return struct.unpack_from("<q", seg.buf, off)[0]

    def put(off, v):
        struct.pack_into("<q", seg.buf, off, v)

    def locked(fn):
        if not mutex.acquire(True, max(0.0, deadline - time.monotonic())):
            raise TimeoutError("timed out waiting for %s" % a.mutex)
        try:
            return fn()
        finally:
            mutex.release()

    def enter():
        inside = get(INSIDE) + 1
        put(INSIDE, inside)
        put(MAX_INSIDE, max(get(MAX_INSIDE), inside))
        put(ENTRIES, get(ENTRIES) + 1)

    def leave():
        put(INSIDE, get(INSIDE) - 1)
        put(DONE, get(DONE) + 1)

    try:
        if not slots.acquire(True, a.timeout):
            raise TimeoutError("timed out waiting for %s" % a.name)
        try:
            locked(enter)
            while not locked(lambda: get(INSIDE) >= min(a.capacity, a.tasks - get(DONE))):
                if time.monotonic() > deadline:
                    raise TimeoutError("timed out waiting for the slots to fill")
                time.sleep(0.002)  # polling shared memory for a condition, bounded by the deadline
            locked(leave)
        finally:
            slots.release()
    finally:
        seg.close()
        mutex.close()
        slots.close()


def cmd_mp_hold(a):
    ctx = multiprocessing.get_context(a.ctx)
    if a.kind == "lock":
        obj = ctx.Lock()
    elif a.kind == "semaphore":
        obj = ctx.Semaphore(a.value)
    else:
        obj = ctx.BoundedSemaphore(a.value)
    sys.stdout.write("READY %s\n" % obj._semlock.name)
    sys.stdout.flush()
    for line in sys.stdin:
        words = line.split()
        if not words:
            continue
        if words[0] == "quit":
            break
        if words[0] == "value":
            emit({"value": obj._semlock._get_value()})
        elif words[0] == "acquire":
            timeout = float(words[1]) if len(words) > 1 else None
            emit({"acquired": obj.acquire(True, timeout)})
        elif words[0] == "release":
            try:
                obj.release()
                emit({"released": True})
            except ValueError as e:
                emit({"released": False, "error": "ValueError: %s" % e})
        else:
            emit({"error": "unknown command %r" % words[0]})


def cmd_open_mp(a):
    obj = open_semlock(a.name, a.kind, a.maxvalue)
    results = []
    for action in a.do.split(","):
        if action == "acquire":
            results.append(obj.acquire(True, a.timeout))
        elif action == "try":
            results.append(obj.acquire(False))
        elif action == "release":
            try:
                obj.release()
                results.append(True)
            except ValueError as e:
                results.append("ValueError: %s" % e)
        elif action == "value":
            results.append(obj._semlock._get_value())
        elif action == "locked":
            with obj:
                results.append("inside")
        else:
            raise ValueError("unknown action %r" % action)
    emit({"results": results, "type": type(obj).__name__})


def cmd_create_mp(a):
    create_semlock(a.name, a.kind, a.value)


def main(argv=None):
    p = argparse.ArgumentParser(prog="mpbridge.peers.sem_peer")
    sub = p.add_subparsers(dest="command")
    sub.required = True
    sp = sub.add_parser("create")
    sp.add_argument("name")
    sp.add_argument("value", type=int)
    sp.set_defaults(fn=cmd_create)
    sp = sub.add_parser("acquire")
    sp.add_argument("name")
    sp.add_argument("--timeout", type=float)
    sp.set_defaults(fn=cmd_acquire)
    for name, fn in (("release", cmd_release), ("value", cmd_value), ("unlink", cmd_unlink)):
        sp = sub.add_parser(name)
        sp.add_argument("name")
        sp.set_defaults(fn=fn)
    sp = sub.add_parser("counter")
    sp.add_argument("--sem", required=True)
    sp.add_argument("--shm", required=True)
    where = sp.add_mutually_exclusive_group()
    where.add_argument("--offset", type=int, default=0)
    where.add_argument("--item", type=int)
    sp.add_argument("--times", type=int, required=True)
    sp.add_argument("--delta", type=int, default=1)
    sp.add_argument("--format", choices=["q", "i"], default="q")
    sp.add_argument("--timeout", type=float, default=60.0)
    sp.set_defaults(fn=cmd_counter)
    sp = sub.add_parser("task")
    sp.add_argument("name")
    sp.add_argument("--mutex", required=True)
    sp.add_argument("--shm", required=True)
    sp.add_argument("--capacity", type=int, default=3)
    sp.add_argument("--tasks", type=int, default=10)
    sp.add_argument("--timeout", type=float, default=60.0)
    sp.set_defaults(fn=cmd_task)
    sp = sub.add_parser("mp-hold")
    sp.add_argument("--ctx", choices=["spawn", "forkserver"], required=True)
    sp.add_argument("--kind", choices=["lock", "semaphore", "bounded"], required=True)
    sp.add_argument("--value", type=int, default=1)
    sp.set_defaults(fn=cmd_mp_hold)
    sp = sub.add_parser("open-mp")
    sp.add_argument("name")
    sp.add_argument("--kind", choices=["lock", "rlock", "semaphore", "bounded"], required=True)
    sp.add_argument("--maxvalue", type=int)
    sp.add_argument("--timeout", type=float, default=10.0)
    sp.add_argument("--do", required=True)
    sp.set_defaults(fn=cmd_open_mp)
    sp = sub.add_parser("create-mp")
    sp.add_argument("name")
    sp.add_argument("--kind", choices=["lock", "rlock", "semaphore", "bounded"], required=True)
    sp.add_argument("--value", type=int, default=1)
    sp.set_defaults(fn=cmd_create_mp)
    a = p.parse_args(argv)
    try:
        return a.fn(a) or 0
    except Exception as e:
        sys.stderr.write("sem_peer %s: %s: %s\n" % (a.command, type(e).__name__, e))
        return 1


if __name__ == "__main__":
    sys.exit(main())
