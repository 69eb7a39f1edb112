"""Start Java peers from Python (stdlib only, 3.8+).

``JavaPeer`` runs a listening ``mpbridge`` command and waits for its ``READY <ADDR>`` line; ``spawn_java_child``
gives a Python parent a ``multiprocessing.connection.Connection`` to a Java child over its stdin/stdout (the
seeds' ``Pipe()`` with a Java process on the other end): the CLI, or a user's own class.

Where the Java side comes from, first found: ``$MPBRIDGE_CLI`` (a launcher), this checkout's ``bin/mpbridge``
(a development tree), or the CLI jar that the wheel carries (``mpbridge/jars/mpbridge.jar``), run with the
``java`` of ``$JAVA_HOME`` or ``PATH``.
"""
import hashlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from multiprocessing.connection import Connection

from mpbridge import __version__

_HERE = os.path.dirname(os.path.abspath(__file__))
# C1 only and class data sharing: a peer CLI starts many times and lives briefly (as bin/mpbridge)
JVM_FLAGS = ["-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto"]


class JavaNotFoundError(FileNotFoundError):
    """No Java runtime: neither ``$JAVA_HOME/bin/java`` nor ``java`` on PATH."""


def checkout_root():
    """The repository this package runs from (editable install, PYTHONPATH=python-side/src), else None."""
    root = os.path.abspath(os.path.join(_HERE, "..", "..", ".."))
    if os.path.isfile(os.path.join(root, "python-side", "pyproject.toml")) and os.path.isdir(os.path.join(root, "java-side")):
        return root
    return None


def cache_dir():
    """Per-user cache: ``$MPBRIDGE_CACHE``, else ``$XDG_CACHE_HOME/mpbridge``, else ``~/.cache/mpbridge``."""
    env = os.environ.get("MPBRIDGE_CACHE")
    if env:
        return env
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "mpbridge")


def java_executable():
    """``$JAVA_HOME/bin/java``, else ``java`` on PATH; JavaNotFoundError saying what to set otherwise."""
    home = os.environ.get("JAVA_HOME")
    if home:
        exe = os.path.join(home, "bin", "java")
        if os.path.isfile(exe) and os.access(exe, os.X_OK):
            return exe
        raise JavaNotFoundError("JAVA_HOME=%s has no bin/java; point JAVA_HOME at a JDK 17+ or unset it to use java on PATH" % home)
    exe = shutil.which("java")
    if exe:
        return exe
    raise JavaNotFoundError("mpbridge needs a Java 17+ runtime for its Java peers: set JAVA_HOME to a JDK or put java on PATH")


def bundled_jar():
    """The shaded CLI jar the wheel carries, or None (a source checkout has none)."""
    path = os.path.join(_HERE, "jars", "mpbridge.jar")
    return path if os.path.isfile(path) else None


def jar_path():
    """The CLI jar (classes of mpbridge-core and mpbridge-cli): ``$MPBRIDGE_JAR``, the wheel's, or the checkout's build."""
    env = os.environ.get("MPBRIDGE_JAR")
    if env:
        return env
    jar = bundled_jar()
    if jar:
        return jar
    root = checkout_root()
    if root and os.path.isfile(os.path.join(root, "java-side", "cli", "target", "mpbridge.jar")):
        return os.path.join(root, "java-side", "cli", "target", "mpbridge.jar")
    raise FileNotFoundError("the mpbridge CLI jar was not found: install the mpbridge wheel, run 'make build' in a checkout, "
                            "or set MPBRIDGE_JAR")


def _launcher_for(jar):
    """A tiny ``mpbridge`` shell launcher for ``jar`` in the cache (made once, atomically): peers under any
    interpreter, and scenario files, run ``mpbridge ARGS`` as a plain executable."""
    digest = hashlib.sha256(("%s\0%s" % (os.path.abspath(jar), __version__)).encode("utf-8")).hexdigest()[:16]
    directory = os.path.join(cache_dir(), "launchers", digest)
    path = os.path.join(directory, "mpbridge")
    if os.path.isfile(path):
        return path
    os.makedirs(directory, exist_ok=True)
    script = ("#!/bin/sh\n# made by mpbridge.java for %(jar)s\n"
              "java_bin=\"${JAVA_HOME:+$JAVA_HOME/bin/}java\"\n"
              "if [ -z \"${JAVA_HOME:-}\" ] && ! command -v java >/dev/null 2>&1; then\n"
              "  echo 'mpbridge: no Java runtime: set JAVA_HOME to a JDK 17+ or put java on PATH' >&2; exit 127\nfi\n"
              "exec \"$java_bin\" %(flags)s ${MPBRIDGE_JAVA_OPTS:-} -jar '%(jar)s' \"$@\"\n"
              % {"jar": os.path.abspath(jar).replace("'", "'\\''"), "flags": " ".join(JVM_FLAGS)})
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=".mpbridge-")
    with os.fdopen(fd, "w") as out:
        out.write(script)
    os.chmod(tmp, 0o755)
    os.replace(tmp, path)
    return path


