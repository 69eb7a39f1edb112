"""Python's side of the shared-memory scenarios (stdlib only, CPython 3.8+), mirroring ``mpbridge shm``.

    python -m mpbridge.peers.shm_peer COMMAND ...

* ``create NAME SIZE`` / ``unlink NAME`` / ``info NAME``
* ``list-read NAME`` / ``list-write NAME INDEX JSON`` / ``list-create NAME JSON_ARRAY`` (this interpreter's layout)
* ``array-read NAME FMT [--offset N] [--count N]``: one JSON object with what ``memoryview.cast``, ``array``,
  ``struct`` and (where installed) ``numpy`` see; ``array-write NAME FMT JSON_ARRAY [--offset N]``
* ``hold NAME|- SIZE``: ``SharedMemory(create=True)`` with the stdlib (tracked, like any Python program), print
  ``READY <name>``, wait for a line on stdin, then close and unlink
* ``trap NAME --mode plain|helper``: attach with plain ``SharedMemory(name)`` or ``mpbridge.shm.attach`` and exit
  without unlinking; prints whether a resource tracker was started
* ``value-create|array-create|value-add|value-read|array-child``: the seeds' ``Value``/``Array`` in a named segment

Every command prints at most one JSON line and exits 0, or prints one line on stderr and exits 1.
All segments are attached or created untracked unless stated.
"""
import argparse
import array
import json
import struct
import sys

from mpbridge import shm as mshm

FORMATS = {"i": 4, "q": 8, "d": 8}


def to_json(v):
    if isinstance(v, bytes):
        return {"bytes": v.hex()}
    if isinstance(v, list):
        return [to_json(x) for x in v]
    return v


def from_json(v):
    if isinstance(v, dict):
        if set(v) != {"bytes"}:
            raise ValueError("an object item must be {\"bytes\": \"<hex>\"}, got %r" % (v,))
        return bytes.fromhex(v["bytes"])
    if isinstance(v, list):
        return [from_json(x) for x in v]
    return v


