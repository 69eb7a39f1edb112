"""Helpers for the shared-memory, semaphore and mmap interop tests: run the Java CLI and the Python peers as real
processes (bounded by timeouts), and name/clean up every /dev/shm object a test makes."""
import json
import os
import queue
import subprocess
import threading
import time
from collections import namedtuple

import pytest

from mpbridge import leakcheck
from mpbridge.java import cli_path

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SRC = os.path.join(REPO, "python-side", "src")


def env():
    e = dict(os.environ)
    e["PYTHONPATH"] = SRC + (os.pathsep + e["PYTHONPATH"] if e.get("PYTHONPATH") else "")
    e.setdefault("MPBRIDGE_CLI", cli_path())
    return e


def minor(interpreter):
    return tuple(int(p) for p in interpreter.version.split(".")[:2])


def _run(argv, timeout, check, input=None):
    try:
        out = subprocess.run(argv, env=env(), capture_output=True, text=True, timeout=timeout, input=input)
    except subprocess.TimeoutExpired as e:
        raise AssertionError("%s did not finish within %ss; stderr: %s" % (" ".join(argv), timeout, e.stderr))
    if check and out.returncode != 0:
        raise AssertionError("%s exited %d\nstdout: %s\nstderr: %s" % (" ".join(argv), out.returncode, out.stdout, out.stderr))
    return out


def java(*args, timeout=60, check=True):
    """``bin/mpbridge ARGS``; a CompletedProcess (text)."""
    return _run([cli_path()] + [str(a) for a in args], timeout, check)


def py(interpreter, peer, *args, timeout=60, check=True, input=None):
    """``python -m mpbridge.peers.PEER ARGS`` under ``interpreter``."""
    return _run([interpreter.path, "-m", "mpbridge.peers." + peer] + [str(a) for a in args], timeout, check, input)


Result = namedtuple("Result", "returncode stdout stderr args")


class _Lines(object):
    """The lines a child prints on stdout, read by a thread so that every wait has a timeout."""

    def __init__(self, process):
        self.process = process
        self.queue = queue.Queue()
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self):
        for line in self.process.stdout:
            self.queue.put(line.rstrip("\n"))
        self.queue.put(None)

    def next(self, timeout, what):
        name = " ".join(self.process.args)
        try:
            line = self.queue.get(timeout=timeout)
        except queue.Empty:
            if self.process.poll() is None:
                self.process.kill()
                self.process.wait(10)
            raise AssertionError("%s: no reply within %ss to %s" % (name, timeout, what))
        if line is None:
            raise AssertionError("%s exited (%s) during %s: %s" % (name, self.process.wait(10), what, self.process.stderr.read()))
        return line


class JavaBatch(object):
    """One ``bin/mpbridge batch`` process running CLI commands sent one per line: the same commands, parser and
    exit codes as separate ``bin/mpbridge`` runs, without a JVM start each (separate processes remain where
    concurrency or the process exit code is the point)."""

    def __init__(self):
        self.process = subprocess.Popen([cli_path(), "batch"], env=env(), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, text=True)
        self.lines = _Lines(self.process)
        ready = self.lines.next(60, "READY batch")
        assert ready == "READY batch", ready

    def __call__(self, *args, **kw):
        check = kw.pop("check", True)
        timeout = kw.pop("timeout", 60)
        argv = [str(a) for a in args]
        self.process.stdin.write(json.dumps(argv) + "\n")
        self.process.stdin.flush()
        reply = json.loads(self.lines.next(timeout, " ".join(argv)))
        result = Result(reply["rc"], reply["out"], reply["err"], argv)
        if check and result.returncode != 0:
            raise AssertionError("mpbridge %s exited %d\nstdout: %s\nstderr: %s"
                                 % (" ".join(argv), result.returncode, result.stdout, result.stderr))
        return result

    def close(self):
        if self.process.poll() is None:
            try:
                self.process.stdin.close()
                self.process.wait(10)
            except (OSError, subprocess.TimeoutExpired):
                self.process.kill()
                self.process.wait(10)


