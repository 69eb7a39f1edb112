"""Java and every CPython 3.8-3.13 found, both ways, over TCP, Unix sockets and stdio pipes.

Each test runs real processes: the Java side is the ``mpbridge echo`` CLI, the Python side a stdlib peer
under the interpreter given by the ``interpreter`` fixture. The echo decodes into Java values and encodes
them again, so a passing type table is the round-trip contract seen from Python.
"""
import subprocess

import pytest

from conftest import peer_env, run_peer
from mpbridge.java import cli_path

pytestmark = pytest.mark.interop
KEY = {"MPB_KEY": "secret \u5305\u5b50"}
WRONG = {"MPB_KEY": "not the key"}


def listen_address(family, sock_path):
    return "tcp:127.0.0.1:0" if family == "tcp" else "unix:" + sock_path


@pytest.mark.parametrize("family", ["tcp", "unix"])
def test_python_client_to_java_listener(interpreter, family, java_peer, sock_path):
    peer = java_peer(["echo", "--listen", listen_address(family, sock_path), "--authkey-env", "MPB_KEY"], env=KEY)
    code, result, err = run_peer(interpreter, "roundtrip_client", [peer.address_text, "--authkey-env", "MPB_KEY"], env=KEY)
    assert code == 0, (result, err)
    assert result["ok"] and result["python"] == interpreter.version


@pytest.mark.parametrize("family", ["tcp", "unix"])
def test_java_client_to_python_listener(interpreter, family, python_peer, sock_path):
    where = "tcp" if family == "tcp" else "unix:" + sock_path
    listener = python_peer(interpreter, "roundtrip_listener", [where, "--authkey-env", "MPB_KEY"], env=KEY)
    java = subprocess.run([cli_path(), "echo", "--connect", listener.address_text, "--authkey-env", "MPB_KEY"],
                          env=peer_env(KEY), capture_output=True, text=True, timeout=120)
    code, result, err = listener.finish()
    assert java.returncode == 0, java.stderr
    assert code == 0, (result, err)
    assert result["ok"]


@pytest.mark.parametrize("family", ["tcp", "unix"])
def test_wrong_key_python_client_is_refused_and_java_listener_keeps_serving(interpreter, family, java_peer, sock_path):
    peer = java_peer(["echo", "--listen", listen_address(family, sock_path), "--authkey-env", "MPB_KEY"], env=KEY)
    code, result, _ = run_peer(interpreter, "roundtrip_client", [peer.address_text, "--authkey-env", "MPB_KEY"], env=WRONG)
    assert code == 3 and result["error"] == "AuthenticationError", result
    code, result, err = run_peer(interpreter, "roundtrip_client", [peer.address_text, "--authkey-env", "MPB_KEY"], env=KEY)
    assert code == 0, (result, err)
    assert "authentication failed" in peer.stderr()


@pytest.mark.parametrize("family", ["tcp", "unix"])
def test_wrong_key_java_client_exits_3_and_python_listener_raises(interpreter, family, python_peer, sock_path):
    where = "tcp" if family == "tcp" else "unix:" + sock_path
    listener = python_peer(interpreter, "roundtrip_listener", [where, "--authkey-env", "MPB_KEY"], env=KEY)
    java = subprocess.run([cli_path(), "echo", "--connect", listener.address_text, "--authkey-env", "MPB_KEY"],
                          env=peer_env(WRONG), capture_output=True, text=True, timeout=120)
    code, result, err = listener.finish()
    assert java.returncode == 3, java.stderr
    assert "authentication failed" in java.stderr and len(java.stderr.strip().splitlines()) == 1
    assert code == 3 and result["error"] == "AuthenticationError", (result, err)


@pytest.mark.parametrize("family", ["tcp", "unix"])
def test_no_key_on_either_side(interpreter, family, java_peer, python_peer, sock_path):
    peer = java_peer(["echo", "--listen", listen_address(family, sock_path)])
    code, result, err = run_peer(interpreter, "roundtrip_client", [peer.address_text])
    assert code == 0, (result, err)
    where = "tcp" if family == "tcp" else "unix:" + sock_path + "2"
    listener = python_peer(interpreter, "roundtrip_listener", [where])
    java = subprocess.run([cli_path(), "echo", "--connect", listener.address_text], env=peer_env(),
                          capture_output=True, text=True, timeout=120)
    assert java.returncode == 0, java.stderr
    assert listener.finish()[0] == 0


