"""``make bench``: the same echo conversation over each transport for every pairing, in one run.

Pairings (client -> echo side): python->python (the reference: CPython on both ends), python->java,
java->python, java->java. Transports:

* ``tcp``, ``unix``: a ``multiprocessing.connection`` listener and client;
* ``pipe``: the client starts the echo side as its child and talks over the child's stdin/stdout (a Python
  client gives it a socketpair, as ``Pipe()`` does; a Java client, the process's pipes);
* ``ring``: mpbridge's shared-memory ring pair (``mpbridge.ring`` / ``org.mpbridge.ring.ShmRing``), the same frames
  as a Connection over two SPSC rings in one segment (beyond CPython: no CPython transport does this);
* ``shm``: shared memory and two POSIX named semaphores (Java's ``ShmEcho`` / ``mpbridge.peers.shm_echo``);
  Python's semaphores are ``multiprocessing`` SemLocks opened by name.

Workloads: small raw messages (latency), 1 MiB raw messages (throughput), small pickled dicts (codec; not over
``shm``, which carries raw bytes); plus codec rows (``transport: "codec"``: CPython's C pickle vs the Java codec on
the same payloads, ``mpbridge bench --codec``).

Method: every cell (transport x workload x pairing) runs in each of ``--rounds`` (default 5) interleaved rounds;
within a round the pairings' order is rotated and reversed on odd rounds, so drift on the shared machine hits all
alike. Each client run warms up first (timed, excluded, reported as ``warmup_rtt_us``); a cell reports the median
round trip with min and max over rounds; ``ratio_vs_python`` is python->python's median over the cell's median,
from the same run (> 1: faster than CPython on both ends). Writes ``build/bench/bench.json`` and an
``index.html`` beside it (a chart per transport, inline SVG). ``--quick``: 3 rounds, a tenth of the messages.
Benchmarks, not tests: nothing here asserts a speed.
"""
import argparse
import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time

from mpbridge import bench_html, interpreters
from mpbridge.java import cli_path, stop_process

TRANSPORTS = ("tcp", "unix", "pipe", "shm", "ring")
WORKLOADS = [  # name, bytes, pickled, timed round trips per client run, warm-up round trips (excluded, reported)
    ("small 64 B", 64, False, 5000, 5000),
    ("large 1 MiB", 1 << 20, False, 200, 50),
    ("pickle dict", 64, True, 5000, 5000),
]
PAIRS = ("python->python", "python->java", "java->python", "java->java")


class ReadyPeer(object):
    """An echo side that prints ``READY <ADDR>`` once it serves; terminated (then killed) on close."""

    def __init__(self, cmd, env, timeout=60.0):
        self.process = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, env=env)
        got = {}
        reader = threading.Thread(target=lambda: got.setdefault("line", self.process.stdout.readline()), daemon=True)
        reader.start()
        reader.join(timeout)
        line = (got.get("line") or "").strip()
        if not line.startswith("READY "):
            self.close()
            raise RuntimeError("%s did not print READY in %.0f s (got %r)" % (" ".join(cmd), timeout, line))
        self.address = line[len("READY "):]

    def close(self):
        stop_process(self.process)


def echo_side(kind, transport, python, use_pickle, size, where):
    """The echo side's command line, and whether it is a child of the client (pipe) or a server."""
    raw = [] if use_pickle else ["--raw"]
    if transport == "pipe":
        return ([cli_path(), "echo", "--stdio"] + raw) if kind == "java" else (
            [python, "-m", "mpbridge.peers.stdio_echo"] + raw)
    if transport == "ring":
        name = "mpbbench" + secrets.token_hex(4)
        capacity = 1 << max(16, (2 * size + 64).bit_length())
        return ([cli_path(), "bench", "--ring", name, "--serve", "--size", str(capacity)] if kind == "java" else
                [python, "-m", "mpbridge.peers.ring_echo", name, "--size", str(capacity)])
    if transport == "shm":
        prefix = "mpbbench" + secrets.token_hex(4)
        return ([cli_path(), "bench", "--shm", prefix, "--serve", "--size", str(size)] if kind == "java" else
                [python, "-m", "mpbridge.peers.shm_echo", prefix, "--size", str(size)])
    address = "tcp:127.0.0.1:0" if transport == "tcp" else "unix:" + os.path.join(where, "%s.sock" % secrets.token_hex(4))
    if kind == "java":
        return [cli_path(), "echo", "--listen", address] + raw
    return [python, "-m", "mpbridge.peers.echo_listener", address] + (["--pickle"] if use_pickle else [])


