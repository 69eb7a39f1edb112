"""Security from outside, with real CPython peers of every version found:

* wrong, empty and missing keys are refused in every role (Java listener in both eras, Java manager server, Java
  client against a CPython listener), with counts; the right key -- 32 raw random bytes given to Java in the
  ``hex:``/``base64:`` forms of ``--authkey-env`` -- is accepted;
* no pickle makes Java execute or instantiate anything beyond the type table: GLOBAL/REDUCE/INST/OBJ of ``os``,
  ``builtins.eval``, ``subprocess`` and Java class names are carried as inert data (a marker file proves nothing
  ran), never as objects of those classes;
* the manager server answers only exposed methods (``__class__``, ``getClass``, ``__init__``, ``_callmethod``,
  ``__reduce__`` ... refused with CPython's AttributeError/KeyError), and one request cannot allocate without bound
  (``l *= 2**40`` is MemoryError, ``l * (2**70)`` OverflowError, the server serves on);
* manager argument errors come back as the exception CPython raises (``q.get(True, "x")`` is TypeError), never as
  Java text.
"""
import base64
import binascii
import json
import os
import subprocess
import textwrap

import pytest

from conftest import peer_env
from mpbridge.java import JavaPeer, cli_path

pytestmark = pytest.mark.interop
KEY = os.urandom(32)  # like current_process().authkey: raw bytes, not text
HEX_ENV = {"MPB_RAW_KEY": "hex:" + binascii.hexlify(KEY).decode()}
B64_ENV = {"MPB_RAW_KEY": "base64:" + base64.b64encode(KEY).decode()}

PROBE = textwrap.dedent(r'''
    import json, sys
    from multiprocessing import AuthenticationError
    from multiprocessing.connection import Client
    from multiprocessing.managers import SyncManager
    kind, host, port, key = sys.argv[1], sys.argv[2], int(sys.argv[3]), bytes.fromhex(sys.argv[4])
    out = {}
    for case, k in (("right", key), ("wrong", b"not the key"), ("empty", b""), ("missing", None)):
        try:
            if kind == "listener":
                with Client((host, port), authkey=k) as c:
                    c.send({"k": case}); assert c.recv() == {"k": case}
            else:
                m = SyncManager(address=(host, port), authkey=k if k is not None else None)
                m.connect()
                d = m.dict(); d["x"] = 1; assert d["x"] == 1
            out[case] = "accepted"
        except AuthenticationError:
            out[case] = "refused"
        except Exception as e:
            # Client(authkey=None) does not authenticate (CPython): its message meets the challenge, never an echo
            out[case] = "refused" if case == "missing" and kind == "listener" else "error %r" % (e,)
    print(json.dumps(out))
''')


@pytest.fixture(scope="module")
def servers():
    """Java servers with a raw 32-byte key: echo listeners in both eras (hex: form) and a manager (base64: form)."""
    started = {
        "legacy": JavaPeer(["echo", "--listen", "tcp:127.0.0.1:0", "--authkey-env", "MPB_RAW_KEY", "--auth-scheme",
                            "legacy"], env=HEX_ENV),
        "modern": JavaPeer(["echo", "--listen", "tcp:127.0.0.1:0", "--authkey-env", "MPB_RAW_KEY", "--auth-scheme",
                            "modern"], env=HEX_ENV),
        "manager": JavaPeer(["manager", "serve", "--listen", "tcp:127.0.0.1:0", "--authkey-env", "MPB_RAW_KEY"],
                            env=B64_ENV),
    }
    yield started
    for p in started.values():
        p.close()