@pytest.mark.parametrize("scheme", ["legacy", "modern"])
def test_java_delivers_either_era_of_challenge_to_every_cpython(interpreter, scheme, java_peer, python_peer):
    """A Java listener delivering the <=3.11 (HMAC-MD5) or the 3.12+ ({sha256}) challenge, and a Java client doing
    the same to a Python listener: every CPython answers both, as CPython's own peers of either era do."""
    peer = java_peer(["echo", "--listen", "tcp:127.0.0.1:0", "--authkey-env", "MPB_KEY", "--auth-scheme", scheme], env=KEY)
    code, result, err = run_peer(interpreter, "roundtrip_client", [peer.address_text, "--authkey-env", "MPB_KEY"], env=KEY)
    assert code == 0, (result, err)
    code, result, _ = run_peer(interpreter, "roundtrip_client", [peer.address_text, "--authkey-env", "MPB_KEY"], env=WRONG)
    assert code == 3 and result["error"] == "AuthenticationError", result
    listener = python_peer(interpreter, "roundtrip_listener", ["tcp", "--authkey-env", "MPB_KEY"], env=KEY)
    java = subprocess.run([cli_path(), "echo", "--connect", listener.address_text, "--authkey-env", "MPB_KEY",
                           "--auth-scheme", scheme], env=peer_env(KEY), capture_output=True, text=True, timeout=120)
    assert java.returncode == 0, java.stderr
    assert listener.finish()[0] == 0


def test_listener_prints_ready_once_and_serves_clients_concurrently(interpreter, tmp_path):
    """`echo --listen`: exactly one stdout line, READY with the real port; two clients connected at the same time are
    both served (the first is still open while the second talks); SIGTERM ends it quietly."""
    import signal
    from multiprocessing.connection import Client
    from mpbridge.java import parse_address
    out, err = open(tmp_path / "out", "w+"), open(tmp_path / "err", "w+")
    proc = subprocess.Popen([cli_path(), "echo", "--listen", "tcp:127.0.0.1:0"], stdout=out, stderr=err, env=peer_env())
    try:
        def ready():
            out.seek(0)
            return out.read()
        from mpbridge.java import wait_for
        wait_for(lambda: ready().endswith("\n"), 60, lambda: "READY from the Java listener")
        line = ready().strip()
        assert line.startswith("READY tcp:127.0.0.1:") and not line.endswith(":0"), line
        first = Client(parse_address(line[len("READY "):]))
        second = Client(parse_address(line[len("READY "):]))
        second.send(("second", 2))
        assert second.recv() == ("second", 2)
        first.send(("first", 1))
        assert first.recv() == ("first", 1)
        first.close()
        second.close()
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(30)
    assert ready().splitlines() == [line]
    err.seek(0)
    assert err.read() == "", "a clean shutdown prints nothing"


def test_python_parent_with_java_child_over_a_pipe(interpreter):
    code, result, err = run_peer(interpreter, "java_child_driver", [])
    assert code == 0, (result, err)
    assert result["child_exit"] == 0


def test_cli_usage_errors_exit_2():
    for args in (["echo"], ["echo", "--listen", "nonsense"], ["echo", "--stdio", "--authkey-env", "MPB_UNSET_VAR"],
                 ["no-such-command"]):
        out = subprocess.run([cli_path()] + args, capture_output=True, text=True, timeout=60, env=peer_env())
        assert out.returncode == 2, (args, out.stderr)
        assert out.stderr.strip(), args


def test_restrict_globals_echo_refuses_other_globals_and_keeps_the_type_table(java_peer):
    """``mpbridge echo --restrict-globals``: the type table round-trips; a pickle naming os.system is refused
    (the connection ends, nothing echoed), and the listener keeps serving."""
    import datetime
    import decimal
    from multiprocessing.connection import Client

    from mpbridge.java import parse_address

    peer = java_peer(["echo", "--listen", "tcp:127.0.0.1:0", "--restrict-globals"])
    table = [decimal.Decimal("1.5"), datetime.date(2020, 1, 2), frozenset({1}), {2}, bytearray(b"x"), b"y", 1 + 2j]
    with Client(parse_address(peer.address_text)) as c:
        c.send(table)
        assert c.recv() == table
    import os
    import pickle

    class Evil:
        def __reduce__(self):
            return (os.system, ("true",))

    evil = pickle.dumps(Evil(), 4)
    with Client(parse_address(peer.address_text)) as c:
        c.send_bytes(evil)
        with pytest.raises(EOFError):
            c.recv_bytes()
    with Client(parse_address(peer.address_text)) as c:
        c.send({"still": "served"})
        assert c.recv() == {"still": "served"}
    import time
    deadline = time.monotonic() + 30  # the refusal is logged by the connection's thread: await it
    refused = "global '%s.system' is forbidden" % os.system.__module__  # posix.system on Linux
    while refused not in peer.stderr() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert refused in peer.stderr()
