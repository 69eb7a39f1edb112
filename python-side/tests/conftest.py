import json
import os
import subprocess
import sys

import pytest

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SRC = os.path.join(REPO, "python-side", "src")


def peer_env(extra=None):
    """Environment for a peer run under another interpreter: our stdlib-only package on PYTHONPATH."""
    env = dict(os.environ)
    env["PYTHONPATH"] = SRC + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env.setdefault("MPBRIDGE_CLI", os.path.join(REPO, "bin", "mpbridge"))
    env.update(extra or {})
    return env


def run_peer(interpreter, module, args, env=None, timeout=120):
    """Runs ``python -m mpbridge.peers.<module>`` under ``interpreter``; returns (exit code, last JSON line, stderr)."""
    out = subprocess.run([interpreter.path, "-m", "mpbridge.peers." + module] + list(args), env=peer_env(env),
                         capture_output=True, text=True, timeout=timeout)
    lines = [l for l in out.stdout.splitlines() if l.startswith("{")]
    return out.returncode, (json.loads(lines[-1]) if lines else None), out.stderr


class PythonPeer(object):
    """A peer started under an interpreter that prints ``READY <ADDR>`` first."""

    def __init__(self, interpreter, module, args, env=None):
        self.process = subprocess.Popen([interpreter.path, "-m", "mpbridge.peers." + module] + list(args),
                                        env=peer_env(env), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.process.stdout.readline().strip()
        if not line.startswith("READY "):
            self.process.kill()
            raise RuntimeError("python peer did not print READY: %r\n%s" % (line, self.process.stderr.read()))
        self.address_text = line[len("READY "):]

    def finish(self, timeout=60):
        try:
            out, err = self.process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            out, err = self.process.communicate()
            raise AssertionError("python peer did not finish within %ss: %s" % (timeout, err))
        lines = [l for l in out.splitlines() if l.startswith("{")]
        return self.process.returncode, (json.loads(lines[-1]) if lines else None), err

    def kill(self):
        if self.process.poll() is None:
            self.process.kill()
            self.process.communicate()


@pytest.fixture
def python_peer():
    started = []

    def start(interpreter, module, args, env=None):
        p = PythonPeer(interpreter, module, args, env)
        started.append(p)
        return p

    yield start
    for p in started:
        p.kill()


@pytest.fixture
def sock_path(tmp_path_factory):
    """A short Unix socket path (sun_path is 108 bytes)."""
    import tempfile
    d = tempfile.mkdtemp(prefix="mpb-")
    yield os.path.join(d, "s.sock")
    for f in os.listdir(d):
        os.unlink(os.path.join(d, f))
    os.rmdir(d)
