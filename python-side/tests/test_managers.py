"""Managers across languages, with real processes: unmodified CPython clients of the Java manager server
(``mpbridge manager serve``) and the Java queue CLI (``mpbridge queue produce|consume``) against CPython's own
manager server, for every CPython 3.8-3.13 found. The Java client's typed proxies against CPython's server are
tested from the Java side (ManagerInteropTest, SeedScenariosTest in java-side/core).
"""
import json
import os
import subprocess
import sys

import pytest

from mpbridge.java import cli_path

pytestmark = pytest.mark.interop

KEY_VAR = "MPBRIDGE_TEST_KEY"
KEY_ENV = {KEY_VAR: "secret"}
SRC = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "src"))
REGISTERED = ["get_queue=Queue", "get_dict=dict", "get_list=list"]


def env(extra=None):
    e = dict(os.environ)
    e["PYTHONPATH"] = SRC + (os.pathsep + e["PYTHONPATH"] if e.get("PYTHONPATH") else "")
    e.update(KEY_ENV)
    e.update(extra or {})
    return e


def run_python(interpreter, role, args, extra_env=None, timeout=90):
    cmd = [interpreter.path, "-m", "mpbridge.peers.manager_client", role] + list(args)
    return subprocess.run(cmd, env=env(extra_env), capture_output=True, text=True, timeout=timeout)


