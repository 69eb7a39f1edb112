"""``make bench``: the same echo conversation over each transport for every pairing, in one run.

Pairings (client -> echo side): python->python (the reference: CPython on both ends), python->java,
java->python, java->java. Transports:

* ``tcp``, ``unix``: a ``multiprocessing.connection`` listener and client;
* ``pipe``: the client starts the echo side as its child and talks over the child's stdin/stdout (a Python
  client gives it a socketpair, as ``Pipe()`` does; a Java client, the process's pipes);
* ``shm``: shared memory and two POSIX named semaphores (Java's ``ShmEcho`` / ``mpbridge.peers.shm_echo``);
  Python's semaphores are ``multiprocessing`` SemLocks opened by name.

Workloads: small raw messages (latency), 1 MiB raw messages (throughput), small pickled dicts (codec; not over
``shm``, which carries raw bytes). Printed as round trips per second and MB/s with the ratio to python->python.
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

from mpbridge import interpreters
from mpbridge.java import cli_path, stop_process

TRANSPORTS = ("tcp", "unix", "pipe", "shm")
WORKLOADS = [
    ("small 64 B", 64, False, 20000),
    ("large 1 MiB", 1 << 20, False, 300),
    ("pickle dict", 64, True, 20000),
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
                                                "spawn": ["--spawn", "--"] + list(what)}[how]
    else:
        cmd = [python, "-m", "mpbridge.peers.bench_client"] + common + {
            "connect": [what], "shm": ["--shm", what], "spawn": ["--spawn"] + list(what)}[how]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=600, env=env)
    if out.returncode != 0:
        raise RuntimeError("%s client failed (%s): %s" % (kind, " ".join(cmd), out.stderr))
    return json.loads(out.stdout.strip().splitlines()[-1])


def measure(transport, size, use_pickle, count, python, env, where, warmup=None):
    """{pair: result} for the four pairings over one transport and workload."""
    results = {}
    for server in ("python", "java"):
        for client in ("python", "java"):
            cmd = echo_side(server, transport, python, use_pickle, size, where)
            if transport == "pipe":
                results["%s->%s" % (client, server)] = run_client(client, python, ("spawn", cmd), size, use_pickle, count, env, warmup)
                continue
            peer = ReadyPeer(cmd, env)  # a fresh one per client: a shm echo serves one client, then stops
            try:
                how, _, what = peer.address.partition(":") if transport == "shm" else ("connect", None, peer.address)
                results["%s->%s" % (client, server)] = run_client(client, python, (how, what), size, use_pickle, count, env, warmup)
            finally:
                peer.close()
    return results


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--python", help="interpreter version for the Python ends (default: newest found)")
    ap.add_argument("--transport", default=",".join(TRANSPORTS), help="comma-separated, of: " + ", ".join(TRANSPORTS))
    ap.add_argument("--scale", type=float, default=1.0, help="multiply message counts (e.g. 0.1 for a quick look)")
    args = ap.parse_args(argv)
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
    env = dict(os.environ, PYTHONPATH=src)
    print("mpbridge bench: CPython %s (%s), Java %s; %d cores" % (found[-1].version, python, cli_path(), os.cpu_count()))
    rows = []
    where = tempfile.mkdtemp(prefix="mpb-bench-")
    try:
        for transport in transports:
            for name, size, use_pickle, count in WORKLOADS:
                if transport == "shm" and use_pickle:
                    continue
                count = max(10, int(count * args.scale))
                results = measure(transport, size, use_pickle, count, python, env, where)
                ref = results["python->python"]["seconds"]
                for pair in PAIRS:
                    r = results[pair]
                    per_sec = r["count"] / r["seconds"]
                    mbps = 2 * r["count"] * r["size"] / r["seconds"] / 1e6 if not use_pickle else 0.0
                    rows.append((transport, name, pair, per_sec, mbps, ref / r["seconds"]))
                print("  %s %s: done" % (transport, name), file=sys.stderr, flush=True)
    finally:
        shutil.rmtree(where, ignore_errors=True)
    print()
    print("%-5s %-12s %-15s %14s %10s %14s" % ("xport", "workload", "client->echo", "round trips/s", "MB/s", "vs py->py"))
    for transport, name, pair, per_sec, mbps, ratio in rows:
        print("%-5s %-12s %-15s %14.0f %10s %13.2fx" % (transport, name, pair, per_sec, ("%.0f" % mbps) if mbps else "-", ratio))
    return 0


if __name__ == "__main__":
    sys.exit(main())
