"""``make bench-codec``: mpbridge's Java pickle codec against CPython's C pickle, same payloads, same run.

Workloads (issue 12): ``dicts`` one pickle of 100k small dicts (int, str, float, list of 2 str, bool), ``small``
a 3-key dict per message, ``bytes``/``bytearray`` 16 MiB; ops ``dumps``/``loads`` (protocol 4), and ``copy``
(a plain 16 MiB copy, the yardstick of the 16 MiB goals). The Java side (``org.mpbridge.bench.CodecRounds``)
and each CPython 3.11-3.13 found (this file with ``--serve``) stay up; every round asks each of them in turn,
the order alternating between rounds, so drift hits all alike. The first round is warm-up, reported apart.

Prints a table (median ns per op, min-max, ``speed`` = CPython median / Java median, > 1: Java faster; the
same from each process's CPU time, which a loaded machine disturbs less;
``size`` = Java pickle bytes / CPython's) and writes ``build/bench/codec.json``: ``rows`` shaped like
bench.json's (``transport: "codec"``, ``workload``, ``pair`` ``java`` or ``python``) plus ``summary``.
"""
import argparse
import json
import os
import pickle
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(REPO, "python-side", "src"))

WORKLOADS = ("dicts", "small", "bytes", "bytearray")
OPS = ("dumps", "loads")
BULK = 16 * 1024 * 1024


def payload(workload):
    if workload == "dicts":
        return [{"id": i, "name": "item-%d" % i, "score": i * 0.5, "tags": ["red", "blue"], "ok": i % 2 == 0}
                for i in range(100000)]
    if workload == "small":
        return {"id": 7, "name": "alpha", "value": 3.5}
    if workload == "bytes":
        return os.urandom(BULK)
    if workload == "bytearray":
        return bytearray(os.urandom(BULK))
    raise ValueError(workload)


