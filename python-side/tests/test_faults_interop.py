"""Bad input from a real CPython peer: a clear error, nothing lost, no hang, the Java listener keeps serving.

Also the hostile transport across languages: a relay that forwards one byte at a time between a CPython
client and the Java listener, for the handshake (both eras) and the type table.
"""
import os
import socket
import struct
import subprocess
import sys
import threading

import pytest

from conftest import peer_env, run_peer

pytestmark = pytest.mark.interop
KEY = {"MPB_KEY": "secret"}
PROBE = r'''
import socket, struct, sys
from multiprocessing.connection import Client
host, port, case = sys.argv[1], int(sys.argv[2]), sys.argv[3]
if case == "malformed_pickle":
    c = Client((host, port))
    c.send_bytes(b"\x80\x04\x95this is not a pickle")
    try:
        c.recv()
        print("REPLY")
    except EOFError:
        print("EOF")
elif case == "die_mid_message":
    s = socket.create_connection((host, port))
    s.sendall(struct.pack("!i", 1000) + b"only part of it")
    s.close()
    print("SENT")
elif case == "negative_length":
    s = socket.create_connection((host, port))
    s.sendall(struct.pack("!i", -5))
    s.settimeout(30)
    print("EOF" if s.recv(10) == b"" else "DATA")
elif case == "oversize_auth_reply":
    s = socket.create_connection((host, port))
    s.settimeout(30)
    s.recv(4 + 59)
    s.sendall(struct.pack("!i", 300) + b"x" * 300)
    try:
        print("EOF" if s.recv(10) == b"" else "DATA")
    except ConnectionResetError:
        print("EOF")
'''


def probe(interpreter, peer, case):
    host, port = peer.address
    out = subprocess.run([interpreter.path, "-c", PROBE, host, str(port), case], env=peer_env(),
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


@pytest.mark.parametrize("case,answer,logged", [
    ("malformed_pickle", "EOF", "malformed pickle"),
    ("die_mid_message", "SENT", "got end of file during message"),
    ("negative_length", "EOF", "negative frame length -5"),
])
def test_bad_input_gets_a_clear_error_and_the_listener_keeps_serving(interpreter, java_peer, case, answer, logged):
    peer = java_peer(["echo", "--listen", "tcp:127.0.0.1:0"])
    assert probe(interpreter, peer, case) == answer
    code, result, err = run_peer(interpreter, "roundtrip_client", [peer.address_text])
    assert code == 0, (result, err)
    from mpbridge.java import wait_for
    wait_for(lambda: logged in peer.stderr(), 30, lambda: "%r in Java stderr: %s" % (logged, peer.stderr()))


def test_oversize_handshake_reply_is_cut_off(interpreter, java_peer):
    peer = java_peer(["echo", "--listen", "tcp:127.0.0.1:0", "--authkey-env", "MPB_KEY"], env=KEY)
    assert probe(interpreter, peer, "oversize_auth_reply") == "EOF"
    code, result, err = run_peer(interpreter, "roundtrip_client", [peer.address_text, "--authkey-env", "MPB_KEY"], env=KEY)
    assert code == 0, (result, err)


class OneByteRelay(threading.Thread):
    """Accepts one connection and relays it to ``target`` one byte per send, both ways."""

    def __init__(self, target):
        threading.Thread.__init__(self, daemon=True)
        self.target = target
        self.server = socket.socket()
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(1)
        self.server.settimeout(60)
        self.address = self.server.getsockname()
        self.start()

    def run(self):
        a, _ = self.server.accept()
        b = socket.create_connection(self.target)
        for s in (a, b):
            s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        pumps = [threading.Thread(target=self.pump, args=(a, b), daemon=True),
                 threading.Thread(target=self.pump, args=(b, a), daemon=True)]
        for p in pumps:
            p.start()
        for p in pumps:
            p.join(120)
        self.server.close()

    @staticmethod
    def pump(src, dst):
        try:
            while True:
                data = src.recv(4096)
                if not data:
                    break
                for i in range(len(data)):
                    dst.sendall(data[i:i + 1])
            dst.shutdown(socket.SHUT_WR)
        except OSError:
            pass


def test_one_byte_at_a_time_relay_between_cpython_and_java(interpreter, java_peer):
    peer = java_peer(["echo", "--listen", "tcp:127.0.0.1:0", "--authkey-env", "MPB_KEY"], env=KEY)
    relay = OneByteRelay(peer.address)
    code, result, err = run_peer(interpreter, "roundtrip_client", ["tcp:%s:%d" % relay.address, "--authkey-env", "MPB_KEY"], env=KEY)
    assert code == 0, (result, err)


BIG = r'''
import sys, time
from multiprocessing.connection import Client
n = (1 << 31) + 1
c = Client(sys.argv[1])
data = bytearray(n)
data[0], data[n // 2], data[-1] = 1, 2, 3
t = time.monotonic()
c.send_bytes(data)
del data
back = c.recv_bytes()
assert len(back) == n, len(back)
assert (back[0], back[n // 2], back[-1], back[12345]) == (1, 2, 3, 0)
print("OK %.1fs" % (time.monotonic() - t))
'''


@pytest.mark.slow
def test_frame_over_2_gib_each_way(java_peer, sock_path):
    """CPython sends 2 GiB + 1 bytes (the -1 + 8-byte header); Java receives it and sends it back the same way."""
    from mpbridge.pytest_plugin import discovered
    newest = discovered()[0][-1]
    peer = java_peer(["echo", "--listen", "unix:" + sock_path, "--raw"],
                     env={"MPBRIDGE_JAVA_OPTS": "-Xmx5g"})
    out = subprocess.run([newest.path, "-c", BIG, sock_path], env=peer_env(), capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr + peer.stderr()
    assert out.stdout.startswith("OK")
