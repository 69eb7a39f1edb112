"""The shared-memory ring pair between a CPython process and a Java process (both roles each way, wrap-around,
messages larger than the ring, peer death, nothing left in /dev/shm on any exit path)."""
import os
import secrets
import signal
import subprocess
import sys
import time

import pytest

from mpbridge.java import cli_path, stop_process

pytestmark = pytest.mark.interop
SRC = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "src"))
sys.path.insert(0, SRC)
from mpbridge.ring import RingConnection  # noqa: E402


def left(name):
    return [n for n in os.listdir("/dev/shm") if name in n]


def start(cmd):
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                         env=dict(os.environ, PYTHONPATH=SRC))
    line = p.stdout.readline().strip()
    assert line.startswith("READY ring:"), (line, p.stderr.read() if p.poll() is not None else "")
    return p


@pytest.mark.timeout(120)
def test_python_attaches_to_a_java_ring_and_round_trips_every_size():
    name = "mpbring" + secrets.token_hex(4)
    java = start([cli_path(), "bench", "--ring", name, "--serve", "--size", "8192"])
    try:
        with RingConnection.attach(name) as c:
            for size in (0, 1, 5000, 8191, 8192, 8193, 3001, 100000, 1 << 20):
                m = bytes([size % 251]) * size
                c.send_bytes(m)
                assert c.recv_bytes() == m, size
            c.send({"id": 1, "items": [1.5, "x", True]})  # frames like a Connection: pickles pass through
            assert c.recv() == {"id": 1, "items": [1.5, "x", True]}
            assert not left(name), "the creator removes every name once the peer attached"
        assert java.wait(30) == 0, java.stderr.read()
    finally:
        stop_process(java)
    assert not left(name)


@pytest.mark.timeout(120)
def test_java_attaches_to_a_python_ring():
    name = "mpbring" + secrets.token_hex(4)
    py = start([sys.executable, "-m", "mpbridge.peers.ring_echo", name, "--size", "65536"])
    try:
        out = subprocess.run([cli_path(), "bench", "--ring", name, "--count", "200", "--warmup", "10", "--size", "100000"],
                             capture_output=True, text=True, timeout=60)
        assert out.returncode == 0, out.stderr
        assert '"count": 200' in out.stdout
        assert py.wait(30) == 0
    finally:
        stop_process(py)
    assert not left(name)


@pytest.mark.timeout(120)
def test_a_killed_peer_is_end_of_file_within_a_second():
    name = "mpbring" + secrets.token_hex(4)
    java = start([cli_path(), "bench", "--ring", name, "--serve", "--size", "8192"])
    try:
        c = RingConnection.attach(name)
        c.send_bytes(b"x")
        assert c.recv_bytes() == b"x"
        java.kill()
        java.wait(30)
        t = time.monotonic()
        with pytest.raises((EOFError, OSError)):
            c.recv_bytes()
        assert time.monotonic() - t < 1.0
        c.close()
    finally:
        stop_process(java)
    assert not left(name)


@pytest.mark.timeout(120)
@pytest.mark.parametrize("kind", ["python", "java"])
def test_sigterm_before_any_peer_leaves_nothing(kind):
    name = "mpbring" + secrets.token_hex(4)
    cmd = ([sys.executable, "-m", "mpbridge.peers.ring_echo", name, "--size", "4096"] if kind == "python"
           else [cli_path(), "bench", "--ring", name, "--serve", "--size", "4096"])
    p = start(cmd)
    assert left(name), "the ring exists while it waits for a peer"
    p.send_signal(signal.SIGTERM)
    p.wait(30)
    stop_process(p)
    assert not left(name), left(name)
