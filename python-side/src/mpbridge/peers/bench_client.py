"""``python -m mpbridge.peers.bench_client ADDR [--count N] [--size BYTES] [--pickle]``: the Python twin of
``mpbridge bench``; one JSON line."""
import argparse
import json
import sys
import time
from multiprocessing.connection import Client

from mpbridge.java import parse_address


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("address")
    ap.add_argument("--count", type=int, default=10000)
    ap.add_argument("--size", type=int, default=64)
    ap.add_argument("--pickle", action="store_true")
    ap.add_argument("--warmup", type=int, default=2000)
    args = ap.parse_args()
    payload = b"\0" * args.size
    message = {"id": 1, "name": "baozi", "items": [1.5, "x", True]}
    with Client(parse_address(args.address)) as c:
        def once():
            if args.pickle:
                c.send(message)
                c.recv()
            else:
                c.send_bytes(payload)
                if len(c.recv_bytes()) != len(payload):
                    raise RuntimeError("echo changed the size")
        for _ in range(args.warmup):
            once()
        start = time.perf_counter()
        for _ in range(args.count):
            once()
        seconds = time.perf_counter() - start
    print(json.dumps({"client": "python", "count": args.count, "size": args.size, "pickle": args.pickle,
                      "seconds": seconds}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