def emit(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


def cmd_create(a):
    mshm.create(a.size, a.name).close()


def cmd_unlink(a):
    mshm.unlink(a.name)


def cmd_info(a):
    s = mshm.attach(a.name)
    emit({"name": s.name, "size": s.size})
    s.close()


def cmd_list_read(a):
    sl = mshm.attach_list(a.name)
    try:
        emit({"items": to_json(list(sl)), "format": sl.format})
    finally:
        sl.shm.close()


def cmd_list_write(a):
    sl = mshm.attach_list(a.name)
    try:
        sl[a.index] = from_json(json.loads(a.json))
    finally:
        sl.shm.close()


def cmd_list_create(a):
    sl = mshm.create_list(from_json(json.loads(a.json)), name=a.name)
    emit({"name": sl.shm.name, "size": sl.shm.size})
    sl.shm.close()


def cmd_array_read(a):
    s = mshm.attach(a.name)
    try:
        width = FORMATS[a.format]
        count = a.count if a.count is not None else (s.size - a.offset) // width
        raw = s.buf[a.offset:a.offset + count * width]
        out = {}
        mv = raw.cast("B").cast(a.format)  # native order: little-endian on every platform we run
        out["memoryview"] = mv.tolist()
        mv.release()
        arr = array.array(a.format)
        arr.frombytes(bytes(raw))
        if sys.byteorder != "little":
            arr.byteswap()
        out["array"] = arr.tolist()
        out["struct"] = list(struct.unpack_from("<%d%s" % (count, a.format), s.buf, a.offset))
        try:
            import numpy
            dtype = {"i": "<i4", "q": "<i8", "d": "<f8"}[a.format]
            out["numpy"] = numpy.frombuffer(bytes(raw), dtype=dtype).tolist()
        except ImportError:
            out["numpy"] = None
        raw.release()
        emit(out)
    finally:
        s.close()


def cmd_array_write(a):
    values = json.loads(a.json)
    s = mshm.attach(a.name)
    try:
        struct.pack_into("<%d%s" % (len(values), a.format), s.buf, a.offset, *values)
    finally:
        s.close()


def cmd_hold(a):
    from multiprocessing import shared_memory
    from mpbridge.owned import Owned
    with Owned() as owned:  # unlinked on every exit path, SIGTERM/SIGINT included (the tracker covers SIGKILL)
        made = {}

        def make():
            made["s"] = shared_memory.SharedMemory(None if a.name == "-" else a.name, create=True, size=a.size)
            return made["s"]

        s = owned.create(make, lambda: made["s"].unlink())
        sys.stdout.write("READY %s\n" % s.name)
        sys.stdout.flush()
        sys.stdin.readline()
        emit({"bytes": bytes(s.buf[:64]).hex()})
        s.close()


def cmd_trap(a):
    from multiprocessing import resource_tracker, shared_memory
    if a.mode == "plain":
        s = shared_memory.SharedMemory(a.name)
    else:
        s = mshm.attach(a.name)
    rt = resource_tracker._resource_tracker
    emit({"tracker_running": mshm.tracker_running(), "tracker_pid": getattr(rt, "_pid", None), "size": s.size})
    s.close()


def cmd_value_create(a):
    v = mshm.shared_value(a.name, a.typecode, json.loads(a.value), create=True)
    v.close()


def cmd_array_create(a):
    arr = mshm.shared_array(a.name, a.typecode, json.loads(a.values), create=True)
    arr.close()


def cmd_value_add(a):
    v = mshm.shared_value(a.name, a.typecode)
    try:
        for _ in range(a.times):
            with v.get_lock():  # the seeds' money.value += x, made safe
                v.value += a.delta
    finally:
        v.close()


def cmd_value_read(a):
    v = mshm.shared_value(a.name, a.typecode)
    emit({"value": v.value})
    v.close()


def cmd_array_child(a):
    """The seed's child: iterate the shared array, then shm[1] = 1000, under the array's lock."""
    arr = mshm.shared_array(a.name, a.typecode)
    try:
        with arr.get_lock():
            seen = [x for x in arr]
            arr[1] = 1000
        emit({"seen": seen, "length": len(arr)})
    finally:
        arr.close()


def main(argv=None):
    p = argparse.ArgumentParser(prog="mpbridge.peers.shm_peer")
    sub = p.add_subparsers(dest="command")
    sub.required = True

    def add(name, fn, *args):
        sp = sub.add_parser(name)
        for arg in args:
            if isinstance(arg, tuple):
                sp.add_argument(arg[0], **arg[1])
            else:
                sp.add_argument(arg)
        sp.set_defaults(fn=fn)
        return sp

    add("create", cmd_create, "name", ("size", {"type": int}))
    add("unlink", cmd_unlink, "name")
    add("info", cmd_info, "name")
    add("list-read", cmd_list_read, "name")
    add("list-write", cmd_list_write, "name", ("index", {"type": int}), "json")
    add("list-create", cmd_list_create, "name", "json")
    for name, fn in (("array-read", cmd_array_read), ("array-write", cmd_array_write)):
        sp = add(name, fn, "name", ("format", {"choices": sorted(FORMATS)}))
        if name == "array-write":
            sp.add_argument("json")
        else:
            sp.add_argument("--count", type=int)
        sp.add_argument("--offset", type=int, default=0)
    add("hold", cmd_hold, "name", ("size", {"type": int}))
    add("trap", cmd_trap, "name", ("--mode", {"choices": ["plain", "helper"], "required": True}))
    add("value-create", cmd_value_create, "name", "typecode", "value")
    add("array-create", cmd_array_create, "name", "typecode", "values")
    sp = add("value-add", cmd_value_add, "name", "typecode")
    sp.add_argument("--delta", type=int, default=1)
    sp.add_argument("--times", type=int, default=1)
    add("value-read", cmd_value_read, "name", "typecode")
    add("array-child", cmd_array_child, "name", "typecode")
    a = p.parse_args(argv)
    try:
        a.fn(a)
    except Exception as e:
        sys.stderr.write("shm_peer %s: %s: %s\n" % (a.command, type(e).__name__, e))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
