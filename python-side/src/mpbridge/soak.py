"""``make soak``: load and soak of the Java listener and manager by real CPython clients, CPython's servers alongside.

    python -m mpbridge.soak [--clients 200] [--messages 5000] [--calls 1000] [--procs 8] [--json PATH]
                            [--servers java,python] [--reference-timeout 300]

Two workloads, each against the Java server and against CPython's own (the reference), in one run:

* ``echo``: ``--clients`` concurrent ``multiprocessing.connection`` clients each send ``--messages`` mixed
  messages (pickled values of the common types, bytes of 0 B .. 64 KiB among them, a window of 8 in flight) to
  ``mpbridge echo --listen`` / ``mpbridge.peers.echo_listener --pickle``;
* ``manager``: ``--clients`` concurrent ``SyncManager`` clients each make ``--calls`` calls on a ``Queue`` and a
  ``dict`` of their own (put/get and set/get pairs) on ``mpbridge manager serve`` / CPython's ``SyncManager``.

Every reply is checked: a message or call result that never came is **lost**, one that came twice
**duplicated**, one out of sequence **reordered**, one that differs **corrupted**; all four must be 0 (the exit
status is 1 otherwise). Also reported per server: throughput (messages or calls per second), the server's RSS
before / peak / after, its peak thread and fd counts. CPython's manager server is far slower under 200 clients;
its run stops at ``--reference-timeout`` seconds and reports how many clients finished (a figure, not a failure).
Clients run as ``--procs`` processes with one thread per connection. Loopback only, bounded in count and time.
"""
import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from decimal import Decimal

from mpbridge.java import cli_path, parse_address, stop_process

WINDOW = 8


# ---- the messages

