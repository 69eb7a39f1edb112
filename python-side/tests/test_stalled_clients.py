"""Stalled clients: 300 connections that send nothing, half a handshake or half a frame header must not starve a
normal client. Reported: the normal client's round-trip latency with the stalled crowd attached, and what the
crowd costs the listener (threads, fds). The listener keeps serving and gives everything back when they leave.

The listener holds a stalled connection to one fd and no thread of its own (``mpbridge echo --listen`` serves every
connection from one loop thread; docs/transports.md).
"""
import os
import socket
import struct
import time

import pytest

pytestmark = pytest.mark.interop
STALLED = int(os.environ.get("MPBRIDGE_STALLED", "300"))


def status(pid, field):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])


def fds(pid):
    return len(os.listdir("/proc/%d/fd" % pid))


def stall(address, how):
    s = socket.create_connection(address)
    if how == "half-handshake":
        s.settimeout(30)
        s.recv(64)  # the challenge; no answer follows
    elif how == "half-header":
        s.sendall(b"\x00\x00")  # 2 of the 4 header bytes (keyless listener: straight to framing)
    return s


def round_trip_ms(peer, n=20):
    from multiprocessing.connection import Client
    times = []
    for _ in range(n):
        start = time.monotonic()
        with Client(peer.address, authkey=peer.authkey) as c:
            c.send({"normal": "client"})
            assert c.recv() == {"normal": "client"}
        times.append((time.monotonic() - start) * 1000)
    times.sort()
    return times[len(times) // 2], times[-1]


def crowd(java_peer, how):
    keyed = how == "half-handshake"
    args = ["echo", "--listen", "tcp:127.0.0.1:0"] + (["--authkey-env", "MPB_KEY"] if keyed else [])
    peer = java_peer(args, authkey_env="MPB_KEY" if keyed else None)
    pid = peer.process.pid
    quiet_median, _ = round_trip_ms(peer)
    threads0, fds0 = status(pid, "Threads"), fds(pid)
    socks = []
    try:
        for _ in range(STALLED):
            socks.append(stall(peer.address, how))
        median, worst = round_trip_ms(peer)
        threads, nfds = status(pid, "Threads"), fds(pid)
    finally:
        for s in socks:
            s.close()
    print("%d stalled (%s): normal client round trip median %.1f ms (alone %.1f ms), worst %.1f ms; listener "
          "threads %d -> %d, fds %d -> %d" % (STALLED, how, median, quiet_median, worst, threads0, threads, fds0, nfds))
    assert peer.process.poll() is None, "the listener died"
    assert worst < 5000, "a normal client waited %.0f ms behind %d stalled connections" % (worst, STALLED)
    return peer, (threads0, threads), (fds0, nfds)


@pytest.mark.parametrize("how", ["nothing", "half-handshake", "half-header"])
def test_stalled_connections_do_not_starve_a_normal_client(java_peer, how):
    peer, _, (fds0, _) = crowd(java_peer, how)
    # and everything is given back once the crowd leaves (await, never sleep)
    end = time.monotonic() + 30
    while time.monotonic() < end and fds(peer.process.pid) > fds0 + 8:
        time.sleep(0.05)
    assert fds(peer.process.pid) <= fds0 + 8, "fds not given back: %d (was %d)" % (fds(peer.process.pid), fds0)


def test_a_stalled_connection_costs_at_most_one_fd_and_no_thread_of_its_own(java_peer):
    _, (t0, t1), (f0, f1) = crowd(java_peer, "nothing")
    assert f1 - f0 <= STALLED * 1.1, "%d fds for %d connections" % (f1 - f0, STALLED)
    assert t1 - t0 <= 64, "%d threads for %d connections" % (t1 - t0, STALLED)