@pytest.fixture(scope="module")
def jv():
    """``jv("shm", "info", name)``: a CLI command run by this module's long-lived Java process."""
    batch = JavaBatch()
    yield batch
    batch.close()


class LinePeer(object):
    """A Python peer driven line by line over stdin/stdout (``READY ...`` first, then one JSON reply per line)."""

    def __init__(self, interpreter, peer, *args):
        self.process = py_popen(interpreter, peer, *args, stdin=subprocess.PIPE)
        self.lines = _Lines(self.process)
        self.ready = self.lines.next(60, "READY")
        assert self.ready.startswith("READY "), self.ready

    def send(self, line, timeout=30):
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()
        return json.loads(self.lines.next(timeout, line))

    def quit(self, timeout=30):
        self.process.stdin.write("quit\n")
        self.process.stdin.flush()
        self.process.stdin.close()
        rc = self.process.wait(timeout)
        assert rc == 0, self.process.stderr.read()

    def kill(self):
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)


def java_popen(*args, **kw):
    return subprocess.Popen([cli_path()] + [str(a) for a in args], env=env(), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, **kw)


def py_popen(interpreter, peer, *args, **kw):
    return subprocess.Popen([interpreter.path, "-m", "mpbridge.peers." + peer] + [str(a) for a in args], env=env(),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)


def finish(procs, timeout=90):
    """Waits for every process (one shared deadline); kills all on timeout. Asserts each exited 0; returns stdouts."""
    deadline = time.monotonic() + timeout
    outs = []
    try:
        for p in procs:
            out, err = p.communicate(timeout=max(0.1, deadline - time.monotonic()))
            if p.returncode != 0:
                raise AssertionError("%s exited %d\nstdout: %s\nstderr: %s" % (" ".join(p.args), p.returncode, out, err))
            outs.append(out)
    except subprocess.TimeoutExpired:
        raise AssertionError("processes still running after %ss: %s" % (timeout, [" ".join(p.args) for p in procs if p.poll() is None]))
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
                p.communicate()
    return outs


def last_json(text):
    lines = [line for line in text.splitlines() if line.startswith(("{", "["))]
    assert lines, "no JSON line in %r" % text
    return json.loads(lines[-1])


def await_condition(predicate, timeout, describe):
    """Polls ``predicate`` (a cheap check of shared state) until true, or fails naming ``describe()``."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("timed out after %ss waiting for %s" % (timeout, describe()))
        time.sleep(0.02)


def dev_shm(name):
    """/dev/shm path of a segment (``psm_x``) or a semaphore (``/mp-x``)."""
    return "/dev/shm/sem." + name[1:] if name.startswith("/") else "/dev/shm/" + name.lstrip("/")


class Names(object):
    """Fresh tagged names; whatever is still in /dev/shm at teardown is removed (and, after a passing test, reported:
    a test that passes must also clean up after itself)."""

    def __init__(self):
        self.made = []

    def segment(self):
        n = leakcheck.segment_name()
        self.made.append(n)
        return n

    def semaphore(self):
        n = leakcheck.semaphore_name()
        self.made.append(n)
        return n

    def track(self, name):
        self.made.append(name)
        return name

    def cleanup(self):
        """Removes what is left; returns the paths it had to remove."""
        removed = []
        for n in self.made:
            for path in (dev_shm(n), dev_shm("/" + n + ".lock") if not n.startswith("/") else None):  # + a value's lock
                if path and os.path.exists(path):
                    os.unlink(path)
                    removed.append(path)
        return removed


@pytest.fixture
def names(request):
    n = Names()
    yield n
    removed = n.cleanup()
    call = getattr(request.node, "_mpbridge_report_call", None)
    if removed and call is not None and call.passed:
        pytest.fail("the test passed but left %s in /dev/shm (removed now)" % ", ".join(removed), pytrace=False)
