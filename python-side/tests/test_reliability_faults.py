"""Faults: a peer killed (SIGKILL) mid-frame, mid-handshake, holding a manager Lock or a named semaphore, and a
server killed under blocked clients. The survivor returns (EOF, error or timeout, as CPython would) within 1 s, in
every trial, and a server keeps serving everyone else.

Trials: ``MPBRIDGE_FAULT_TRIALS`` (``make soak`` runs 100 of each; ``make test`` fewer where a trial starts a JVM).
Each test prints its counts and worst latency. "The server noticed" is observed from outside: the Java process's
open file descriptors are back to what they were before the client connected.
"""
import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from conftest import peer_env
from mpbridge.java import JavaPeer, stop_process

pytestmark = pytest.mark.interop
TRIALS = int(os.environ.get("MPBRIDGE_FAULT_TRIALS", "0")) or None
CHEAP = TRIALS or 40  # trials that start only a CPython process
JVM = TRIALS or 4  # trials that start a JVM each
NOTICE_S = 1.0

CLIENT = textwrap.dedent(r'''
    import socket, struct, sys, time
    from multiprocessing.connection import Client, answer_challenge
    host, port, case = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    if case == "mid-frame":
        s = socket.create_connection((host, port))
        s.sendall(struct.pack("!i", 100000) + b"only part of it")
    elif case == "mid-handshake":
        s = socket.create_connection((host, port))
        s.recv(64)  # the challenge; the answer never comes
    print("READY", flush=True)
    time.sleep(600)
''')


def fds(pid):
    return len(os.listdir("/proc/%d/fd" % pid))


def await_fds(pid, at_most, timeout):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if fds(pid) <= at_most:
            return True
        time.sleep(0.002)
    return fds(pid) <= at_most


def settled_fds(peer):
    """The listener's fd count once warm: after one full conversation, when it stays put for 0.3 s."""
    from multiprocessing.connection import Client
    with Client(peer.address, authkey=peer.authkey) as c:
        c.send(1)
        c.recv()
    last, since = fds(peer.process.pid), time.monotonic()
    end = since + 15
    while time.monotonic() < end and time.monotonic() - since < 0.3:
        time.sleep(0.01)
        now = fds(peer.process.pid)
        if now != last:
            last, since = now, time.monotonic()
    return last


def kill_client_trials(peer, case, trials):
    host, port = peer.address
    pid = peer.process.pid
    baseline = settled_fds(peer)
    took = []
    for _ in range(trials):
        p = subprocess.Popen([sys.executable, "-c", CLIENT, host, str(port), case], stdout=subprocess.PIPE, text=True)
        try:
            assert p.stdout.readline().strip() == "READY"
            assert await_fds(pid, baseline + 64, 5)
            p.send_signal(signal.SIGKILL)
            p.wait(10)
            start = time.monotonic()
            assert await_fds(pid, baseline, 10), "the listener still holds the killed client's connection"
            took.append(time.monotonic() - start)
        finally:
            if p.poll() is None:
                p.kill()
            p.stdout.close()
    within = sum(1 for t in took if t <= NOTICE_S)
    print("%s: listener noticed the SIGKILL within %.1f s in %d/%d trials (worst %.3f s)"
          % (case, NOTICE_S, within, trials, max(took)))
    assert within == trials
    # and it keeps serving everyone else
    from multiprocessing.connection import Client
    with Client(peer.address, authkey=peer.authkey) as c:
        c.send({"still": "serving"})
        assert c.recv() == {"still": "serving"}


def test_client_killed_mid_frame_listener_notices_within_1s(java_peer):
    kill_client_trials(java_peer(["echo", "--listen", "tcp:127.0.0.1:0"]), "mid-frame", CHEAP)


def test_client_killed_mid_handshake_listener_notices_within_1s(java_peer):
    peer = java_peer(["echo", "--listen", "tcp:127.0.0.1:0", "--authkey-env", "MPB_KEY"], authkey_env="MPB_KEY")
    kill_client_trials(peer, "mid-handshake", CHEAP)


HOLDER = textwrap.dedent(r'''
    import sys, time
    from multiprocessing.managers import SyncManager
    host, port = sys.argv[1], int(sys.argv[2])
    m = SyncManager(address=(host, port), authkey=b""); m.connect()
    lock = m.Lock(); lock.acquire()
    print(lock._token.id, flush=True)
    time.sleep(600)
''')

SURVIVOR = textwrap.dedent(r'''
    import sys, time
    from multiprocessing.managers import AcquirerProxy, SyncManager, Token
    host, port, ident, wait = sys.argv[1], int(sys.argv[2]), sys.argv[3], float(sys.argv[4])
    lock = AcquirerProxy(Token("Lock", (host, port), ident), "pickle", authkey=b"", incref=False)
    print("WAITING", flush=True)
    t = time.monotonic(); got = lock.acquire(timeout=wait); took = time.monotonic() - t
    m = SyncManager(address=(host, port), authkey=b""); m.connect()
    d = m.dict(); d["k"] = 1
    print(got, round(took, 3), d["k"], flush=True)
''')


