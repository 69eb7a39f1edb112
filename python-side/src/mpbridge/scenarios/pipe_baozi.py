"""Seed 000/001 "管道": the producer sends 0..N-1 over a ``Pipe()``, the consumer prints each, EOF ends it.

``producer [--count N] [--delay S] -- CHILD...``  (the parent: spawns the consumer on the other end)
``consumer``                                     (the child: the pipe is its stdin/stdout)
"""
import argparse
import sys
import time

from mpbridge.scenarios import _pipes
from mpbridge.scenarios._role import dispatch, out, split_child
from mpbridge.stdio import stdio_connection


def producer(argv):
    options, child_cmd = split_child(argv)
    ap = argparse.ArgumentParser(prog="pipe_baozi producer")
    ap.add_argument("--count", type=int, default=10)
    ap.add_argument("--delay", type=float, default=1.0, help="seconds between items (the seed: 1)")
    args = ap.parse_args(options)
    left, child = _pipes.spawn_child(child_cmd)
    for i in range(args.count):
        left.send(i)
        if args.delay:
            time.sleep(args.delay)
    left.close()
    code = _pipes.finish(child)
    out("进程间通信-管道-主进程")
    return code


def consumer(argv):
    ap = argparse.ArgumentParser(prog="pipe_baozi consumer")
    ap.add_argument("--name", default="c1")
    args = ap.parse_args(argv)
    right = stdio_connection()
    while True:
        try:
            baozi = right.recv()
        except EOFError:
            right.close()
            break
        out("%s 收到包子:%s" % (args.name, baozi))
    return 0


if __name__ == "__main__":
    sys.exit(dispatch("pipe_baozi", dict(producer=producer, consumer=consumer)))