def run_client(kind, python, target, size, use_pickle, count, env, warmup=None):
    """``target``: ("connect", ADDR), ("shm", PREFIX) or ("spawn", CMD)."""
    how, what = target
    common = ["--count", str(count), "--size", str(size)] + (["--pickle"] if use_pickle else [])
    common += ["--warmup", str(warmup)] if warmup is not None else []
    if kind == "java":
        cmd = [cli_path(), "bench"] + common + {"connect": ["--connect", what], "shm": ["--shm", what],
                                                "ring": ["--ring", what], "spawn": ["--spawn", "--"] + list(what)}[how]
    else:
        cmd = [python, "-m", "mpbridge.peers.bench_client"] + common + {
            "connect": [what], "shm": ["--shm", what], "ring": ["--ring", what], "spawn": ["--spawn"] + list(what)}[how]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=600, env=env)
    if out.returncode != 0:
        raise RuntimeError("%s client failed (%s): %s" % (kind, " ".join(cmd), out.stderr))
    return json.loads(out.stdout.strip().splitlines()[-1])


def measure(transport, size, use_pickle, count, python, env, where, warmup=None, order=PAIRS):
    """{pair: result} for the pairings (in ``order``) over one transport and workload."""
    results = {}
    for pair in order:
        client, server = pair.split("->")
        cmd = echo_side(server, transport, python, use_pickle, size, where)
        if transport == "pipe":
            results[pair] = run_client(client, python, ("spawn", cmd), size, use_pickle, count, env, warmup)
            continue
        peer = ReadyPeer(cmd, env)  # a fresh one per client: a shm echo serves one client, then stops
        try:
            how, _, what = peer.address.partition(":") if transport in ("shm", "ring") else ("connect", None, peer.address)
            results[pair] = run_client(client, python, (how, what), size, use_pickle, count, env, warmup)
        finally:
            peer.close()
    return results


def rotated(pairs, r):
    """Round ``r``'s order of the pairings: rotated by r and reversed on odd rounds, so drift hits all alike."""
    k = r % len(pairs)
    order = list(pairs[k:]) + list(pairs[:k])
    return order[::-1] if r % 2 else order