def test_client_killed_holding_a_manager_lock_others_time_out_as_in_cpython_and_the_server_serves_on(java_peer):
    """CPython's manager does not release a dead client's Lock: a waiter's acquire(timeout) returns False at its
    timeout. The Java manager must do the same, on time, and go on serving."""
    peer = java_peer(["manager", "serve", "--listen", "tcp:127.0.0.1:0"])
    host, port = peer.address
    late = []
    for _ in range(TRIALS or CHEAP // 4):  # make soak: 100, as the issue asks
        holder = subprocess.Popen([sys.executable, "-c", HOLDER, host, str(port)], stdout=subprocess.PIPE, text=True,
                                  env=peer_env())
        try:
            ident = holder.stdout.readline().strip()
            assert ident, "the holder did not get the lock"
            survivor = subprocess.Popen([sys.executable, "-c", SURVIVOR, host, str(port), ident, "0.5"],
                                        stdout=subprocess.PIPE, text=True, env=peer_env())
            assert survivor.stdout.readline().strip() == "WAITING"
            holder.send_signal(signal.SIGKILL)
            out, _ = survivor.communicate(timeout=30)
            got, took, value = out.split()
            assert got == "False" and value == "1", out
            late.append(float(took) - 0.5)
        finally:
            stop_process(holder)
    within = sum(1 for t in late if t <= NOTICE_S)
    print("manager Lock held by a SIGKILLed client: waiter timed out as CPython's does, within %.1f s of its "
          "timeout in %d/%d trials (worst +%.3f s); server kept serving" % (NOTICE_S, within, len(late), max(late)))
    assert within == len(late)


SEM_HOLDER = textwrap.dedent(r'''
    import sys, time
    from mpbridge.sem import NamedSemaphore
    s = NamedSemaphore.open(sys.argv[1]); s.acquire()
    print("HELD", flush=True)
    time.sleep(600)
''')


def test_process_killed_holding_a_named_semaphore_java_waiter_times_out_as_in_cpython():
    """A POSIX semaphore is not given back when its holder dies (CPython's SemLock neither): the Java waiter's
    timed acquire ends at its timeout (exit 1), and the semaphore works for everyone afterwards."""
    from mpbridge.sem import NamedSemaphore
    import secrets
    cli = os.environ.get("MPBRIDGE_CLI") or os.path.join(os.path.dirname(__file__), "..", "..", "bin", "mpbridge")
    late = []
    for _ in range(JVM):
        name = "/mpbfault" + secrets.token_hex(4)
        sem = NamedSemaphore.create(name, 1)
        try:
            holder = subprocess.Popen([sys.executable, "-c", SEM_HOLDER, name], stdout=subprocess.PIPE, text=True,
                                      env=peer_env())
            assert holder.stdout.readline().strip() == "HELD"
            holder.send_signal(signal.SIGKILL)
            holder.wait(10)
            holder.stdout.close()
            start = time.monotonic()
            waiter = subprocess.run([cli, "sem", "acquire", name, "--timeout", "0.5"], capture_output=True, text=True,
                                    timeout=60)
            took = time.monotonic() - start
            assert waiter.returncode == 1, (waiter.returncode, waiter.stderr)
            late.append(took)
            sem.release()
            assert subprocess.run([cli, "sem", "acquire", name, "--timeout", "5"], timeout=60).returncode == 0
        finally:
            sem.close()
            NamedSemaphore.unlink_name(name)
    print("named semaphore held by a SIGKILLed process: Java waiter timed out (exit 1) in %d/%d trials, worst %.2f s "
          "for a 0.5 s timeout including JVM start" % (len(late), JVM, max(late)))


BLOCKED = textwrap.dedent(r'''
    import sys, time
    from multiprocessing.managers import SyncManager
    from multiprocessing.connection import Client
    host, port, what = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    if what == "manager":
        m = SyncManager(address=(host, port), authkey=b""); m.connect()
        q = m.Queue()
        block = q.get
    else:
        c = Client((host, port))
        block = c.recv
    print("BLOCKED", flush=True)
    try:
        block()
        print("RETURNED", flush=True)
    except (EOFError, ConnectionError, OSError) as e:
        print(type(e).__name__, time.monotonic(), flush=True)
    # What is measured ends here. At exit the proxy's finalizer would decref on the dead server's address (its
    # port may already belong to another test's listener that never answers): leave without finalizers.
    import os; os._exit(0)
''')


@pytest.mark.parametrize("what", ["manager", "echo"])
def test_server_killed_under_blocked_clients_they_all_return_within_1s(what):
    """Clients blocked in q.get() (manager) or recv() (listener) when the Java server is SIGKILLed get EOFError or
    a connection error at once, as with CPython's servers."""
    args = ["manager", "serve", "--listen", "tcp:127.0.0.1:0"] if what == "manager" else [
        "echo", "--listen", "tcp:127.0.0.1:0"]
    results = []
    for _ in range(JVM):
        server = JavaPeer(args)
        host, port = server.address
        clients = [subprocess.Popen([sys.executable, "-c", BLOCKED, host, str(port), what], stdout=subprocess.PIPE,
                                    text=True, env=peer_env()) for _ in range(3)]
        try:
            for c in clients:
                assert c.stdout.readline().strip() == "BLOCKED"
            time.sleep(0.05)  # let the blocking call reach the server (it is in flight either way)
            killed = time.monotonic()
            server.process.send_signal(signal.SIGKILL)
            for c in clients:
                out, _ = c.communicate(timeout=30)
                kind, when = out.split()
                assert kind in ("EOFError", "ConnectionResetError", "ConnectionAbortedError", "BrokenPipeError"), out
                results.append(float(when) - killed)
        finally:
            for c in clients:
                if c.poll() is None:
                    c.kill()
            server.close()
    within = sum(1 for t in results if t <= NOTICE_S)
    print("%s server SIGKILLed under %d blocked clients: returned within %.1f s in %d/%d (worst %.3f s)"
          % (what, 3, NOTICE_S, within, len(results), max(results)))
    assert within == len(results)