def start_python(interpreter, role, args):
    cmd = [interpreter.path, "-m", "mpbridge.peers.manager_client", role] + list(args)
    return subprocess.Popen(cmd, env=env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def run_java(args, extra_env=None, timeout=60):
    return subprocess.run([cli_path()] + list(args), env=env(extra_env), capture_output=True, text=True, timeout=timeout)


def start_java(args):
    return subprocess.Popen([cli_path()] + list(args), env=env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish(process, what, timeout=90):
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        out, err = process.communicate(timeout=10)
        raise AssertionError("%s did not finish in %ss; stderr:\n%s" % (what, timeout, err))
    assert process.returncode == 0, "%s exited %s:\n%s%s" % (what, process.returncode, out, err)
    return out


@pytest.fixture
def java_manager(java_peer):
    """A Java manager server with SyncManager's typeids and three shared objects under callable names."""
    args = ["manager", "serve", "--listen", "tcp:127.0.0.1:0", "--authkey-env", KEY_VAR]
    for r in REGISTERED:
        args += ["--register", r]
    return java_peer(args, env=KEY_ENV)


@pytest.fixture
def python_manager(interpreter):
    """CPython's own manager server (SyncManager plus get_queue) under the interpreter being tested."""
    cmd = [interpreter.path, "-m", "mpbridge.peers.manager_server", "--authkey-env", KEY_VAR, "--register", "get_queue=Queue"]
    process = subprocess.Popen(cmd, env=env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = process.stdout.readline().strip()
    if not line.startswith("READY "):
        process.kill()
        pytest.fail("CPython manager server did not start: %r\n%s" % (line, process.stderr.read()))
    yield line[len("READY "):]
    if process.poll() is None:
        process.terminate()
        process.wait(10)
    process.stdout.close()
    process.stderr.close()


def test_python_clients_of_java_server(interpreter, java_manager):
    """BaseManager/SyncManager clients, unmodified: every typeid, errors of the right type, registered callables."""
    args = ["checks", "--connect", java_manager.address_text, "--authkey-env", KEY_VAR]
    for r in REGISTERED:
        args += ["--registered", r]
    r = run_python(interpreter, "checks", args[1:])
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout.startswith("OK ")


def test_java_server_refuses_a_wrong_key(interpreter, java_manager):
    r = run_python(interpreter, "wrong-key", ["--connect", java_manager.address_text, "--authkey-env", KEY_VAR],
                   extra_env={KEY_VAR: "not the key"})
    assert r.returncode == 0, r.stdout + r.stderr
    assert "AuthenticationError" in r.stdout


def test_python_client_shuts_java_server_down(interpreter, java_manager):
    r = run_python(interpreter, "shutdown", ["--connect", java_manager.address_text, "--authkey-env", KEY_VAR])
    assert r.returncode == 0, r.stdout + r.stderr
    assert java_manager.process.wait(20) == 0


def test_java_producer_python_consumer_on_python_server(interpreter, python_manager):
    """The seeds' producer/consumer with None as the end signal: Java puts, CPython gets."""
    values = ['"baozi 0"', "1", "2.5", "true", '[1, "x"]', '{"k": [1, 2]}', '{"bytes": "00ff"}', '{"a": null}', "[null]"]
    r = run_java(["queue", "produce", "--connect", python_manager, "--authkey-env", KEY_VAR, "--typeid", "get_queue"] + values)
    assert r.returncode == 0, r.stderr
    r = run_python(interpreter, "consume", ["--connect", python_manager, "--authkey-env", KEY_VAR, "--typeid", "get_queue"])
    assert r.returncode == 0, r.stderr
    got = [json.loads(line) for line in r.stdout.splitlines()]
    assert got == ["baozi 0", 1, 2.5, True, [1, "x"], {"k": [1, 2]}, {"bytes": "00ff"}, {"a": None}, [None]]


def test_python_producer_java_consumer_on_python_server(interpreter, python_manager):
    r = run_python(interpreter, "produce", ["--connect", python_manager, "--authkey-env", KEY_VAR, "--typeid", "get_queue",
                                            "--tag", "py", "--count", "5"])
    assert r.returncode == 0, r.stderr
    r = run_java(["queue", "consume", "--connect", python_manager, "--authkey-env", KEY_VAR, "--typeid", "get_queue"])
    assert r.returncode == 0, r.stderr
    assert [json.loads(line) for line in r.stdout.splitlines()] == [["py", i] for i in range(5)]


@pytest.mark.parametrize("server", ["java", "python"])
def test_several_producers_in_both_languages(server, java_peer, request):
    """Two Java and two CPython producers into one queue: nothing lost or duplicated, each producer's order kept."""
    from mpbridge.pytest_plugin import discovered
    found, _ = discovered()
    if not found:
        pytest.skip("no CPython 3.8-3.13 found")
    interpreter = found[-1]
    if server == "java":
        address = java_peer(["manager", "serve", "--authkey-env", KEY_VAR, "--register", "get_queue=Queue"], env=KEY_ENV).address_text
        process = None
    else:
        cmd = [interpreter.path, "-m", "mpbridge.peers.manager_server", "--authkey-env", KEY_VAR, "--register", "get_queue=Queue"]
        process = subprocess.Popen(cmd, env=env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        request.addfinalizer(lambda: (process.kill(), process.wait(10), process.stdout.close(), process.stderr.close()))
        line = process.stdout.readline().strip()
        assert line.startswith("READY "), process.stderr.read()
        address = line[len("READY "):]
    target = ["--connect", address, "--authkey-env", KEY_VAR, "--typeid", "get_queue"]
    count = 30
    consumer = start_python(interpreter, "consume", target + ["--producers", "4"])
    producers = [start_java(["queue", "produce"] + target + [json.dumps(["java%d" % j, i]) for i in range(count)])
                 for j in range(2)]
    producers += [start_python(found[(j * 3) % len(found)], "produce", target + ["--tag", "py%d" % j, "--count", str(count)])
                  for j in range(2)]
    for j, p in enumerate(producers):
        finish(p, "producer %d" % j)
    items = [json.loads(line) for line in finish(consumer, "consumer").splitlines()]
    tags = ["java0", "java1", "py0", "py1"]
    assert sorted(map(tuple, items)) == sorted((t, i) for t in tags for i in range(count))
    for t in tags:
        assert [i for tag, i in items if tag == t] == list(range(count)), "order of %s" % t


def test_queue_cli_usage_and_auth_errors(java_manager):
    r = run_java(["queue", "produce", "--connect", java_manager.address_text, "--typeid", "get_queue", "{not json"])
    assert r.returncode == 2 and "bad JSON" in r.stderr
    r = run_java(["queue", "consume", "--connect", java_manager.address_text, "--authkey-env", KEY_VAR, "--typeid", "get_queue"],
                 extra_env={KEY_VAR: "wrong"})
    assert r.returncode == 3, r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    r = run_java(["manager", "serve", "--register", "q=Stack"])
    assert r.returncode == 2 and "TYPE must be Queue, Queue:MAXSIZE, dict or list" in r.stderr


def test_unix_socket_addresses_both_ways(java_peer, tmp_path):
    """AF_UNIX managers: a Java server for a CPython producer, and CPython's server for the Java consumer."""
    from mpbridge.pytest_plugin import discovered
    found, _ = discovered()
    if not found:
        pytest.skip("no CPython 3.8-3.13 found")
    interpreter = found[0]
    java = java_peer(["manager", "serve", "--listen", "unix:%s" % (tmp_path / "java.sock"), "--authkey-env", KEY_VAR,
                      "--register", "get_queue=Queue"], env=KEY_ENV)
    assert java.address == str(tmp_path / "java.sock")
    target = ["--connect", java.address_text, "--authkey-env", KEY_VAR, "--typeid", "get_queue"]
    r = run_python(interpreter, "produce", target + ["--count", "3"])
    assert r.returncode == 0, r.stderr
    r = run_java(["queue", "consume"] + target)
    assert r.returncode == 0, r.stderr
    assert [json.loads(line) for line in r.stdout.splitlines()] == [["py", i] for i in range(3)]

    cmd = [interpreter.path, "-m", "mpbridge.peers.manager_server", "--listen", "unix:%s" % (tmp_path / "py.sock"),
           "--authkey-env", KEY_VAR, "--register", "get_queue=Queue"]
    server = subprocess.Popen(cmd, env=env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = server.stdout.readline().strip()
        assert line == "READY unix:%s" % (tmp_path / "py.sock"), server.stderr.read()
        target = ["--connect", line[len("READY "):], "--authkey-env", KEY_VAR, "--typeid", "get_queue"]
        r = run_java(["queue", "produce"] + target + ['"over AF_UNIX"'])
        assert r.returncode == 0, r.stderr
        r = run_python(interpreter, "consume", target)
        assert r.returncode == 0, r.stderr
        assert r.stdout.splitlines() == ['"over AF_UNIX"']
    finally:
        server.kill()
        server.wait(10)
        server.stdout.close()
        server.stderr.close()


def test_bounded_queue_registered_on_java_server_and_consume_timeout(interpreter, java_peer):
    """`--register NAME=Queue:5` is queue.Queue(5) for an unmodified BaseManager client (a 6th put_nowait raises
    queue.Full); `queue consume --timeout S` ends at queue.Empty, as the seed's get(timeout=3) does."""
    server = java_peer(["manager", "serve", "--authkey-env", KEY_VAR, "--register", "get_queue=Queue:5"], env=KEY_ENV)
    code = (
        "import queue, sys\n"
        "from multiprocessing.managers import BaseManager\n"
        "BaseManager.register('get_queue')\n"
        "host, port = sys.argv[1][4:].rsplit(':', 1)\n"
        "m = BaseManager((host, int(port)), b'secret'); m.connect(); q = m.get_queue()\n"
        "[q.put_nowait(i) for i in range(5)]\n"
        "try:\n    q.put_nowait(5)\nexcept queue.Full:\n    print('Full')\n")
    r = subprocess.run([interpreter.path, "-c", code, server.address_text], capture_output=True, text=True, timeout=60)
    assert r.stdout.strip() == "Full", r.stderr
    r = run_java(["queue", "consume", "--connect", server.address_text, "--authkey-env", KEY_VAR, "--typeid", "get_queue",
                  "--timeout", "0.5"])
    assert r.returncode == 0, r.stderr
    assert [json.loads(line) for line in r.stdout.splitlines()] == [0, 1, 2, 3, 4]
    bad = run_java(["manager", "serve", "--register", "q=Queue:-1"])
    assert bad.returncode == 2 and "MAXSIZE" in bad.stderr
