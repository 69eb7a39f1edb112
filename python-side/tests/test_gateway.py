"""Python drives Java through Py4J (``java_gateway``): Java endpoints made and served from pytest, used by
unmodified CPython clients (every CPython 3.8-3.13 found) in their own processes."""
import subprocess
import threading

import pytest

from conftest import peer_env

pytestmark = pytest.mark.interop

KEY = b"gateway secret"

CLIENT = """
import sys
from multiprocessing.connection import Client
host, port = sys.argv[1][len("tcp:"):].rsplit(":", 1)
with Client((host, int(port)), authkey=%r) as conn:
    conn.send(("hello", [1, 2.5, None], {"k": b"v"}))
    print(repr(conn.recv()), flush=True)
""" % KEY

MANAGER_CLIENT = """
import sys
from multiprocessing.managers import BaseManager
class M(BaseManager):
    pass
M.register("get_queue")
host, port = sys.argv[1][len("tcp:"):].rsplit(":", 1)
m = M(address=(host, int(port)), authkey=%r)
m.connect()
q = m.get_queue()
q.put(("from", sys.argv[2]))
print(q.qsize(), flush=True)
""" % KEY


def test_launch_reaches_the_java_api_and_close_ends_the_jvm():
    from mpbridge import gateway
    gw = gateway.launch()
    try:
        jvm = gw.jvm
        address = jvm.org.mpbridge.connection.Address.parse("unix:/tmp/x.sock")
        assert address.toString() == "unix:/tmp/x.sock"
        assert jvm.org.mpbridge.pickle.PyRepr.repr(jvm.org.mpbridge.pickle.PyTuple.EMPTY) == "()"
        assert gw.auth_token
    finally:
        gw.close()
    assert gw.process.poll() is not None, "close() must end the JVM"


def test_java_listener_served_from_pytest_answers_an_unmodified_client(java_gateway, interpreter):
    jvm = java_gateway.jvm
    listener = jvm.org.mpbridge.connection.Listener.bind(
        jvm.org.mpbridge.connection.Address.parse("tcp:127.0.0.1:0"), bytearray(KEY))
    served = {}

    def serve():  # Java's accept/recv/send, driven from a Python thread (py4j gives each thread its connection)
        try:
            conn = listener.accept()
            try:
                message = conn.recv()
                served["repr"] = jvm.org.mpbridge.pickle.PyRepr.repr(message)
                conn.send(message)  # the decoded Java value goes back as it came
            finally:
                conn.close()
        except Exception as e:  # reported below
            served["error"] = e

    t = threading.Thread(target=serve, daemon=True)
    t.start()
    try:
        out = subprocess.run([interpreter.path, "-c", CLIENT, listener.address().toString()], env=peer_env(),
                             capture_output=True, text=True, timeout=60)
        t.join(60)
    finally:
        listener.close()
    assert not t.is_alive() and "error" not in served, served
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "('hello', [1, 2.5, None], {'k': b'v'})"
    assert served["repr"] == "('hello', [1, 2.5, None], {'k': b'v'})"


def test_java_manager_server_started_from_pytest_serves_basemanager_clients(java_gateway, interpreter):
    jvm = java_gateway.jvm
    server_pkg = jvm.org.mpbridge.manager.server
    queue = server_pkg.SharedQueue(0)
    server = server_pkg.ManagerServer.builder().authkey(bytearray(KEY)).registerShared("get_queue", queue).start()
    try:
        address = server.address().toString()
        sizes = []
        for who in ("first", "second"):
            out = subprocess.run([interpreter.path, "-c", MANAGER_CLIENT, address, who], env=peer_env(),
                                 capture_output=True, text=True, timeout=60)
            assert out.returncode == 0, out.stderr
            sizes.append(out.stdout.strip())
        assert sizes == ["1", "2"]
    finally:
        server.close()
    assert server.isStopped()


def test_the_readme_example_runs_as_written(capsys):
    import os
    import re
    readme = open(os.path.join(os.path.dirname(__file__), "..", "..", "README.md"), encoding="utf-8").read()
    block = re.search(r"\*\*Python drives Java\*\*.*?```python\n(.*?)```", readme, re.S).group(1)
    exec(compile(block, "README.md", "exec"), {})
    assert re.match(r"tcp:127\.0\.0\.1:\d+$", capsys.readouterr().out.strip())
