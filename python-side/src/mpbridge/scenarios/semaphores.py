"""Seed 002 "信号量": ``Semaphore(3)`` guards 10 tasks; never more than 3 are inside at once (measured).

Every task appends ``enter ID NS`` right after it acquired and ``exit ID NS`` right before it releases
(wall-clock nanoseconds, one write(2) per line on an O_APPEND log, the same clock as ``date +%s%N``), so the
measured intervals lie inside the real ones: more than the limit overlapping means the semaphore failed.

``create NAME VALUE`` / ``unlink NAME``: a POSIX named semaphore (the name as sem_open takes it, /x)
``tasks --sem NAME --log PATH --first I --count N [--hold S]``: N task processes on the named semaphore
``verify --log PATH --tasks 10 --limit 3``: reads the log, prints what was measured
``reference --log PATH [--tasks 10] [--limit 3] [--hold S]``: the seed itself (multiprocessing.Semaphore
inherited by 10 processes), then verify; lines as ``verify<TAB>TEXT``
"""
import argparse
import multiprocessing
import sys
import time

from mpbridge.scenarios import _role
from mpbridge.scenarios._role import append_line, dispatch, out, run_processes

FORK = multiprocessing.get_context("fork")


def create(argv):
    name, value = argv
    _role.create_semaphore(name, int(value))
    return 0


def unlink(argv):
    (name,) = argv
    _role.unlink_semaphore(name)
    return 0


def _handle(sem, task, log, hold):
    if not sem.acquire(True, 60):
        _role.fail("task %s: no place in the semaphore within 60 s" % task)
    try:
        append_line(log, "enter %s %d" % (task, time.time_ns()))
        time.sleep(hold)  # the task's work (the seed: sleep(2))
        append_line(log, "exit %s %d" % (task, time.time_ns()))
    finally:
        sem.release()


def _open_and_handle(name, task, log, hold):
    _handle(_role.open_semaphore(name), task, log, hold)


def tasks(argv):
    ap = argparse.ArgumentParser(prog="semaphores tasks")
    ap.add_argument("--sem", required=True)
    ap.add_argument("--log", required=True)
    ap.add_argument("--first", type=int, default=0)
    ap.add_argument("--count", type=int, default=5)
    ap.add_argument("--hold", type=float, default=0.2)
    args = ap.parse_args(argv)
    run_processes([FORK.Process(target=_open_and_handle, args=(args.sem, args.first + i, args.log, args.hold))
                   for i in range(args.count)])
    return 0


def measure(log):
    """(task ids that entered and exited, the largest number inside at once)."""
    events = []
    entered, exited = set(), set()
    with open(log) as f:
        for line in f:
            kind, task, ns = line.split()
            (entered if kind == "enter" else exited).add(task)
            events.append((int(ns), 0 if kind == "exit" else 1))  # at equal times, exits first
    inside = most = 0
    for _, delta in sorted(events):
        inside += 1 if delta else -1
        most = max(most, inside)
    return entered & exited, most


def _verify(log, count, limit, prefix):
    done, most = measure(log)
    sys.stderr.write("measured: %d tasks completed, at most %d inside at once\n" % (len(done), most))
    out(prefix + "%d tasks ran" % len(done))
    out(prefix + ("never more than %d inside" % limit if most <= limit else "%d inside at once (limit %d)" % (most, limit)))
    return 0 if len(done) == count and most <= limit else 1


def verify(argv):
    ap = argparse.ArgumentParser(prog="semaphores verify")
    ap.add_argument("--log", required=True)
    ap.add_argument("--tasks", type=int, default=10)
    ap.add_argument("--limit", type=int, default=3)
    args = ap.parse_args(argv)
    return _verify(args.log, args.tasks, args.limit, "")


def reference(argv):
    ap = argparse.ArgumentParser(prog="semaphores reference")
    ap.add_argument("--log", required=True)
    ap.add_argument("--tasks", type=int, default=10)
    ap.add_argument("--limit", type=int, default=3)
    ap.add_argument("--hold", type=float, default=0.2)
    args = ap.parse_args(argv)
    sem = FORK.Semaphore(args.limit)
    run_processes([FORK.Process(target=_handle, args=(sem, i, args.log, args.hold)) for i in range(args.tasks)])
    return _verify(args.log, args.tasks, args.limit, "verify\t")


if __name__ == "__main__":
    sys.exit(dispatch("semaphores", {"create": create, "unlink": unlink, "tasks": tasks, "verify": verify,
                                     "reference": reference}))
