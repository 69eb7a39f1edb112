"""A throwaway virtualenv with only the built wheel (and pytest): the pytest plugin's java_peer fixture, a Java child
of the user's own on a Pipe(), the runner on a scenario of the user's own from the user's directory, the `mpbridge`
command, and a clear error without Java."""
import json
import os
import subprocess
import sys
import textwrap

import pytest

from conftest import outside_env, run

USER_TEST = '''
import subprocess
from mpbridge.java import spawn_java_child


def test_echo_through_the_java_peer(java_peer):
    peer = java_peer(["echo", "--listen", "tcp:127.0.0.1:0", "--authkey-env", "MY_KEY"], authkey_env="MY_KEY")
    with peer.connect() as conn:
        conn.send({"user": "Dave", "items": [1, 2.5, None]})
        assert conn.recv() == {"user": "Dave", "items": [1, 2.5, None]}


def test_a_java_child_of_my_own(tmp_path):
    conn, popen = spawn_java_child(["--greeting", "hi"], java_class="com.acme.Child", classpath=["classes"])
    with conn:
        conn.send("Dave")
        assert conn.recv() == ("hi", "Dave")
    assert popen.wait(60) == 0
    assert "said hi to Dave" in popen.stderr_tail.text()  # its println went to stderr, not into the pipe
'''

CHILD = '''
package com.acme;

import org.mpbridge.connection.Connection;
import org.mpbridge.connection.Pipes;
import org.mpbridge.pickle.PyTuple;

public final class Child {
    public static void main(String[] args) throws Exception {
        try (Connection c = Pipes.stdio()) {
            Object name = c.recv();
            System.out.println("said " + args[1] + " to " + name);
            c.send(PyTuple.of(args[1], name));
        }
    }
}
'''

SCENARIO = '''
version: 1
id: my-echo
title: "My client's message comes back from the other side"
transport: socket
timeout: 60
pairs: [java->python, python->python]
roles:
  server: {side: first, service: true, java: [mpbridge, echo, --listen, "tcp:127.0.0.1:0"],
           python: [python, -m, mpbridge.peers.echo_listener, "tcp:127.0.0.1:0", --pickle]}
  client: {side: second, python: [python, "{here}/my_client.py", "{server.address}"], java: [mpbridge, "--version"]}
steps: [[server], [client]]
expect: {client: {lines: ["('hello', 42)"]}}
'''

CLIENT = '''
import sys
from multiprocessing.connection import Client

host, port = sys.argv[1][len("tcp:"):].rsplit(":", 1)
with Client((host, int(port))) as conn:
    conn.send(("hello", 42))
    print(repr(conn.recv()), flush=True)
'''


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(textwrap.dedent(text).lstrip())


@pytest.fixture(scope="module")
def venv(tmp_path_factory):
    wheel = os.environ.get("MPBRIDGE_WHEEL")
    if not wheel or not os.path.isfile(wheel):
        pytest.fail("MPBRIDGE_WHEEL does not name the built wheel (make dist): %r" % wheel)
    root = tmp_path_factory.mktemp("user-venv")
    boot = os.environ.get("MPBRIDGE_BOOT_PYTHON") or sys.executable
    out = run([boot, "-m", "venv", str(root / "venv")], timeout=300)
    assert out.returncode == 0, out.stderr
    pip = run([str(root / "venv" / "bin" / "python"), "-m", "pip", "install", "--disable-pip-version-check", "-q",
               wheel, "pytest"], timeout=600, env=outside_env(root))
    assert pip.returncode == 0, pip.stdout + pip.stderr
    return root / "venv"


def test_the_wheel_gives_pytest_fixtures_a_java_peer_and_children_of_my_own(venv, tmp_path, one_cpython_on_path):
    _, path = one_cpython_on_path
    project = tmp_path / "my-project"
    write(str(project / "test_mine.py"), USER_TEST)
    write(str(project / "src" / "com" / "acme" / "Child.java"), CHILD)
    env = outside_env(tmp_path, PATH=os.pathsep.join([str(venv / "bin"), path]))
    jar = run([str(venv / "bin" / "python"), "-c", "from mpbridge.java import jar_path; print(jar_path())"],
              timeout=60, env=env, cwd=str(project))
    assert jar.returncode == 0 and jar.stdout.strip().startswith(str(venv)), jar.stdout + jar.stderr
    javac = run(["javac", "-cp", jar.stdout.strip(), "-d", str(project / "classes"), str(project / "src/com/acme/Child.java")],
                timeout=300, env=env)
    assert javac.returncode == 0, javac.stderr
    out = run([str(venv / "bin" / "python"), "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_mine.py"],
              timeout=600, env=env, cwd=str(project))
    assert out.returncode == 0, out.stdout + out.stderr
    assert "2 passed" in out.stdout


def test_the_runner_runs_my_own_scenario_from_my_directory(venv, tmp_path, one_cpython_on_path):
    python, path = one_cpython_on_path
    project = tmp_path / "my-project"
    write(str(project / "scenarios" / "my-echo.yaml"), SCENARIO)
    write(str(project / "scenarios" / "my_client.py"), CLIENT)
    env = outside_env(tmp_path, PATH=os.pathsep.join([str(venv / "bin"), path]), PYENV_ROOT=str(tmp_path / "no-pyenv"))
    minor = ".".join(python.version.split(".")[:2])
    out = run([str(venv / "bin" / "python"), "-m", "mpbridge.runner", "--scenarios", "scenarios", "--python", minor,
               "--progress", "none"],
              timeout=600, env=env, cwd=str(project))
    assert out.returncode == 0, out.stdout + out.stderr
    assert "2 cells: 2 passed, 0 failed, 0 skipped" in out.stdout, out.stdout
    doc = json.loads((project / "build" / "mpbridge-report" / "matrix.json").read_text())
    assert {(c["pair"], c["python"], c["status"]) for c in doc["cells"]} == {
        ("java->python", python.version, "pass"), ("python->python", python.version, "pass")}


def test_the_mpbridge_command_and_a_clear_error_without_java(venv, tmp_path):
    env = outside_env(tmp_path, PATH=os.pathsep.join([str(venv / "bin"), "/usr/bin", "/bin"]))
    version = run([str(venv / "bin" / "mpbridge"), "--version"], timeout=120, env=env)
    assert version.returncode == 0 and version.stdout.startswith("mpbridge "), version.stdout + version.stderr
    no_java = outside_env(tmp_path, PATH=str(venv / "bin"))
    no_java.pop("JAVA_HOME", None)
    out = run([str(venv / "bin" / "mpbridge"), "--version"], timeout=120, env=no_java)
    assert out.returncode == 127 and "set JAVA_HOME to a JDK" in out.stderr, out.stderr
    helper = run([str(venv / "bin" / "python"), "-c", "from mpbridge.java import cli_path; cli_path()"], timeout=60, env=no_java)
    assert helper.returncode == 1 and "JavaNotFoundError" in helper.stderr and "PATH" in helper.stderr