def probe(interpreter, kind, peer):
    host, port = peer.address
    out = subprocess.run([interpreter.path, "-c", PROBE, kind, host, str(port), binascii.hexlify(KEY).decode()],
                         env=peer_env(), capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_wrong_empty_and_missing_keys_are_refused_in_every_role_and_era(interpreter, servers, python_peer):
    refused = total = 0
    for role in ("legacy", "modern", "manager"):
        got = probe(interpreter, "listener" if role != "manager" else "manager", servers[role])
        assert got["right"] == "accepted", (role, got)
        for case in ("wrong", "empty", "missing"):
            total += 1
            assert got[case] == "refused", (role, case, got)
            refused += 1
    # Java as the client, against this CPython's own Listener (its era): wrong, empty (text:), missing key
    for case, env, args in (("wrong", {"MPB_KEY": "hex:" + binascii.hexlify(b"not the key").decode()}, ["--authkey-env", "MPB_KEY"]),
                            ("empty", {"MPB_KEY": "text:"}, ["--authkey-env", "MPB_KEY"]),
                            ("missing", {}, [])):
        listener = python_peer(interpreter, "roundtrip_listener", ["tcp", "--authkey-env", "MPB_RAW_KEY"], env=HEX_ENV)
        java = subprocess.run([cli_path(), "echo", "--connect", listener.address_text] + args, env=peer_env(env),
                              capture_output=True, text=True, timeout=120)
        code, result, err = listener.finish()
        total += 1
        assert java.returncode != 0 and code != 0, (case, java.returncode, java.stderr, result, err)
        if case != "missing":  # a keyless Java client never answers the challenge: the listener sees EOF instead
            assert code == 3 and result["error"] == "AuthenticationError", (case, java.stderr, result)
        refused += 1
    print("py%s: wrong/empty/missing keys refused %d/%d (Java listener legacy + modern era, Java manager server, "
          "Java client); raw 32-byte key accepted in hex: and base64: forms" % (interpreter.version, refused, total))
    assert refused == total == 12


def test_the_right_raw_key_works_from_the_java_client_side_too(interpreter, python_peer):
    listener = python_peer(interpreter, "roundtrip_listener", ["tcp", "--authkey-env", "MPB_RAW_KEY"], env=HEX_ENV)
    java = subprocess.run([cli_path(), "echo", "--connect", listener.address_text, "--authkey-env", "MPB_RAW_KEY"],
                          env=peer_env(B64_ENV), capture_output=True, text=True, timeout=120)
    code, result, err = listener.finish()
    assert java.returncode == 0 and code == 0, (java.stderr, result, err)


def test_a_malformed_raw_key_is_a_usage_error_that_does_not_echo_the_key():
    for value in ("hex:abc", "hex:zz11", "base64:@@@@"):
        r = subprocess.run([cli_path(), "echo", "--listen", "tcp:127.0.0.1:0", "--authkey-env", "K"],
                           env=peer_env({"K": value}), capture_output=True, text=True, timeout=60)
        assert r.returncode == 2, (value, r.stderr)
        assert value.split(":", 1)[1] not in r.stderr and "authkey" in r.stderr, r.stderr


HOSTILE = textwrap.dedent(r'''
    import json, os, pickle, sys
    from multiprocessing.connection import Client
    host, port, marker = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    cmd = "touch " + marker
    code = ("__import__('os').system('%s')" % cmd).encode()
    payloads = {
        "GLOBAL os.system + REDUCE": b"cos\nsystem\n(S'" + cmd.encode() + b"'\ntR.",
        "STACK_GLOBAL builtins.eval": b"\x80\x04\x8c\x08builtins\x8c\x04eval\x93\x8c" + bytes([len(code)]) + code + b"\x85R.",
        "INST subprocess.Popen": b"(S'" + cmd.encode() + b"'\nisubprocess\nPopen\n.",
        "OBJ os.system": b"(cos\nsystem\nS'" + cmd.encode() + b"'\no.",
        "NEWOBJ java.lang.ProcessBuilder": b"\x80\x02cjava.lang\nProcessBuilder\nq\x00]q\x01(X\x05\x00\x00\x00touchX" + bytes([len(marker)]) + b"\x00\x00\x00" + marker.encode() + b"e\x85\x81q\x02.",
        "GLOBAL java.lang.Runtime.exec": b"cjava.lang.Runtime\nexec\n(S'" + cmd.encode() + b"'\ntR.",
        "GLOBAL posix.system": b"cposix\nsystem\n(S'" + cmd.encode() + b"'\ntR.",
    }
    out = {}
    for name, data in payloads.items():
        with Client((host, port)) as c:
            c.send_bytes(data)
            try:
                back = c.recv_bytes()
            except EOFError:
                out[name] = "closed"
                continue
            # what came back is a pickle naming the same global again: inert data on the Java side
            import pickletools, io
            ops = {op.name for op, arg, pos in pickletools.genops(back)}
            out[name] = "echoed as data" if ops & {"GLOBAL", "STACK_GLOBAL"} else "echoed"
    print(json.dumps(out))
''')


def test_no_pickle_makes_java_execute_or_instantiate_anything(tmp_path, java_peer):
    marker = str(tmp_path / "ran")
    peer = java_peer(["echo", "--listen", "tcp:127.0.0.1:0"])
    host, port = peer.address
    import sys
    out = subprocess.run([sys.executable, "-c", HOSTILE, host, str(port), marker], capture_output=True, text=True,
                         timeout=120, env=peer_env())
    assert out.returncode == 0, out.stderr
    got = json.loads(out.stdout.strip().splitlines()[-1])
    print("hostile pickles into the Java echo: %s; marker file created: %s" % (got, os.path.exists(marker)))
    assert not os.path.exists(marker), "a pickle made the Java side run a command"
    assert len(got) == 7
    assert peer.process.poll() is None


MANAGER_PROBE = textwrap.dedent(r'''
    import json, sys
    from multiprocessing.managers import SyncManager
    host, port = sys.argv[1], int(sys.argv[2])
    m = SyncManager(address=(host, port), authkey=b""); m.connect()
    q, l, d = m.Queue(), m.list([1, 2, 3]), m.dict()
    out = {}
    for name in ("__class__", "getClass", "__init__", "_callmethod", "__reduce__", "__getattribute__", "wait",
                 "notify", "hashCode", "__dict__"):
        try:
            l._callmethod(name)
            out[name] = "ANSWERED"
        except Exception as e:
            out[name] = type(e).__name__
    def err(f):
        try:
            f(); return "no error"
        except Exception as e:
            text = str(e)
            return type(e).__name__ + ("(java text)" if "java." in text or "Exception:" in text else "")
    out["q.get(True, 'x')"] = err(lambda: q.get(True, "x"))
    out["q.put(1, True, [])"] = err(lambda: m.Queue(1).put(1, True, []))
    out["l *= 2**40"] = err(lambda: l._callmethod("__imul__", (2 ** 40,)))
    out["l * 2**70"] = err(lambda: l._callmethod("__mul__", (2 ** 70,)))
    out["lock.acquire(True, 'x')"] = err(lambda: m.Lock().acquire(True, "x"))
    out["event.wait('x')"] = err(lambda: m.Event().wait("x"))
    d["still"] = "serving"
    out["after"] = d["still"]
    print(json.dumps(out))
''')


def test_manager_answers_only_exposed_methods_bounds_allocation_and_speaks_python_errors(interpreter, java_peer):
    peer = java_peer(["manager", "serve", "--listen", "tcp:127.0.0.1:0"])
    host, port = peer.address
    out = subprocess.run([interpreter.path, "-c", MANAGER_PROBE, host, str(port)], capture_output=True, text=True,
                         timeout=120, env=peer_env())
    assert out.returncode == 0, out.stderr
    got = json.loads(out.stdout.strip().splitlines()[-1])
    refused = [k for k in ("__class__", "getClass", "__init__", "_callmethod", "__reduce__", "__getattribute__",
                           "wait", "notify", "hashCode", "__dict__") if got[k] != "ANSWERED"]
    print("py%s manager: %d/10 unexposed names refused; %s" % (interpreter.version, len(refused), got))
    assert len(refused) == 10, got
    assert got["q.get(True, 'x')"] == "TypeError", got
    assert got["q.put(1, True, [])"] == "TypeError", got
    assert got["l *= 2**40"] == "MemoryError", got
    assert got["l * 2**70"] == "OverflowError", got
    assert got["lock.acquire(True, 'x')"] == "TypeError", got
    assert got["event.wait('x')"] == "TypeError", got
    assert got["after"] == "serving"


def test_a_request_containing_itself_gets_cpythons_valueerror_not_an_eof(java_peer):
    """Issue 13's repro: the 9-byte request ``]q\\x00h\\x00a`` (a list holding itself) once overflowed the Java
    stack and the client saw EOF; CPython answers #TRACEBACK ValueError, and so must Java, and then serve on."""
    import pickle
    from multiprocessing.connection import Client
    peer = java_peer(["manager", "serve", "--listen", "tcp:127.0.0.1:0"])
    with Client(peer.address, authkey=b"") as c:
        c.send_bytes(b"\x80\x02]q\x00h\x00a.")
        kind, text = pickle.loads(c.recv_bytes())
    assert kind == "#TRACEBACK" and text.strip().splitlines()[-1].startswith("ValueError: "), text
    from multiprocessing.managers import SyncManager
    m = SyncManager(address=peer.address, authkey=b"")
    m.connect()
    d = m.dict()
    d["after"] = 1
    assert d["after"] == 1
