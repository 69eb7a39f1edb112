"""``make bench``: the same echo conversation over each transport for every pairing, in one run.

Pairings (client -> echo server): python->python (the reference: CPython on both ends), python->java,
java->python, java->java. Workloads: small raw messages (latency), 1 MiB raw messages (throughput), small
pickled dicts (codec). Printed as round trips per second and MB/s with the ratio to python->python.
Benchmarks, not tests: nothing here asserts a speed.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

from mpbridge import interpreters
from mpbridge.java import JavaPeer, cli_path

WORKLOADS = [
    ("small 64 B", ["--size", "64"], 20000),
    ("large 1 MiB", ["--size", str(1 << 20)], 300),
    ("pickle dict", ["--pickle"], 20000),
]


class PythonEcho(object):
    def __init__(self, python, address, use_pickle, env):
        args = [python, "-m", "mpbridge.peers.echo_listener", address] + (["--pickle"] if use_pickle else [])
        self.process = subprocess.Popen(args, stdout=subprocess.PIPE, text=True, env=env)
        line = self.process.stdout.readline().strip()
        if not line.startswith("READY "):
            self.process.kill()
            raise RuntimeError("python echo did not start: %r" % line)
        self.address_text = line[6:]

    def close(self):
        self.process.kill()
        self.process.wait()


def run_client(kind, python, address, extra, count, env):
    if kind == "java":
        cmd = [cli_path(), "bench", "--connect", address, "--count", str(count)] + extra
    else:
        cmd = [python, "-m", "mpbridge.peers.bench_client", address, "--count", str(count)] + extra
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=600, env=env)
    if out.returncode != 0:
        raise RuntimeError("%s client failed: %s" % (kind, out.stderr))
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--python", help="interpreter version for the Python ends (default: newest found)")
    ap.add_argument("--transport", default="tcp,unix")
    ap.add_argument("--scale", type=float, default=1.0, help="multiply message counts (e.g. 0.1 for a quick look)")
    args = ap.parse_args(argv)
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
    tmp = tempfile.mkdtemp(prefix="mpb-bench-")
    try:
        for transport in args.transport.split(","):
            for name, extra, count in WORKLOADS:
                count = max(10, int(count * args.scale))
                use_pickle = "--pickle" in extra
                results = {}
                for server in ("python", "java"):
                    address = "tcp:127.0.0.1:0" if transport == "tcp" else "unix:" + os.path.join(tmp, "%s-%d.sock" % (server, len(rows) + len(results)))
                    if server == "java":
                        srv = JavaPeer(["echo", "--listen", address] + ([] if use_pickle else ["--raw"]), env=env)
                    else:
                        srv = PythonEcho(python, address, use_pickle, env)
                    try:
                        for client in ("python", "java"):
                            r = run_client(client, python, srv.address_text, extra, count, env)
                            results["%s->%s" % (client, server)] = r
                    finally:
                        srv.close()
                ref = results["python->python"]["seconds"]
                for pair in ("python->python", "python->java", "java->python", "java->java"):
                    r = results[pair]
                    per_sec = r["count"] / r["seconds"]
                    mbps = 2 * r["count"] * r["size"] / r["seconds"] / 1e6 if not use_pickle else 0.0
                    rows.append((transport, name, pair, per_sec, mbps, ref / r["seconds"]))
    finally:
        for f in os.listdir(tmp):
            os.unlink(os.path.join(tmp, f))
        os.rmdir(tmp)
    print()
    print("%-5s %-12s %-15s %14s %10s %14s" % ("xport", "workload", "client->server", "round trips/s", "MB/s", "vs py->py"))
    for transport, name, pair, per_sec, mbps, ratio in rows:
        print("%-5s %-12s %-15s %14.0f %10s %13.2fx" % (transport, name, pair, per_sec, ("%.0f" % mbps) if mbps else "-", ratio))
    return 0


if __name__ == "__main__":
    sys.exit(main())
