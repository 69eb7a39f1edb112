"""``python -m mpbridge.peers.codec_timing DIR [--rounds N]``: CPython's C pickle on the payloads ``make bench``
times (the twin of ``mpbridge bench --codec DIR``). Writes DIR/dict100k.pickle, small.pickle and bytes16m.pickle
(protocol 4, CPython's default, the bytes the Java side then loads) and prints one JSON line of per-operation
microseconds: warm-up rounds (excluded, reported) then timed rounds."""
import argparse
import json
import os
import pickle
import sys
import time

PROTOCOL = 4


def dicts(n):
    return [{"id": i, "name": "user%d" % i, "score": i * 0.5, "tags": ["red", "blue"], "active": i % 2 == 0}
            for i in range(n)]


def small():
    return {"id": 1, "name": "baozi", "items": [1.5, "x", True]}


def row(workload, op, batch, rounds, size):
    warm, timed = [], []
    for into, n in ((warm, max(3, rounds)), (timed, rounds)):
        for _ in range(n):
            t0 = time.perf_counter()
            for _ in range(batch):
                op()
            into.append((time.perf_counter() - t0) * 1e6 / batch)
    return {"workload": workload, "samples_us": timed, "warmup_us": warm, "size": size}


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args(argv)
    big, little, blob = dicts(100000), small(), bytes([7]) * (16 << 20)
    inputs = {"dict100k.pickle": big, "small.pickle": little, "bytes16m.pickle": blob}
    encoded = {}
    for name, value in inputs.items():
        encoded[name] = pickle.dumps(value, PROTOCOL)
        with open(os.path.join(args.dir, name), "wb") as f:
            f.write(encoded[name])
    big_in, small_in, blob_in = encoded["dict100k.pickle"], encoded["small.pickle"], encoded["bytes16m.pickle"]
    r = args.rounds
    rows = [
        row("100k dicts dumps", lambda: pickle.dumps(big, PROTOCOL), 1, r, len(big_in)),
        row("100k dicts loads", lambda: pickle.loads(big_in), 1, r, len(big_in)),
        row("3-key dict dumps", lambda: pickle.dumps(little, PROTOCOL), 20000, r, len(small_in)),
        row("3-key dict loads", lambda: pickle.loads(small_in), 20000, r, len(small_in)),
        row("16 MiB bytes dumps", lambda: pickle.dumps(blob, PROTOCOL), 1, r, len(blob_in)),
        row("16 MiB bytes loads", lambda: pickle.loads(blob_in), 1, r, len(blob_in)),
        row("16 MiB copy", lambda: bytearray(blob), 1, r, len(blob)),
    ]
    print(json.dumps({"client": "python", "python": sys.version.split()[0], "rows": rows}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