def serve():
    """The CPython harness: the same line protocol as CodecRounds."""
    values, pickles = {}, {}
    bulk = os.urandom(BULK)
    print(json.dumps({"ready": True, "version": sys.version.split()[0]}), flush=True)
    for line in sys.stdin:
        words = line.split()
        if len(words) != 2:
            continue
        workload, op = words
        if workload not in values:
            values[workload] = payload(workload)
            pickles[workload] = pickle.dumps(values[workload], protocol=4)
        value, data = values[workload], pickles[workload]
        batch = 10000 if workload == "small" else 1
        reps = 5 if workload == "dicts" else 15
        times, cpu = [], []
        dumps, loads = pickle.dumps, pickle.loads
        for _ in range(reps):
            c0 = time.process_time_ns()
            t0 = time.perf_counter_ns()
            if op == "dumps":
                for _ in range(batch):
                    dumps(value, 4)
            elif op == "loads":
                for _ in range(batch):
                    loads(data)
            else:
                for _ in range(batch):
                    bytearray(bulk)
            times.append((time.perf_counter_ns() - t0) // batch)
            cpu.append((time.process_time_ns() - c0) // batch)
        times.sort()
        cpu.sort()
        print(json.dumps({"workload": workload, "op": op, "ns": times[reps // 2], "min_ns": times[0],
                          "cpu_ns": cpu[reps // 2], "size": len(data)}), flush=True)


class Side:
    def __init__(self, name, argv):
        self.name = name
        self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        ready = self.proc.stdout.readline()
        if not ready:
            raise RuntimeError("%s did not start: %s" % (name, " ".join(argv)))

    def ask(self, workload, op):
        self.proc.stdin.write("%s %s\n" % (workload, op))
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError("%s exited" % self.name)
        return json.loads(line)

    def close(self):
        try:
            self.proc.stdin.close()
            self.proc.wait(timeout=30)
        except Exception:
            self.proc.kill()
            self.proc.wait()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--rounds", type=int, default=5, help="measured rounds (after one warm-up round)")
    parser.add_argument("--python", default="3.11,3.12,3.13", help="CPython versions to compare (prefixes)")
    parser.add_argument("--jar", default=os.path.join(REPO, "java-side", "bench", "target", "benchmarks.jar"))
    parser.add_argument("--java", default=os.environ.get("JAVA", "java"))
    parser.add_argument("--workloads", default=",".join(WORKLOADS))
    parser.add_argument("--out", default=os.path.join(REPO, "build", "bench", "codec.json"))
    args = parser.parse_args(argv)
    if args.serve:
        serve()
        return 0
    from mpbridge import interpreters
    found, _ = interpreters.discover()
    pythons = interpreters.select(found, args.python)
    if not pythons:
        print("bench-codec: no CPython %s found" % args.python, file=sys.stderr)
        return 1
    if not os.path.exists(args.jar):
        print("bench-codec: %s missing (mvn -pl java-side/bench -am package)" % args.jar, file=sys.stderr)
        return 1
    workloads = [w for w in args.workloads.split(",") if w]
    sides = []
    try:
        sides.append(Side("java", [args.java, "-Xms2g", "-Xmx3g", "-cp", args.jar, "org.mpbridge.bench.CodecRounds"]))
        for p in pythons:
            sides.append(Side("python" + ".".join(p.version.split(".")[:2]), [p.path, os.path.abspath(__file__), "--serve"]))
        results = {}  # (side, workload, op) -> [ns per round]
        sizes = {}
        cells = [(w, op) for w in workloads for op in OPS] + [("bytes", "copy")]
        for rnd in range(args.rounds + 1):
            order = sides if rnd % 2 == 0 else list(reversed(sides))
            for workload, op in cells:
                for side in order:
                    r = side.ask(workload, op)
                    sizes[(side.name, workload)] = r["size"]
                    key = (side.name, workload, op)
                    results.setdefault(key, []).append(r["ns"])
                    results.setdefault(key + ("cpu",), []).append(r["cpu_ns"])
            print("round %d%s done" % (rnd, " (warm-up)" if rnd == 0 else ""), file=sys.stderr)
        report(sides, results, sizes, cells, args)
    finally:
        for s in sides:
            s.close()
    return 0


def report(sides, results, sizes, cells, args):
    rows = []
    summary = []
    print("%-10s %-6s %-10s %14s %22s %9s %12s %9s %9s" % ("workload", "op", "side", "median ns", "min-max ns", "speed",
                                                         "cpu ns", "cpu speed", "size"))
    for workload, op in cells:
        java = results[("java", workload, op)][1:]
        jmed = statistics.median(java)
        jcpu = statistics.median(results[("java", workload, op, "cpu")][1:])
        for side in sides:
            measured = results[(side.name, workload, op)][1:]
            med = statistics.median(measured)
            cpu = statistics.median(results[(side.name, workload, op, "cpu")][1:])
            size = sizes[(side.name, workload)] if op != "copy" else BULK
            pair = "java" if side.name == "java" else "python"
            rows.append({"transport": "codec", "workload": "%s-%s" % (workload, op), "pair": pair,
                         "python": None if pair == "java" else side.name[len("python"):],
                         "median_rtt_us": med / 1000.0, "min_rtt_us": min(measured) / 1000.0,
                         "max_rtt_us": max(measured) / 1000.0,
                         "mb_per_s": (size / (med / 1e9)) / 1e6 if med else None,
                         "warmup_us": results[(side.name, workload, op)][0] / 1000.0,
                         "median_cpu_us": cpu / 1000.0,
                         "pickle_bytes": size if op != "copy" else None,
                         "ratio_vs_python": None})
            speed = "" if side.name == "java" else "%.2fx" % (med / jmed)
            cpu_speed = "" if side.name == "java" else "%.2fx" % (cpu / jcpu if jcpu else float("nan"))
            ratio = "" if side.name == "java" or op == "copy" else "%.3f" % (sizes[("java", workload)] / size)
            print("%-10s %-6s %-10s %14.0f %22s %9s %12.0f %9s %9s" % (workload, op, side.name, med,
                  "%d-%d" % (min(measured), max(measured)), speed, cpu, cpu_speed, ratio))
            if side.name != "java":
                summary.append({"workload": workload, "op": op, "python": side.name[len("python"):],
                                "speed_java_vs_python": med / jmed,
                                "cpu_speed_java_vs_python": cpu / jcpu if jcpu else None,
                                "size_java_vs_python": None if op == "copy" else sizes[("java", workload)] / size})
    copy = statistics.median(results[("java", "bytes", "copy")][1:])
    copy_cpu = statistics.median(results[("java", "bytes", "copy", "cpu")][1:])
    for workload in ("bytes", "bytearray"):
        for op in OPS:
            if ("java", workload, op) in results:
                t = statistics.median(results[("java", workload, op)][1:])
                c = statistics.median(results[("java", workload, op, "cpu")][1:])
                print("java %s %s: %.2fx a plain 16 MiB copy (cpu %.2fx)" % (workload, op, t / copy, c / copy_cpu))
                summary.append({"workload": workload, "op": op, "java_vs_plain_copy": t / copy,
                                "java_vs_plain_copy_cpu": c / copy_cpu})
    for row in rows:  # ratio_vs_python: the same run's CPython (newest) median over this cell's
        ref = [r for r in rows if r["workload"] == row["workload"] and r["pair"] == "python"]
        if ref:
            row["ratio_vs_python"] = ref[-1]["median_rtt_us"] / row["median_rtt_us"]
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w") as f:
        json.dump({"rows": rows, "summary": summary}, f, indent=1)
    print("wrote %s" % args.out)


if __name__ == "__main__":
    sys.exit(main())
