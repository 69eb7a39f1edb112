"""``python -m mpbridge.peers.bench_client (ADDR | --spawn -- CMD... | --shm PREFIX) [--count N] [--size BYTES]
[--pickle]``: the Python twin of ``mpbridge bench``; one JSON line. ``--spawn`` starts the echo child on a
socketpair as its stdin/stdout (as ``Pipe()`` gives a child its end); ``--shm`` talks to a shared-memory echo
(``mpbridge.peers.shm_echo``)."""
import argparse
import json
import socket
import subprocess
import sys
import time
from multiprocessing.connection import Client, Connection

from mpbridge.java import parse_address
from mpbridge.peers.shm_echo import ShmEcho


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("address", nargs="?")
    ap.add_argument("--spawn", nargs=argparse.REMAINDER, help="the echo child's command line (last option)")
    ap.add_argument("--shm", metavar="PREFIX")
    ap.add_argument("--ring", metavar="NAME", help="a shared-memory ring pair (mpbridge.ring)")
    ap.add_argument("--count", type=int, default=10000)
    ap.add_argument("--size", type=int, default=64)
    ap.add_argument("--pickle", action="store_true")
    ap.add_argument("--warmup", type=int, default=2000)
    args = ap.parse_args()
    if sum(x is not None for x in (args.address, args.spawn, args.shm, args.ring)) != 1:
        ap.error("give one of ADDR, --spawn CMD..., --shm PREFIX, --ring NAME")
    payload = b"\0" * args.size
    message = {"id": 1, "name": "baozi", "items": [1.5, "x", True]}
    child = None
    if args.shm:
        echo = ShmEcho.attach(args.shm)

        def once():
            if len(echo.round_trip(payload)) != len(payload):
                raise RuntimeError("echo changed the size")
    else:
        if args.ring:
            from mpbridge.ring import RingConnection
            c = RingConnection.attach(args.ring)
        elif args.spawn:
            ours, theirs = socket.socketpair()
            command = args.spawn[1:] if args.spawn[:1] == ["--"] else args.spawn  # only the separator, not the child's own --
            child = subprocess.Popen(command, stdin=theirs.fileno(), stdout=theirs.fileno())
            theirs.close()
            c = Connection(ours.detach())
        else:
            c = Client(parse_address(args.address))

        def once():
            if args.pickle:
                c.send(message)
                c.recv()
            else:
                c.send_bytes(payload)
                if len(c.recv_bytes()) != len(payload):
                    raise RuntimeError("echo changed the size")
    warm = time.perf_counter()
    for _ in range(args.warmup):
        once()
    start = time.perf_counter()
    for _ in range(args.count):
        once()
    seconds = time.perf_counter() - start
    if args.shm:
        echo.stop()
        echo.close()
    else:
        c.close()
    if child is not None and child.wait(60) != 0:
        raise RuntimeError("the echo child exited with %d" % child.returncode)
    print(json.dumps({"client": "python", "count": args.count, "size": args.size, "pickle": args.pickle,
                      "seconds": seconds, "warmup": args.warmup, "warmup_seconds": start - warm}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
