"""Managers across languages (seeds 000/001 "队列" and "共享内存", 002 "消息队列", 004 "Manager").

A ``multiprocessing.Queue`` cannot be handed to a process that is not a child (its pipe is inherited), so
across languages the queue scenarios go through a manager-served queue, as ``BaseManager.register`` does.
The roles mirror the Java CLI of ``mpbridge manager`` / ``mpbridge queue`` so that each YAML step reads alike
in both languages:

``serve [--listen ADDR] [--authkey-env NAME] [--register NAME=TYPE ...] [--maxsize N]``
    prints ``READY <ADDR>``; TYPE is Queue, dict or list; one shared instance per NAME, registered as
    ``BaseManager.register(NAME, callable=lambda: obj)``: clients get an AutoProxy of its public methods, so
    the workers below use ``get``/``update`` where the seeds (a ``Manager().dict()``) index the dict.
``produce --connect ADDR [--authkey-env NAME] --typeid TYPEID [--delay S] [JSON_VALUE ...]``
    puts each value, then None.
``consume --connect ADDR [--authkey-env NAME] --typeid TYPEID [--timeout S]``
    gets until None (or, with --timeout, until queue.Empty as seed 002 does); one JSON line per item.
``counter-workers --connect ADDR [--authkey-env NAME] --typeid TYPEID [--workers 20]``
    seed 000 "共享内存": sets count to the number of workers; each worker process decrements it under one
    multiprocessing Lock; prints the final dict.
``dict-workers --connect ADDR [--authkey-env NAME] --typeid TYPEID``
    seed 004: two worker processes each add one key; prints the dict (keys sorted).
``counter-reference`` / ``dict-reference``
    the seeds themselves (``Manager()`` in-process, real multiprocessing on both ends), for python->python.
"""
import argparse
import json
import multiprocessing
import queue
import sys
import time
from multiprocessing.managers import BaseManager

from mpbridge.scenarios.queues import drain
from mpbridge.scenarios._role import authkey, dispatch, fail, format_address, out, parse_address, ready, run_processes

FORK = multiprocessing.get_context("fork")


def _client_args(prog, argv, extra=None):
    ap = argparse.ArgumentParser(prog="managers " + prog)
    ap.add_argument("--connect", required=True)
    ap.add_argument("--authkey-env")
    ap.add_argument("--typeid", required=True)
    if extra:
        extra(ap)
    return ap.parse_args(argv)


def _connect(args):
    class Client(BaseManager):
        pass

    Client.register(args.typeid)
    manager = Client(address=parse_address(args.connect), authkey=authkey(args.authkey_env))
    manager.connect()
    return getattr(manager, args.typeid)()


def serve(argv):
    ap = argparse.ArgumentParser(prog="managers serve")
    ap.add_argument("--listen", default="tcp:127.0.0.1:0")
    ap.add_argument("--authkey-env")
    ap.add_argument("--register", action="append", default=[], metavar="NAME=TYPE")
    ap.add_argument("--maxsize", type=int, default=0, help="for TYPE Queue (seed 002: Queue(5))")
    args = ap.parse_args(argv)

    class Served(BaseManager):
        pass

    for spec in args.register:
        name, _, kind = spec.partition("=")
        if kind not in ("Queue", "dict", "list"):
            fail("--register %s: TYPE must be Queue, dict or list" % spec, 2)
        obj = queue.Queue(args.maxsize) if kind == "Queue" else {} if kind == "dict" else []
        Served.register(name, callable=(lambda o=obj: o))  # an AutoProxy exposes the public methods only
    manager = Served(address=parse_address(args.listen), authkey=authkey(args.authkey_env))
    server = manager.get_server()
    ready(format_address(server.address))
    server.serve_forever()


def produce(argv):
    args = _client_args("produce", argv, lambda ap: (ap.add_argument("--delay", type=float, default=0.0),
                                                     ap.add_argument("values", nargs="*")))
    q = _connect(args)
    for text in args.values:
        q.put(json.loads(text))
        if args.delay:
            time.sleep(args.delay)
    q.put(None)
    return 0


def consume(argv):
    args = _client_args("consume", argv, lambda ap: ap.add_argument("--timeout", type=float))
    drain(_connect(args), args.timeout)
    return 0


def _decrement(d, lock, prefix=""):
    with lock:
        out(prefix + "计数器减一，当前为：%s" % d["count"])
        d["count"] -= 1


def _decrement_public(d, lock):
    """The same through the dict's public methods: what a registered callable's AutoProxy exposes."""
    with lock:
        count = d.get("count")
        out("计数器减一，当前为：%s" % count)
        d.update({"count": count - 1})


def counter_workers(argv):
    args = _client_args("counter-workers", argv, lambda ap: ap.add_argument("--workers", type=int, default=20))
    d = _connect(args)
    d.update({"count": args.workers})
    lock = FORK.Lock()
    run_processes([FORK.Process(target=_decrement_public, args=(d, lock)) for _ in range(args.workers)])
    out(repr(d.copy()))
    return 0


def _add(d, key, value):
    d[key] = value


def _add_public(d, key, value):
    d.update({key: value})


def dict_workers(argv):
    args = _client_args("dict-workers", argv)
    d = _connect(args)
    run_processes([FORK.Process(target=_add_public, args=(d, "Darr_en1", 22)),
                   FORK.Process(target=_add_public, args=(d, "Darr_en2", 44))])
    out(repr(dict(sorted(d.copy().items()))))
    return 0


def counter_reference(argv):
    """Seed 000 "共享内存" as written: Manager().dict({'count': 20}), 20 processes, one Lock."""
    ap = argparse.ArgumentParser(prog="managers counter-reference")
    ap.add_argument("--workers", type=int, default=20)
    args = ap.parse_args(argv)
    lock = FORK.Lock()
    with FORK.Manager() as m:
        dic = m.dict({"count": args.workers})
        run_processes([FORK.Process(target=_decrement, args=(dic, lock, "workers\t")) for _ in range(args.workers)])
        out("workers\t" + repr(dic.copy()))
    return 0


def dict_reference(argv):
    """Seed 004 as written: Manager().dict(), two processes add one key each."""
    with FORK.Manager() as m:
        process_dict = m.dict()
        run_processes([FORK.Process(target=_add, args=(process_dict, "Darr_en1", 22)),
                  FORK.Process(target=_add, args=(process_dict, "Darr_en2", 44))])
        out("workers\t" + repr(dict(sorted(process_dict.copy().items()))))
    return 0


if __name__ == "__main__":
    sys.exit(dispatch("managers", {
        "serve": serve, "produce": produce, "consume": consume, "counter-workers": counter_workers,
        "dict-workers": dict_workers, "counter-reference": counter_reference, "dict-reference": dict_reference}))
