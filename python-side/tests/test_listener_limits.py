"""`mpbridge echo --listen` against stalled and excess CPython clients (issue 13's listener holes).

* stalled connections (nothing sent, half a handshake, half a header) cost one file descriptor each and no
  thread, and a normal client is still served (its round trip is reported, not asserted);
* out of file descriptors (the listener's own limit lowered with ``ulimit -n``) the excess is shed, logged once,
  and the listener keeps serving;
* ``--read-timeout`` / ``--idle-timeout`` close a connection that sent half a header / nothing.
"""
import os
import socket
import struct
import subprocess
import time
from multiprocessing.connection import Client

import pytest

from mpbridge.java import cli_path, parse_address, stop_process

pytestmark = pytest.mark.interop


def fds(pid):
    return len(os.listdir("/proc/%d/fd" % pid))


def threads(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("Threads:"):
                return int(line.split()[1])
    raise AssertionError("no Threads line")


def await_condition(check, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.05)
    raise AssertionError("not within %ss: %s" % (timeout, what() if callable(what) else what))


def eof_within(sock, timeout):
    """True when the server closed ``sock`` (recv returns b'' or the connection is reset) within ``timeout``."""
    sock.settimeout(timeout)
    try:
        while True:
            data = sock.recv(4096)
            if not data:
                return True
    except (ConnectionResetError, BrokenPipeError):
        return True
    except socket.timeout:
        return False


def round_trip_us(address, authkey):
    c = Client(address, authkey=authkey)
    try:
        t = time.perf_counter()
        c.send_bytes(b"x" * 64)
        assert c.recv_bytes() == b"x" * 64
        return (time.perf_counter() - t) * 1e6
    finally:
        c.close()


@pytest.mark.timeout(180)
def test_stalled_connections_cost_one_fd_and_no_thread(java_peer, capsys):
    peer = java_peer(["echo", "--listen", "tcp:127.0.0.1:0", "--raw", "--authkey-env", "MPB_KEY"], authkey_env="MPB_KEY")
    address = peer.address
    pid = peer.process.pid
    round_trip_us(address, peer.authkey)  # settle the loop's own descriptors and threads
    fds0, threads0 = fds(pid), threads(pid)
    stalled = []
    try:
        for i in range(300):
            if i % 3 == 2:  # the handshake done, then half a header
                c = Client(address, authkey=peer.authkey)
                c._send(b"\x00\x00")
                stalled.append(c)
                continue
            s = socket.create_connection(address)
            stalled.append(s)
            if i % 3 == 1:  # half a handshake: read the challenge, answer nothing
                s.settimeout(30)
                header = s.recv(4)
                assert len(header) == 4
        await_condition(lambda: fds(pid) >= fds0 + 290, 20,
                        lambda: "the listener holds all 300 connections (+%d fds)" % (fds(pid) - fds0))
        fds1, threads1 = fds(pid), threads(pid)
        latency = round_trip_us(address, peer.authkey)
        with capsys.disabled():
            print("\n300 stalled connections: +%d fds, +%d threads (a normal client's connect+round trip: %.0f us)"
                  % (fds1 - fds0, threads1 - threads0, latency))
        assert fds1 - fds0 <= 300 + 5, "more than one descriptor per connection: +%d" % (fds1 - fds0)
        assert threads1 - threads0 <= 2, "threads grew with connections: +%d" % (threads1 - threads0)
    finally:
        for s in stalled:
            s.close()
    await_condition(lambda: fds(pid) <= fds0 + 2, 60, "descriptors returned after the clients left")


@pytest.mark.timeout(180)
def test_out_of_file_descriptors_sheds_the_excess_and_keeps_serving(tmp_path):
    cmd = "ulimit -n 96 && exec %s echo --listen tcp:127.0.0.1:0 --raw" % cli_path()
    process = subprocess.Popen(["bash", "-c", cmd], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = process.stdout.readline().strip()
        assert line.startswith("READY "), (line, process.stderr.read() if process.poll() is not None else "")
        address = parse_address(line[len("READY "):])
        held = []
        try:
            for _ in range(150):  # more than the listener can hold
                held.append(socket.create_connection(address, timeout=30))
            # the excess is accepted and closed at once: some clients read end of file
            shed = sum(eof_within(s, 0.5) for s in held[-40:])
            assert shed > 0, "no connection was shed"
            assert process.poll() is None, "the listener died"
        finally:
            for s in held:
                s.close()
        # descriptors free again: the listener serves a new client
        await_condition(lambda: _try_round_trip(address), 60, "a new client served after the burst")
        assert process.poll() is None
    finally:
        process.terminate()
        try:
            _, err = process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            stop_process(process)
            raise
    assert err.count("out of file descriptors") == 1, err


def _try_round_trip(address):
    try:
        c = Client(address)
        try:
            c.send_bytes(b"ping")
            return c.recv_bytes() == b"ping"
        finally:
            c.close()
    except (OSError, EOFError):
        return False


@pytest.mark.timeout(120)
def test_read_and_idle_timeouts_close_stalled_connections(java_peer):
    peer = java_peer(["echo", "--listen", "tcp:127.0.0.1:0", "--raw", "--read-timeout", "1", "--idle-timeout", "3"])
    address = peer.address
    half = socket.create_connection(address)
    half.sendall(struct.pack("!i", 100)[:2])
    silent = socket.create_connection(address)
    busy = Client(address)
    t = time.monotonic()
    for _ in range(20):  # a client that keeps talking is not cut off
        busy.send_bytes(b"x")
        assert busy.recv_bytes() == b"x"
    assert eof_within(half, 30), "half a header was held past --read-timeout"
    t_half = time.monotonic() - t
    assert eof_within(silent, 30), "a silent connection was held past --idle-timeout"
    t_silent = time.monotonic() - t
    assert 0.5 <= t_half < 30 and t_silent >= 2.5, (t_half, t_silent)
    busy.close()  # idle itself by now: the idle timeout applies to it too
    fresh = Client(address)
    fresh.send_bytes(b"still serving")
    assert fresh.recv_bytes() == b"still serving"
    fresh.close()
    await_condition(lambda: "read timeout" in peer.stderr() and "idle timeout" in peer.stderr(), 20,
                    lambda: "both timeouts reported on stderr: %r" % peer.stderr())


@pytest.mark.timeout(120)
def test_manager_read_timeout_closes_half_a_header(java_peer):
    """`manager serve --read-timeout`: a client that finishes the handshake and sends half a header is dropped."""
    from multiprocessing.managers import SyncManager
    peer = java_peer(["manager", "serve", "--listen", "tcp:127.0.0.1:0", "--authkey-env", "MPB_KEY", "--read-timeout", "1"],
                     authkey_env="MPB_KEY")
    half = Client(peer.address, authkey=peer.authkey)
    half._send(b"\x00\x00")
    t = time.monotonic()
    with pytest.raises((EOFError, OSError)):
        half.recv_bytes()  # the server closes it
    assert time.monotonic() - t < 30
    half.close()
    manager = SyncManager(address=peer.address, authkey=peer.authkey)
    manager.connect()
    q = manager.Queue()
    q.put("still serving")
    assert q.get(timeout=10) == "still serving"