def cli_path():
    """An executable ``mpbridge`` launcher: ``$MPBRIDGE_CLI``, this checkout's ``bin/mpbridge``, else one for the
    wheel's jar (needs Java: JavaNotFoundError says what to set)."""
    env = os.environ.get("MPBRIDGE_CLI")
    if env:
        return env
    root = checkout_root()
    if root and os.path.exists(os.path.join(root, "bin", "mpbridge")) and not bundled_jar():
        return os.path.join(root, "bin", "mpbridge")
    jar = jar_path()
    java_executable()  # a clear error now rather than exit 127 from inside a peer
    return _launcher_for(jar)


def python_path():
    """A directory to put on ``PYTHONPATH`` so that any CPython 3.8-3.13 imports this ``mpbridge`` package and nothing
    else: the checkout's ``python-side/src``, else a cache directory holding a link to the installed package (never
    the whole site-packages of this interpreter)."""
    parent = os.path.dirname(_HERE)
    root = checkout_root()
    if root and os.path.samefile(parent, os.path.join(root, "python-side", "src")):
        return parent
    digest = hashlib.sha256(_HERE.encode("utf-8")).hexdigest()[:16]
    directory = os.path.join(cache_dir(), "pythonpath", digest)
    link = os.path.join(directory, "mpbridge")
    if not os.path.islink(link):
        os.makedirs(directory, exist_ok=True)
        tmp = os.path.join(directory, ".mpbridge-%d" % os.getpid())
        try:
            os.symlink(_HERE, tmp)
            os.replace(tmp, link)
        except OSError:
            if not os.path.islink(link):
                raise
    return directory


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


def java_class_command(java_class, args=(), classpath=(), jvm_args=()):
    """``java [JVM_ARGS] -cp CLASSPATH:<mpbridge jar> JAVA_CLASS ARGS``: a user's own main class, with mpbridge's
    classes on its classpath (so it can call ``Pipes.stdio()``)."""
    path = os.pathsep.join([str(p) for p in classpath] + [jar_path()])
    return [java_executable()] + [str(a) for a in jvm_args] + ["-cp", path, java_class] + [str(a) for a in args]


def spawn_java_child(args=(), env=None, java_class=None, classpath=(), jvm_args=(), command=None, cwd=None):
    """Start a Java child with one end of a socketpair as its stdin and stdout, as ``Pipe()`` does, and return
    ``(connection, popen)``: this process's end (a real ``multiprocessing.connection.Connection``) and the child's
    ``subprocess.Popen`` (its stderr is kept: ``popen.stderr_tail.text()``). Close the connection to end the child
    (it sees end of file), then ``popen.wait()``.

    The child is, first given: ``command`` (any argv), ``java_class`` (your main class, run as
    ``java -cp CLASSPATH:<mpbridge jar> JAVA_CLASS ARGS``; it talks back through ``Pipes.stdio()``), else the CLI:
    ``mpbridge ARGS`` (e.g. ``["echo", "--stdio"]``, ``["role", "pipe-login-app2"]``)."""
    if command is not None:
        argv = [str(a) for a in command]
    elif java_class is not None:
        argv = java_class_command(java_class, args, classpath, jvm_args)
    else:
        argv = [cli_path()] + [str(a) for a in args]
    parent, child = socket.socketpair()
    full_env = dict(os.environ)
    full_env.update(env or {})
    try:
        popen = subprocess.Popen(argv, stdin=child.fileno(), stdout=child.fileno(), stderr=subprocess.PIPE,
                                 env=full_env, close_fds=True, cwd=cwd)
    except BaseException:
        parent.close()
        raise
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
