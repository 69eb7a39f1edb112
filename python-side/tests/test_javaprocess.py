"""mpbridge.JavaProcess on every CPython 3.8-3.13 found: a real CPython parent (javaprocess_driver.py) starts a real
JVM child (org.mpbridge.cli.javaprocess.Probe) through CPython's spawn protocol and hands it real multiprocessing
objects; each case asserts what both sides observed."""
import json
import os
import subprocess

import pytest

pytestmark = pytest.mark.interop

REPO = os.environ.get("MPBRIDGE_REPO") or os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DRIVER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "javaprocess_driver.py")
JAR = os.path.join(REPO, "java-side", "cli", "target", "mpbridge.jar")


def drive(interpreter, case, method="spawn", timeout=180):
    if not os.path.isfile(os.environ.get("MPBRIDGE_JAR", JAR)):
        pytest.fail("the mpbridge jar is missing: run 'make build'")
    env = dict(os.environ, PYTHONPATH=os.path.join(REPO, "python-side", "src"))
    out = subprocess.run([interpreter.path, DRIVER, case, method], capture_output=True, text=True, timeout=timeout,
                         env=env, cwd=REPO)
    assert out.returncode == 0, "driver %s exited %s:\n%s" % (case, out.returncode, out.stderr[-3000:])
    lines = [l for l in out.stdout.splitlines() if l.startswith("{")]
    assert lines, "no result from %s:\nstdout: %s\nstderr: %s" % (case, out.stdout[-2000:], out.stderr[-2000:])
    return json.loads(lines[-1]), out.stderr


@pytest.mark.parametrize("method", ["spawn", "forkserver"])
def test_pipe_ends_values_and_identity(interpreter, method):
    got, _ = drive(interpreter, "pipe", method)
    assert got == {"echoed": [True] * 8, "alive": True, "in_active_children": True, "name": "jp-echo", "ppid_ok": True,
                   "pid_ok": True, "authkey_ok": True, "daemon": True, "kwargs": {"k": [1, 2]}, "exitcode": 0}


@pytest.mark.parametrize("method", ["spawn", "forkserver"])
def test_queue_both_ways(interpreter, method):
    got, _ = drive(interpreter, "queue", method)
    assert got == {"got": [2 * i for i in range(50)], "exitcode": 0}


def test_bounded_queue_blocks_the_java_put(interpreter):
    got, _ = drive(interpreter, "bounded")
    assert got == {"full": True, "got": list(range(10)) + ["done"], "exitcode": 0}


def test_simple_queue_and_joinable_queue(interpreter):
    got, _ = drive(interpreter, "simple_joinable")
    assert got == {"simple": ["java", {"hello": "世界"}], "exitcodes": [0, 0]}


def test_lock_rlock_semaphore_bounded(interpreter):
    got, _ = drive(interpreter, "locks")
    assert got == {"report": [True, True, 3, "ValueError"], "taken_by_java": True, "free_again": True, "exitcode": 0}


def test_event_and_condition(interpreter):
    got, _ = drive(interpreter, "event_condition")
    assert got == {"event": True, "condition": True, "exitcodes": [0, 0]}


def test_value_array_rawvalue_shared_memory(interpreter):
    got, _ = drive(interpreter, "value_array_shm")
    assert got == {"value": 5500, "array": [10.0, 20.0, 30.0], "raw": 1.5, "shm": "java!", "exitcodes": [0, 0]}


def test_exit_codes_terminate_kill(interpreter):
    got, err = drive(interpreter, "exits")
    assert got == {"exit": 7, "raise": 1, "terminate": -15, "terminate_alive": False, "kill": -9, "kill_alive": False,
                   "missing_class": 1}
    assert "Traceback (most recent call last, Java):" in err and "java.lang.IllegalStateException: boom" in err
    assert "ClassNotFoundException: com.acme.NoSuchClass" in err


def test_fork_made_objects_are_refused_with_the_fix(interpreter):
    got, _ = drive(interpreter, "fork_error")
    for label, cls in (("Queue", "multiprocessing.queues.Queue"), ("Lock", "multiprocessing.synchronize.Lock"),
                       ("Value", "multiprocessing.sharedctypes.Synchronized")):
        assert "cannot receive args[1] (%s)" % cls in got[label]
        assert "'fork' start method" in got[label] and "get_context('spawn')" in got[label]


def test_manager_proxies(interpreter):
    got, _ = drive(interpreter, "manager")
    assert got == {"dict": {"java": 2}, "list": [1, 2, "from java"], "exitcode": 0}


def start_python(interpreter, function, *args):
    """java->python: a Java parent (StartPython) starts an unmodified CPython function through the spawn protocol."""
    java = os.environ.get("MPBRIDGE_JAVA") or "java"
    return subprocess.run([java, "-cp", os.environ.get("MPBRIDGE_JAR", JAR), "org.mpbridge.cli.javaprocess.StartPython",
                           interpreter.path, function] + [str(a) for a in args],
                          capture_output=True, text=True, timeout=120, cwd=REPO)


def test_java_parent_starts_an_unmodified_python_function(interpreter):
    out = start_python(interpreter, "builtins:print", "包子", 42)
    assert out.stdout.splitlines() == ["包子 42", "exitcode 0"], out.stderr
    assert start_python(interpreter, "sys:exit", 3).stdout.splitlines() == ["exitcode 3"]
    failed = start_python(interpreter, "operator:truediv", 1, 0)
    assert failed.stdout.splitlines() == ["exitcode 1"]
    assert "Process PythonProcess-1:" in failed.stderr and "ZeroDivisionError: division by zero" in failed.stderr
