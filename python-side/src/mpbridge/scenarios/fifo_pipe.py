"""Seed 003 "命名管道": a producer and a consumer that are not related, over a FIFO made with ``mkfifo``.

The messages are framed as ``multiprocessing.connection`` frames (``Connection`` over the FIFO's file
descriptor), which is what Java's ``NamedPipe`` speaks.

``producer --fifo PATH [--count 10]``: makes the FIFO, sends ``"包子N"`` for N in 0..count-1, closes
``consumer --fifo PATH``: waits for the FIFO, prints ``收到 包子N`` for each message until end of file
"""
import argparse
import os
import sys
from multiprocessing.connection import Connection

from mpbridge.scenarios._role import await_condition, dispatch, out


def producer(argv):
    ap = argparse.ArgumentParser(prog="fifo_pipe producer")
    ap.add_argument("--fifo", required=True)
    ap.add_argument("--count", type=int, default=10)
    args = ap.parse_args(argv)
    os.mkfifo(args.fifo, 0o600)
    conn = Connection(os.open(args.fifo, os.O_WRONLY), readable=False)  # blocks until a reader opens it
    for i in range(args.count):
        conn.send("包子%d" % i)
    conn.close()
    return 0


def consumer(argv):
    ap = argparse.ArgumentParser(prog="fifo_pipe consumer")
    ap.add_argument("--fifo", required=True)
    ap.add_argument("--timeout", type=float, default=30.0)
    args = ap.parse_args(argv)
    await_condition(lambda: os.path.exists(args.fifo), args.timeout, "the FIFO " + args.fifo)
    conn = Connection(os.open(args.fifo, os.O_RDONLY), writable=False)
    while True:
        try:
            item = conn.recv()
        except EOFError:
            break
        out("收到 %s" % item)
    conn.close()
    return 0


if __name__ == "__main__":
    sys.exit(dispatch("fifo_pipe", {"producer": producer, "consumer": consumer}))
