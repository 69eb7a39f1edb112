"""Beyond CPython: the baozi conversation over mpbridge's shared-memory ring pair (``mpbridge.ring``).

``server --name NAME``   creates the ring pair NAME, prints ``READY ring:NAME``, answers each pickled ``包子i`` with
                         ``收到 包子i`` until ``None``, then waits to be stopped (nothing is left in /dev/shm: the names
                         go once the client attached, or at SIGTERM before that)
``client --connect ring:NAME --count N``  sends ``包子0..N-1`` and ``None``, prints each answer
"""
import argparse
import signal
import sys
import threading

from mpbridge.ring import RingConnection, unlink_names
from mpbridge.scenarios._role import dispatch, out, ready


def server(argv):
    ap = argparse.ArgumentParser(prog="ring_baozi server")
    ap.add_argument("--name", required=True)
    args = ap.parse_args(argv)

    def stop(signum, frame):
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, stop)
    ring = None
    try:
        ring = RingConnection.create(args.name, 65536)
        ready("ring:%s" % args.name)
        ring.await_peer(60)
        while True:
            item = ring.recv()
            if item is None:
                break
            ring.send(u"收到 " + item)
        threading.Event().wait()  # a service: the runner stops it
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        if ring is not None:
            ring.close()
        unlink_names(args.name)


def client(argv):
    ap = argparse.ArgumentParser(prog="ring_baozi client")
    ap.add_argument("--connect", required=True)
    ap.add_argument("--count", type=int, default=10)
    args = ap.parse_args(argv)
    with RingConnection.attach(args.connect.partition("ring:")[2]) as ring:
        for i in range(args.count):
            ring.send(u"包子%d" % i)
            out(ring.recv())
        ring.send(None)
    return 0


if __name__ == "__main__":
    sys.exit(dispatch("ring_baozi", dict(server=server, client=client)))