def message(cid, seq, rnd):
    """(is_raw, value): pickled values of the common types (bytes of 0 B .. 64 KiB among them), each carrying
    (client, seq). The Java echo decodes and re-encodes each one, so what comes back proves the codec too."""
    kind = seq % 6
    if kind == 0:
        size = rnd.choice((0, 1, 63, 4096, 65536))
        return False, (cid, seq, bytes(rnd.getrandbits(8) for _ in range(min(size, 64))) * (size // 64 + 1))
    if kind == 1:
        return False, (cid, seq, "text \u00e9\u4e2d %d" % seq)
    if kind == 2:
        return False, [cid, seq, [1, 2.5, None, True], {"k": b"\x00\xff", "n": -2 ** 70}]
    if kind == 3:
        return False, {"cid": cid, "seq": seq, "set": {1, 2, 3}, "frozen": frozenset({"a"})}
    if kind == 4:
        return False, (cid, seq, Decimal("1.25"), 3 ** 50, -0.0, bytearray(b"ba"))
    return False, (cid, seq, b"x" * rnd.choice((0, 10, 1000)))


def ident(is_raw, value):
    return (value["cid"], value["seq"]) if isinstance(value, dict) else (value[0], value[1])


class Counts(object):
    def __init__(self):
        self.sent = self.ok = self.lost = self.duplicated = self.reordered = self.corrupted = 0
        self.errors = []

    def merge(self, d):
        for k in ("sent", "ok", "lost", "duplicated", "reordered", "corrupted"):
            setattr(self, k, getattr(self, k) + d[k])
        self.errors.extend(d["errors"][:3])

    def as_dict(self):
        return dict(sent=self.sent, ok=self.ok, lost=self.lost, duplicated=self.duplicated, reordered=self.reordered,
                    corrupted=self.corrupted, errors=self.errors[:5])


# ---- client workers (run in --procs processes)

def echo_client(address, cid, n, counts, lock, deadline):
    from multiprocessing.connection import Client
    rnd = random.Random(cid)
    c = Counts()
    try:
        conn = Client(address)
    except Exception as e:  # noqa: BLE001 - a refused connection loses every message
        c.sent, c.lost = n, n
        c.errors.append("connect: %r" % e)
        with lock:
            counts.merge(c.as_dict())
        return
    pending = []
    expected_next = 0
    seen = set()
    try:
        seq = 0
        while seq < n or pending:
            while seq < n and len(pending) < WINDOW:
                is_raw, value = message(cid, seq, rnd)
                (conn.send_bytes if is_raw else conn.send)(value)
                pending.append((is_raw, value))
                c.sent += 1
                seq += 1
            if time.monotonic() > deadline:
                raise TimeoutError("deadline")
            is_raw, sent = pending.pop(0)
            if not conn.poll(60):
                raise TimeoutError("no reply in 60 s")
            got = conn.recv_bytes() if is_raw else conn.recv()
            try:
                key = ident(is_raw, got)
            except Exception:  # noqa: BLE001 - unreadable: corrupted
                c.corrupted += 1
                continue
            if key in seen:
                c.duplicated += 1
                pending.insert(0, (is_raw, sent))
                continue
            seen.add(key)
            if key[1] != expected_next:
                c.reordered += 1
            expected_next = key[1] + 1
            if got != sent or type(got) is not type(sent):
                c.corrupted += 1
            else:
                c.ok += 1
        if conn.poll(0.2):
            c.duplicated += 1  # a reply nobody asked for
    except Exception as e:  # noqa: BLE001 - what did not come back is lost
        c.lost += len(pending) + (n - c.sent)
        c.sent = n
        c.errors.append("client %d: %r" % (cid, e))
    finally:
        conn.close()
    with lock:
        counts.merge(c.as_dict())


def manager_client(address, cid, n, counts, lock, deadline):
    from multiprocessing.managers import SyncManager
    c = Counts()
    done = 0
    try:
        m = SyncManager(address=address, authkey=b"")
        m.connect()
        q = m.Queue()
        d = m.dict()
        for i in range(0, n, 2):
            if time.monotonic() > deadline:
                raise TimeoutError("deadline")
            value = (cid, i, "v%d" % i, [i, i * 0.5])
            if i % 4 == 0:
                q.put(value)
                got = q.get(timeout=60)
            else:
                d[i % 50] = value
                got = d[i % 50]
            c.sent += 2
            done += 2
            if got != value:
                if isinstance(got, tuple) and len(got) > 1 and got[:2] != value[:2]:
                    c.reordered += 2
                else:
                    c.corrupted += 2
            else:
                c.ok += 2
        if q.qsize() != 0:
            c.duplicated += q.qsize()
    except Exception as e:  # noqa: BLE001 - calls not made are lost
        c.lost += n - done
        c.sent = n
        c.errors.append("client %d: %r" % (cid, e))
    with lock:
        counts.merge(c.as_dict())


def worker(args):
    """One client process: threads for client ids [first, first+count); prints one JSON line."""
    address = parse_address(args.address)
    counts, lock = Counts(), threading.Lock()
    fn = echo_client if args.workload == "echo" else manager_client
    deadline = time.monotonic() + args.deadline
    threads = [threading.Thread(target=fn, args=(address, cid, args.n, counts, lock, deadline), daemon=True)
               for cid in range(args.first, args.first + args.count)]
    start = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join(max(0.1, deadline - time.monotonic() + 30))
    unfinished = sum(1 for t in threads if t.is_alive())
    out = counts.as_dict()
    out.update(seconds=time.monotonic() - start, unfinished=unfinished)
    print(json.dumps(out), flush=True)
    os._exit(0)  # unfinished daemon threads may still block in a socket


# ---- the server under test

class Watched(object):
    """A server that prints READY <ADDR>; its RSS, threads and fds sampled until stopped."""

    def __init__(self, cmd, env):
        # stderr to a file, never an unread pipe: a server that logs per connection would block once it is full
        self.stderr = tempfile.TemporaryFile(mode="w+")
        self.process = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=self.stderr, text=True, env=env)
        line = self.process.stdout.readline().strip()
        if not line.startswith("READY "):
            stop_process(self.process)
            raise RuntimeError("%s did not print READY: %r (stderr: %s)" % (" ".join(cmd), line, self.stderr_tail()))
        self.address = line[len("READY "):]
        self.rss_before = self.rss() or 0
        self.peak_rss = self.rss_before
        self.peak_threads = self.peak_fds = 0
        self._stop = threading.Event()
        self._sampler = threading.Thread(target=self._sample, daemon=True)
        self._sampler.start()

    def status(self, field):
        try:
            with open("/proc/%d/status" % self.process.pid) as f:
                for line in f:
                    if line.startswith(field + ":"):
                        return int(line.split()[1])
        except OSError:
            return None
        return None

    def rss(self):
        kb = self.status("VmRSS")
        return None if kb is None else kb * 1024

    def fds(self):
        try:
            return len(os.listdir("/proc/%d/fd" % self.process.pid))
        except OSError:
            return 0

    def _sample(self):
        while not self._stop.wait(0.1):
            self.peak_rss = max(self.peak_rss, self.rss() or 0)
            self.peak_threads = max(self.peak_threads, self.status("Threads") or 0)
            self.peak_fds = max(self.peak_fds, self.fds())

    def figures(self):
        self._stop.set()
        self._sampler.join()
        time.sleep(1.0)  # the server lets go of finished connections
        return dict(rss_before_mb=round(self.rss_before / 2 ** 20, 1), rss_peak_mb=round(self.peak_rss / 2 ** 20, 1),
                    rss_after_mb=round((self.rss() or 0) / 2 ** 20, 1), peak_threads=self.peak_threads,
                    peak_fds=self.peak_fds, threads_after=self.status("Threads"), fds_after=self.fds())

    def stderr_tail(self, size=2000):
        self.stderr.flush()
        self.stderr.seek(0)
        return self.stderr.read()[-size:]

    def stop(self):
        stop_process(self.process)
        self.stderr.close()


def server_cmd(server, workload):
    py = sys.executable
    if workload == "echo":
        return ([cli_path(), "echo", "--listen", "tcp:127.0.0.1:0"] if server == "java" else
                [py, "-m", "mpbridge.peers.echo_listener", "tcp:127.0.0.1:0", "--pickle"])
    return ([cli_path(), "manager", "serve", "--listen", "tcp:127.0.0.1:0"] if server == "java" else
            [py, "-m", "mpbridge.peers.manager_server", "--listen", "tcp:127.0.0.1:0"])


def run(server, workload, clients, n, procs, deadline_s, env):
    srv = Watched(server_cmd(server, workload), env)
    try:
        per = [clients // procs + (1 if i < clients % procs else 0) for i in range(procs)]
        workers, first = [], 0
        start = time.monotonic()
        for count in per:
            if count:
                workers.append(subprocess.Popen(
                    [sys.executable, "-m", "mpbridge.soak", "--worker", "--workload", workload, "--address", srv.address,
                     "--first", str(first), "--count", str(count), "--n", str(n), "--deadline", str(deadline_s)],
                    stdout=subprocess.PIPE, text=True, env=env))
            first += count
        total, unfinished = Counts(), 0
        for w in workers:
            try:
                out, _ = w.communicate(timeout=max(10.0, start + deadline_s + 120 - time.monotonic()))
            except subprocess.TimeoutExpired:  # a worker stuck past its own deadline: bounded, counted
                w.kill()
                out, _ = w.communicate()
                total.errors.append("a client process was killed %d s past the deadline" % 120)
            lines = [l for l in out.splitlines() if l.startswith("{")]
            if not lines:
                total.errors.append("a client process printed nothing (exit %s)" % w.returncode)
                continue
            d = json.loads(lines[-1])
            total.merge(d)
            unfinished += d["unfinished"]
        seconds = time.monotonic() - start
        result = dict(server=server, workload=workload, clients=clients, per_client=n, seconds=round(seconds, 1),
                      per_second=round(total.ok / seconds) if seconds else 0, unfinished_clients=unfinished,
                      **total.as_dict())
        result.update(srv.figures())
        return result
    finally:
        srv.stop()


def main(argv=None):
    ap = argparse.ArgumentParser(prog="mpbridge.soak", description=__doc__.splitlines()[0])
    ap.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--workload", default="echo")
    ap.add_argument("--address")
    ap.add_argument("--first", type=int, default=0)
    ap.add_argument("--count", type=int, default=0)
    ap.add_argument("--n", type=int, default=0)
    ap.add_argument("--deadline", type=float, default=600)
    ap.add_argument("--clients", type=int, default=200)
    ap.add_argument("--messages", type=int, default=5000)
    ap.add_argument("--calls", type=int, default=1000)
    ap.add_argument("--procs", type=int, default=8)
    ap.add_argument("--servers", default="java,python")
    ap.add_argument("--workloads", default="echo,manager")
    ap.add_argument("--reference-timeout", type=float, default=300)
    ap.add_argument("--json")
    a = ap.parse_args(argv)
    if a.worker:
        return worker(a)
    env = dict(os.environ)
    src = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    env["PYTHONPATH"] = src + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    results, failed = [], False
    for workload in a.workloads.split(","):
        for server in a.servers.split(","):
            n = a.messages if workload == "echo" else a.calls
            deadline = 1800 if server == "java" else a.reference_timeout
            r = run(server, workload, a.clients, n, min(a.procs, a.clients), deadline, env)
            results.append(r)
            bad = r["lost"] + r["duplicated"] + r["reordered"] + r["corrupted"]
            # the Java server must be perfect; CPython's reference may only run out of time (unfinished)
            if server == "java" and (bad or r["unfinished_clients"]):
                failed = True
            print("%-7s %-8s %4d clients x %5d: %7d ok  %6d/s  lost %d dup %d reord %d corrupt %d  unfinished %d  "
                  "rss %s/%s/%s MB  threads %s  fds %s  (%.0f s)%s" % (
                      workload, server, r["clients"], n, r["ok"], r["per_second"], r["lost"], r["duplicated"],
                      r["reordered"], r["corrupted"], r["unfinished_clients"], r["rss_before_mb"], r["rss_peak_mb"],
                      r["rss_after_mb"], r["peak_threads"], r["peak_fds"], r["seconds"],
                      ("  errors: %s" % r["errors"][:2]) if r["errors"] else ""), flush=True)
    if a.json:
        os.makedirs(os.path.dirname(os.path.abspath(a.json)), exist_ok=True)
        with open(a.json, "w") as f:
            json.dump({"python": sys.version.split()[0], "results": results}, f, indent=1)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
