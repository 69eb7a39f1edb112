"""Shared memory across languages (seed 002 "共享内存": ``Value('i', 5000)`` and ``Array('i', [1..5])``).

Across languages the value and the array live in a named ``ShareableList`` (``multiprocessing.shared_memory``),
guarded by a POSIX named semaphore, the form the Java CLI (``mpbridge shm`` / ``sem`` / ``counter``) shares.
The roles mirror that CLI:

``list-create NAME JSON_ARRAY`` / ``list-read NAME`` (prints a JSON array) / ``list-write NAME INDEX JSON``
``unlink NAME`` / ``counter --sem NAME --shm NAME (--offset N | --item I) --times K`` (K times: acquire, add 1
to the little-endian int64 at offset N, or int item I of a ShareableList in either layout, release) /
``cleanup [--shm NAME] [--sem NAME]`` (unlink what exists)
``value-setup --shm NAME --sem NAME [--value 5000]``: ShareableList([value]) and a semaphore of 1
``array-child NAME``: the seed's child: prints every item, sets index 1 to 1000
``value-reference`` / ``array-reference``: the seeds themselves (Value / Array shared with a child
``Process``), for python->python; they print ``read<TAB>JSON``.
"""
import argparse
import json
import multiprocessing
import struct
import sys

from mpbridge.scenarios import _role
from mpbridge.shm import list_item_offset
from mpbridge.scenarios._role import dispatch, out, run_processes

FORK = multiprocessing.get_context("fork")


def list_create(argv):
    name, values = argv
    _role.create_list(name, json.loads(values)).shm.close()
    return 0


def list_read(argv):
    (name,) = argv
    sl = _role.attach_list(name)
    out(json.dumps(list(sl), ensure_ascii=False))
    sl.shm.close()
    return 0


def list_write(argv):
    name, index, value = argv
    sl = _role.attach_list(name)
    sl[int(index)] = json.loads(value)
    sl.shm.close()
    return 0


def unlink(argv):
    (name,) = argv
    _role.unlink_shm(name)
    return 0


def counter(argv):
    ap = argparse.ArgumentParser(prog="shm counter")
    ap.add_argument("--sem", required=True)
    ap.add_argument("--shm", required=True)
    where = ap.add_mutually_exclusive_group(required=True)
    where.add_argument("--offset", type=int)
    where.add_argument("--item", type=int, help="int item I of a ShareableList in the segment (3.8's or 3.9+'s layout)")
    ap.add_argument("--times", type=int, required=True)
    args = ap.parse_args(argv)
    from multiprocessing.shared_memory import SharedMemory
    shm = SharedMemory(name=args.shm)
    _role.untrack(shm)
    sem = _role.open_semaphore(args.sem)
    buf = shm.buf
    if args.item is not None:
        args.offset = list_item_offset(buf, args.item)
    for _ in range(args.times):
        sem.acquire()
        try:
            (value,) = struct.unpack_from("<q", buf, args.offset)
            struct.pack_into("<q", buf, args.offset, value + 1)
        finally:
            sem.release()
    del buf
    shm.close()
    return 0


def value_setup(argv):
    ap = argparse.ArgumentParser(prog="shm value-setup")
    ap.add_argument("--shm", required=True)
    ap.add_argument("--sem", required=True)
    ap.add_argument("--value", type=int, default=5000)
    args = ap.parse_args(argv)
    _role.create_list(args.shm, [args.value]).shm.close()
    _role.create_semaphore(args.sem, 1)
    return 0


def cleanup(argv):
    ap = argparse.ArgumentParser(prog="shm cleanup")
    ap.add_argument("--shm", action="append", default=[])
    ap.add_argument("--sem", action="append", default=[])
    args = ap.parse_args(argv)
    for name in args.shm:
        try:
            _role.unlink_shm(name)
        except FileNotFoundError:
            pass
    for name in args.sem:
        try:
            _role.unlink_semaphore(name)
        except FileNotFoundError:
            pass
    return 0


def array_child(argv):
    (name,) = argv
    shm = _role.attach_list(name)
    for i in shm:
        out(i)
    shm[1] = 1000
    shm.shm.close()
    return 0


def _deposit(money, times):
    for _ in range(times):
        with money.get_lock():
            money.value += 1


def value_reference(argv):
    ap = argparse.ArgumentParser(prog="shm value-reference")
    ap.add_argument("--value", type=int, default=5000)
    ap.add_argument("--man", type=int, default=300)
    ap.add_argument("--girl", type=int, default=200)
    args = ap.parse_args(argv)
    money = FORK.Value("i", args.value)
    run_processes([FORK.Process(target=_deposit, args=(money, args.man)),
                   FORK.Process(target=_deposit, args=(money, args.girl))])
    out("read\t" + json.dumps([money.value]))
    return 0


def _fun(shm):
    for i in shm:
        out("child\t%s" % i)
    shm[1] = 1000


def array_reference(argv):
    shm = FORK.Array("i", [1, 2, 3, 4, 5])
    run_processes([FORK.Process(target=_fun, args=(shm,))])
    out("read\t" + json.dumps(list(shm)))
    return 0


if __name__ == "__main__":
    sys.exit(dispatch("shm", {
        "list-create": list_create, "list-read": list_read, "list-write": list_write, "unlink": unlink,
        "counter": counter, "value-setup": value_setup, "cleanup": cleanup, "array-child": array_child,
        "value-reference": value_reference, "array-reference": array_reference}))
