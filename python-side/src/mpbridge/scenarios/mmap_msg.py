"""Seed 003 "mmap": the writer puts ``"msg N"`` NUL-padded at offset 0 of a 1024-byte ``test.dat`` and flushes;
the reader maps the same file and reads the current message.

The seed samples once a second, so a reader can miss messages. Here the reader acknowledges each message by
writing ``"ack N"`` at offset 512 and the writer waits for it before the next one, so that every message is
seen exactly once and nothing depends on timing. (Both map the file read-write for that.)

``writer [--file test.dat] [--count 5]``: creates the file (1024 NULs, atomically by rename), writes msg 1..N,
prints ``ack N`` as each is acknowledged
``reader [--file test.dat] [--count 5]``: waits for the file, prints each message it sees, up to msg N
"""
import argparse
import contextlib
import mmap
import os
import sys

from mpbridge.scenarios._role import await_condition, dispatch, out

SIZE = 1024
ACK = 512


def _args(prog, argv):
    ap = argparse.ArgumentParser(prog="mmap_msg " + prog)
    ap.add_argument("--file", default="test.dat")
    ap.add_argument("--count", type=int, default=5)
    ap.add_argument("--timeout", type=float, default=30.0)
    return ap.parse_args(argv)


def _put(m, offset, text):
    m[offset:offset + ACK] = text.encode("ascii").ljust(ACK, b"\x00")
    m.flush()


def _get(m, offset):
    return m[offset:offset + ACK].split(b"\x00", 1)[0].decode("ascii")


def writer(argv):
    args = _args("writer", argv)
    tmp = args.file + ".tmp"
    with open(tmp, "wb") as f:
        f.write(b"\x00" * SIZE)
    os.rename(tmp, args.file)
    with open(args.file, "r+b") as f:
        with contextlib.closing(mmap.mmap(f.fileno(), SIZE, access=mmap.ACCESS_WRITE)) as m:
            for i in range(1, args.count + 1):
                _put(m, 0, "msg %d" % i)
                want = "ack %d" % i
                await_condition(lambda: _get(m, ACK) == want, args.timeout, want)
                out(want)
    return 0


def reader(argv):
    args = _args("reader", argv)
    await_condition(lambda: os.path.exists(args.file), args.timeout, args.file)
    with open(args.file, "r+b") as f:
        with contextlib.closing(mmap.mmap(f.fileno(), SIZE, access=mmap.ACCESS_WRITE)) as m:
            for i in range(1, args.count + 1):
                want = "msg %d" % i
                await_condition(lambda: _get(m, 0) == want, args.timeout, want)
                out(_get(m, 0))
                _put(m, ACK, "ack %d" % i)
    return 0


if __name__ == "__main__":
    sys.exit(dispatch("mmap_msg", {"writer": writer, "reader": reader}))