def median(xs):
    xs = sorted(xs)
    n = len(xs)
    return xs[n // 2] if n % 2 else (xs[n // 2 - 1] + xs[n // 2]) / 2.0


def cell_rows(transport, workload, size, use_pickle, samples):
    """Rows of one cell from ``samples`` {pair: [client result per round]}; ratios from medians of this run."""
    rows = []
    ref = None
    for pair in PAIRS:
        got = samples.get(pair)
        if not got:
            continue
        rtts = [r["seconds"] / r["count"] * 1e6 for r in got]
        warm = [r["warmup_seconds"] / r["warmup"] * 1e6 for r in got if r.get("warmup")]
        med = median(rtts)
        if pair == "python->python":
            ref = med
        rows.append({
            "transport": transport, "workload": workload, "pair": pair,
            "median_rtt_us": round(med, 3), "min_rtt_us": round(min(rtts), 3), "max_rtt_us": round(max(rtts), 3),
            "mb_per_s": None if use_pickle else round(2 * size / med, 3),  # both directions, bytes per microsecond
            "ratio_vs_python": None, "rounds": len(rtts), "count": got[0]["count"], "size": size,
            "samples_rtt_us": [round(x, 3) for x in rtts],
            "warmup_rtt_us": round(median(warm), 3) if warm else None, "warmup_count": got[0].get("warmup"),
        })
    for row in rows:
        row["ratio_vs_python"] = round(ref / row["median_rtt_us"], 4) if ref else None
    return rows


def codec_rows(python, env, rounds, where):
    """The codec rows: CPython's C pickle and the Java codec on the same payloads (Java loads CPython's bytes)."""
    py = subprocess.run([python, "-m", "mpbridge.peers.codec_timing", where, "--rounds", str(rounds)],
                        capture_output=True, text=True, timeout=900, env=env)
    if py.returncode != 0:
        raise RuntimeError("codec timing (python) failed: %s" % py.stderr)
    java = subprocess.run([cli_path(), "bench", "--codec", where, "--rounds", str(rounds)],
                          capture_output=True, text=True, timeout=900, env=env)
    if java.returncode != 0:
        raise RuntimeError("codec timing (java) failed: %s" % java.stderr)
    by_pair = {"python": json.loads(py.stdout.strip().splitlines()[-1]), "java": json.loads(java.stdout.strip().splitlines()[-1])}
    ref = {r["workload"]: median(r["samples_us"]) for r in by_pair["python"]["rows"]}
    rows = []
    for pair in ("python", "java"):
        for r in by_pair[pair]["rows"]:
            med = median(r["samples_us"])
            rows.append({
                "transport": "codec", "workload": r["workload"], "pair": pair,
                "median_rtt_us": round(med, 3), "min_rtt_us": round(min(r["samples_us"]), 3),
                "max_rtt_us": round(max(r["samples_us"]), 3), "mb_per_s": round(r["size"] / med, 3),
                "ratio_vs_python": round(ref[r["workload"]] / med, 4) if r["workload"] in ref else None,
                "rounds": len(r["samples_us"]), "size": r["size"],
                "samples_rtt_us": [round(x, 3) for x in r["samples_us"]],
                "warmup_rtt_us": round(median(r["warmup_us"]), 3),
            })
    return rows


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--python", help="interpreter version for the Python ends (default: newest found)")
    ap.add_argument("--transport", default=",".join(TRANSPORTS), help="comma-separated, of: " + ", ".join(TRANSPORTS))
    ap.add_argument("--rounds", type=int, default=5, help="interleaved rounds per cell (default 5)")
    ap.add_argument("--scale", type=float, default=1.0, help="multiply message counts")
    ap.add_argument("--quick", action="store_true", help="a short look: 3 rounds, a tenth of the messages")
    ap.add_argument("--no-codec", action="store_true", help="skip the codec rows")
    ap.add_argument("--out", default=os.path.join("build", "bench"), help="where bench.json and index.html go")
    args = ap.parse_args(argv)
    if args.quick:
        args.rounds, args.scale = min(args.rounds, 3), args.scale * 0.1
    transports = [t for t in args.transport.split(",") if t]
    unknown = [t for t in transports if t not in TRANSPORTS]
    if unknown:
        ap.error("unknown transport %s (known: %s)" % (", ".join(unknown), ", ".join(TRANSPORTS)))
    found, _ = interpreters.discover()
    found = interpreters.select(found, args.python)
    if not found:
        print("no CPython found for --python %s" % args.python, file=sys.stderr)
        return 1
    python = found[-1].path
    src = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
    # The Java ends run with the full JIT (C2), as a long-lived Java service would; bin/mpbridge alone stops at C1
    # for quick start-up. MPBRIDGE_JAVA_OPTS set by the caller wins.
    env = dict(os.environ, PYTHONPATH=src)
    env.setdefault("MPBRIDGE_JAVA_OPTS", "-XX:TieredStopAtLevel=4")
    meta = {"python": str(found[-1].version), "python_path": python, "java_cli": cli_path(), "cores": os.cpu_count(),
            "rounds": args.rounds, "scale": args.scale, "java_opts": env["MPBRIDGE_JAVA_OPTS"],
            "load_before": os.getloadavg(), "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    print("mpbridge bench: CPython %s (%s), Java %s; %d cores, load %.2f; %d interleaved rounds"
          % (meta["python"], python, cli_path(), os.cpu_count(), meta["load_before"][0], args.rounds), flush=True)
    cells = [(t, w) for t in transports for w in WORKLOADS if not (t in ("shm", "ring") and w[2])]
    samples = {(t, w[0]): {} for t, w in cells}
    where = tempfile.mkdtemp(prefix="mpb-bench-")
    try:
        for r in range(args.rounds):
            for transport, (name, size, use_pickle, count, warmup) in cells:
                count = max(10, int(count * args.scale))
                warmup = max(5, int(warmup * args.scale))
                got = measure(transport, size, use_pickle, count, python, env, where, warmup, order=rotated(PAIRS, r))
                for pair, result in got.items():
                    samples[(transport, name)].setdefault(pair, []).append(result)
            print("  round %d/%d done" % (r + 1, args.rounds), file=sys.stderr, flush=True)
        rows = []
        for transport, (name, size, use_pickle, _, _) in cells:
            rows += cell_rows(transport, name, size, use_pickle, samples[(transport, name)])
        if not args.no_codec:
            rows += codec_rows(python, env, max(args.rounds, 5), where)
    finally:
        shutil.rmtree(where, ignore_errors=True)
    meta["load_after"] = os.getloadavg()
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "bench.json"), "w") as f:
        json.dump({"meta": meta, "rows": rows}, f, indent=1)
    with open(os.path.join(args.out, "index.html"), "w") as f:
        f.write(bench_html.render(meta, rows))
    print()
    print("%-5s %-18s %-15s %12s %21s %10s %9s" % ("xport", "workload", "pair", "median us", "min-max us", "MB/s", "vs py"))
    for row in rows:
        print("%-5s %-18s %-15s %12.2f %21s %10s %8.2fx" % (
            row["transport"], row["workload"], row["pair"], row["median_rtt_us"],
            "%.2f-%.2f" % (row["min_rtt_us"], row["max_rtt_us"]),
            "-" if row["mb_per_s"] is None else "%.0f" % row["mb_per_s"], row["ratio_vs_python"] or 0))
    print("\nwrote %s and index.html (load %.2f -> %.2f: the machine is shared; read the spread)"
          % (os.path.join(args.out, "bench.json"), meta["load_before"][0], meta["load_after"][0]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
