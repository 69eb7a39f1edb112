"""The seeds' ``multiprocessing.Queue`` programs themselves: the python->python reference of queue-baozi and
queue-bounded (a real Queue shared by inheritance, real multiprocessing on both ends). Across languages the
same conversations run through a manager-served queue (``mpbridge.scenarios.managers``).

``baozi-reference [--count 10] [--delay S]``   seed 000/001 "队列": 10 items then None
``bounded-reference [--get-timeout 3] VALUE...`` seed 002 "消息队列": Queue(5); get(timeout=3) ends it
Lines are printed as ``ROLE<TAB>TEXT`` so that the runner checks them as the cross-language roles' lines.
"""
import argparse
import json
import multiprocessing
import queue
import sys
import time

from mpbridge.scenarios._role import dispatch, fail, out, run_processes

FORK = multiprocessing.get_context("fork")


def drain(q, timeout=None, prefix=""):
    """Gets until None, or with a timeout until queue.Empty; one JSON line per item."""
    while True:
        try:
            res = q.get() if timeout is None else q.get(timeout=timeout)
        except queue.Empty:
            break
        if res is None:
            break
        out(prefix + json.dumps(res, ensure_ascii=False))


def _baozi_producer(q, count, delay):
    for i in range(count):
        if delay:
            time.sleep(delay)
        res = "包子%s" % i
        q.put(res)
        out("producer\t生产了 %s" % res)
    q.put(None)


def baozi_reference(argv):
    ap = argparse.ArgumentParser(prog="queues baozi-reference")
    ap.add_argument("--count", type=int, default=10)
    ap.add_argument("--delay", type=float, default=0.0, help="the seed: randint(1, 3) seconds")
    args = ap.parse_args(argv)
    q = FORK.Queue()
    run_processes([FORK.Process(target=_baozi_producer, args=(q, args.count, args.delay)),
           FORK.Process(target=drain, args=(q, None, "consumer\t"))])
    return 0


def _bounded_producer(q, values, go):
    for v in values[:5]:
        q.put(v)
    try:
        q.put(values[5], block=False)
        out("producer\tput #6 did not block: Queue(5) is not bounded")
    except queue.Full:
        out("producer\tFull after 5")
    go.set()
    for v in values[5:]:
        q.put(v)  # blocks until the consumer makes room


def _bounded_consumer(q, timeout, go):
    go.wait(60)
    drain(q, timeout, "consumer\t")


def bounded_reference(argv):
    ap = argparse.ArgumentParser(prog="queues bounded-reference")
    ap.add_argument("--get-timeout", type=float, default=3.0)
    ap.add_argument("values", nargs="+")
    args = ap.parse_args(argv)
    values = [json.loads(v) for v in args.values]
    if len(values) < 6:
        fail("give at least 6 values for a Queue(5)", 2)
    q = FORK.Queue(5)
    go = FORK.Event()  # the consumer starts after the producer has seen the queue full
    run_processes([FORK.Process(target=_bounded_producer, args=(q, values, go)),
           FORK.Process(target=_bounded_consumer, args=(q, args.get_timeout, go))])
    return 0


if __name__ == "__main__":
    sys.exit(dispatch("queues", {"baozi-reference": baozi_reference, "bounded-reference": bounded_reference}))
