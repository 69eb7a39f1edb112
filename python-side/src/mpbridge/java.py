"""Start Java peers (the ``bin/mpbridge`` CLI) from Python (stdlib only, 3.8+).

``JavaPeer`` runs a listening command and waits for its ``READY <ADDR>`` line; ``spawn_java_child`` gives a
Python parent a ``multiprocessing.connection.Connection`` to a Java child over its stdin/stdout (the seeds'
``Pipe()`` with a Java process on the other end).
"""
import os
import socket
import subprocess
import sys
import threading
import time
from multiprocessing.connection import Connection

_HERE = os.path.dirname(os.path.abspath(__file__))


def cli_path():
    """The mpbridge launcher: $MPBRIDGE_CLI, else bin/mpbridge of this checkout."""
    env = os.environ.get("MPBRIDGE_CLI")
    if env:
        return env
    repo = os.path.abspath(os.path.join(_HERE, "..", "..", ".."))
    path = os.path.join(repo, "bin", "mpbridge")
    if not os.path.exists(path):
        raise FileNotFoundError("mpbridge CLI not found at %s; set MPBRIDGE_CLI or run 'make build'" % path)
    return path


def parse_address(text):
    """``tcp:HOST:PORT`` -> (host, port); ``unix:PATH`` -> PATH (the forms multiprocessing takes)."""
    if text.startswith("tcp:"):
        host, _, port = text[4:].rpartition(":")
        return (host, int(port))
    if text.startswith("unix:"):
        return text[5:]
    raise ValueError("expected tcp:HOST:PORT or unix:PATH, got %r" % text)


def format_address(address):
    if isinstance(address, tuple):
        return "tcp:%s:%d" % address
    return "unix:%s" % address


class _StderrTail(threading.Thread):
    """Keeps the last 64 KiB a child wrote to stderr, for failure messages."""

    def __init__(self, stream):
        threading.Thread.__init__(self, daemon=True)
        self.stream = stream
        self.chunks = []
        self.lock = threading.Lock()
        self.start()

    def run(self):
        for line in iter(self.stream.readline, b""):
            with self.lock:
                self.chunks.append(line)
                while sum(len(c) for c in self.chunks) > 65536:
                    self.chunks.pop(0)

    def text(self):
        with self.lock:
            return b"".join(self.chunks).decode("utf-8", "replace")


def stop_process(process, grace=10.0):
    """SIGTERM (a Java peer's shutdown hooks run), then SIGKILL after ``grace`` seconds; closes its pipes."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(grace)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(grace)
    for stream in (process.stdin, process.stdout, process.stderr):
        try:
            if stream is not None:
                stream.close()
        except OSError:
            pass


class JavaPeer(object):
    """A running ``mpbridge <args>`` that prints ``READY <ADDR>``; a context manager that kills it on exit.
    ``authkey`` (bytes) is only remembered, for :meth:`connect`: give it to the peer through its environment."""

    def __init__(self, args, env=None, ready_timeout=60.0, authkey=None):
        self.args = [cli_path()] + list(args)
        self.authkey = authkey
        full_env = dict(os.environ)
        full_env.update(env or {})
        self.process = subprocess.Popen(self.args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=full_env)
        self._stderr = _StderrTail(self.process.stderr)
        self.address_text = self._await_ready(ready_timeout)
        self.address = parse_address(self.address_text)

    def _await_ready(self, timeout):
        result = {}

        def read():
            result["line"] = self.process.stdout.readline().decode("utf-8", "replace").strip()

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        reader.join(timeout)
        line = result.get("line")
        if not line or not line.startswith("READY "):
            self.close()
            raise RuntimeError("Java peer %s did not print READY within %.0fs (got %r); stderr:\n%s"
                               % (" ".join(self.args), timeout, line, self.stderr()))
        return line[len("READY "):]

    def stderr(self):
        return self._stderr.text()

    def connect(self):
        """A ``multiprocessing.connection.Client`` connection to the peer's address, with its authkey."""
        from multiprocessing.connection import Client
        return Client(self.address, authkey=self.authkey)

    def close(self):
        stop_process(self.process)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def spawn_java_child(args, env=None):
    """Start ``mpbridge <args>`` (e.g. ``["echo", "--stdio"]``) with one end of a socketpair as its stdin and
    stdout, as ``Pipe()`` does; return ``(connection, popen)``. Close the connection to end the child."""
    parent, child = socket.socketpair()
    full_env = dict(os.environ)
    full_env.update(env or {})
    try:
        popen = subprocess.Popen([cli_path()] + list(args), stdin=child.fileno(), stdout=child.fileno(),
                                 stderr=subprocess.PIPE, env=full_env, close_fds=True)
    finally:
        child.close()
    conn = Connection(parent.detach())
    popen.stderr_tail = _StderrTail(popen.stderr)
    return conn, popen


def wait_for(predicate, timeout, describe):
    """Polls ``predicate`` until true; raises TimeoutError naming ``describe()`` after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        if predicate():
            return
        if time.monotonic() > deadline:
            raise TimeoutError("timed out after %.1fs waiting for %s" % (timeout, describe()))
        time.sleep(0.02)
