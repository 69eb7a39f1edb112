"""The seed 003 ``test.dat`` mmap writer and reader, ported to Python 3 (stdlib only, CPython 3.8+).

    python -m mpbridge.peers.mmap_peer write PATH [--size 1024] [--count N] [--interval-ms MS]
    python -m mpbridge.peers.mmap_peer read PATH [--size 1024] [--until MSG] [--timeout S]

The writer is the seed's server.py (NUL-fill the file, map it, write ``"msg N"`` at offset 0, NUL-padded, and
flush every interval); the reader is its client.py (map, read, drop the NULs, print), polling until ``--until``.
"""
import argparse
import contextlib
import mmap
import os
import sys
import time


def write(a):
    # the seed: open("test.dat", "w").write('\x00' * 1024); made whole under a temporary name and renamed, so that
    # a reader polling for the file never maps it while it is still shorter than SIZE
    tmp = "%s.%d.tmp" % (a.path, os.getpid())
    with open(tmp, "wb") as f:
        f.write(b"\x00" * a.size)
    os.replace(tmp, a.path)
    with open(a.path, "r+b") as f:
        with contextlib.closing(mmap.mmap(f.fileno(), a.size, access=mmap.ACCESS_WRITE)) as m:
            for i in range(1, a.count + 1):
                m.seek(0)
                s = ("msg " + str(i)).encode("ascii")
                m.write(s.ljust(a.size, b"\x00"))
                m.flush()
                if i < a.count:
                    time.sleep(a.interval_ms / 1000.0)
    return 0


def read_once(path, size):
    with open(path, "rb") as f:
        with contextlib.closing(mmap.mmap(f.fileno(), size, access=mmap.ACCESS_READ)) as m:
            return m.read(size).replace(b"\x00", b"").decode("ascii", "replace")


def read(a):
    deadline = time.monotonic() + a.timeout
    last = None
    while True:
        msg = None
        if a.until is None or (os.path.exists(a.path) and os.path.getsize(a.path) >= a.size):
            try:
                msg = read_once(a.path, a.size)
            except (ValueError, FileNotFoundError):
                if a.until is None:
                    raise
                msg = None  # replaced or shortened between the check and the map: not ready yet
        if msg is not None and msg != last:
            print(msg, flush=True)
            last = msg
        if a.until is None or msg == a.until:
            return 0
        if time.monotonic() > deadline:
            sys.stderr.write("mmap_peer read: timed out after %ss waiting for %r (last: %r)\n" % (a.timeout, a.until, last))
            return 1
        time.sleep(a.interval_ms / 1000.0)  # the seed's client polls; the deadline bounds it


def main(argv=None):
    p = argparse.ArgumentParser(prog="mpbridge.peers.mmap_peer")
    sub = p.add_subparsers(dest="command")
    sub.required = True
    w = sub.add_parser("write")
    w.add_argument("path")
    w.add_argument("--size", type=int, default=1024)
    w.add_argument("--count", type=int, default=10000)
    w.add_argument("--interval-ms", type=float, default=1000)
    w.set_defaults(fn=write)
    r = sub.add_parser("read")
    r.add_argument("path")
    r.add_argument("--size", type=int, default=1024)
    r.add_argument("--until")
    r.add_argument("--timeout", type=float, default=60)
    r.add_argument("--interval-ms", type=float, default=10)
    r.set_defaults(fn=read)
    a = p.parse_args(argv)
    return a.fn(a)


if __name__ == "__main__":
    sys.exit(main())
