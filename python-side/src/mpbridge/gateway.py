"""Python drives Java through Py4J: a JVM with mpbridge on its classpath, reached from a Python test.

::

    from mpbridge import gateway

    with gateway.launch() as gw:                      # a JVM with a Py4J GatewayServer, port 0, auth token
        jvm = gw.jvm
        listener = jvm.org.mpbridge.connection.Listener.bind(
            jvm.org.mpbridge.connection.Address.parse("tcp:127.0.0.1:0"), bytearray(b"secret"))
        print(listener.address().toString())          # tcp:127.0.0.1:PORT: an unmodified Client can connect
    # the JVM has ended

``launch()`` returns a ``py4j.java_gateway.JavaGateway`` (this module's subclass, whose ``close()`` also ends the
JVM). The classpath is py4j's own jar (``py4j==0.10.9.9``, the same version as ``net.sf.py4j:py4j`` on the Java
side) plus mpbridge's shaded jar: ``classpath=`` or ``$MPBRIDGE_CLASSPATH``, else
``$MPBRIDGE_JAR``, else ``java-side/cli/target/mpbridge.jar`` of this checkout (``make build``). The JVM is
``$JAVA_HOME/bin/java`` or ``java`` on PATH; it dies with this process too (its stdin is our pipe).
"""
import collections
import os
import subprocess

_HERE = os.path.dirname(os.path.abspath(__file__))
PY4J_VERSION = "0.10.9.9"


def mpbridge_classpath():
    """Where mpbridge's classes are for the JVM: $MPBRIDGE_CLASSPATH, $MPBRIDGE_JAR, or this checkout's jar."""
    for name in ("MPBRIDGE_CLASSPATH", "MPBRIDGE_JAR"):
        if os.environ.get(name):
            return os.environ[name]
    repo = os.environ.get("MPBRIDGE_REPO") or os.path.abspath(os.path.join(_HERE, "..", "..", ".."))
    jar = os.path.join(repo, "java-side", "cli", "target", "mpbridge.jar")
    if not os.path.exists(jar):
        raise FileNotFoundError("mpbridge's jar not found at %s: run 'make build', or set MPBRIDGE_CLASSPATH" % jar)
    return jar


def _py4j():
    try:
        import py4j
        from py4j import java_gateway
        from py4j.version import __version__
    except ImportError:
        raise ImportError("mpbridge.gateway needs py4j==%s: pip install py4j==%s (it is in mpbridge's test extras)"
                          % (PY4J_VERSION, PY4J_VERSION))
    if __version__ != PY4J_VERSION:
        raise ImportError("py4j %s is installed, mpbridge's Java side has %s: pip install py4j==%s"
                          % (__version__, PY4J_VERSION, PY4J_VERSION))
    return java_gateway


def _java():
    home = os.environ.get("JAVA_HOME")
    return os.path.join(home, "bin", "java") if home else "java"


def launch(classpath=None, javaopts=(), callbacks=False, timeout=60.0):
    """A JVM running a Py4J GatewayServer (ephemeral port, random auth token) with mpbridge on its classpath.

    Returns a :class:`MpbridgeGateway` (a ``py4j.java_gateway.JavaGateway``): ``gw.jvm.org.mpbridge...`` reaches
    the whole Java API. ``callbacks=True`` also starts the Python callback server (port 0), so that Python
    objects implementing Java interfaces can be passed to Java. ``timeout`` bounds the JVM's start and, as
    the socket read timeout, every call. ``close()`` (or the ``with`` block's end) ends the JVM.
    """
    jg = _py4j()
    stderr = collections.deque(maxlen=200)
    cp = classpath or mpbridge_classpath()
    port, token, proc = jg.launch_gateway(classpath=cp, javaopts=list(javaopts), die_on_exit=True, enable_auth=True,
                                          return_proc=True, redirect_stderr=stderr, java_path=_java())
    try:
        return MpbridgeGateway(proc, port, token, stderr, callbacks, timeout)
    except BaseException:
        _end(proc)
        raise


def _end(proc, grace=10.0):
    for stream in (proc.stdin,):
        try:
            stream.close()  # --die-on-broken-pipe: the JVM exits when its stdin closes
        except OSError:
            pass
    try:
        proc.wait(grace)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(grace)


_jg = None


def _base():
    global _jg
    if _jg is None:
        _jg = _py4j()
    return _jg.JavaGateway


class MpbridgeGateway(_base()):
    """A ``JavaGateway`` that owns its JVM: ``close()`` shuts the gateway down and ends the process."""

    def __init__(self, proc, port, token, stderr, callbacks, timeout):
        jg = _py4j()
        self.process = proc
        self.auth_token = token
        self._stderr = stderr
        params = jg.GatewayParameters(port=port, auth_token=token, auto_convert=True, read_timeout=timeout)
        cb = jg.CallbackServerParameters(port=0, daemonize=True, daemonize_connections=True, auth_token=token) if callbacks else None
        super(MpbridgeGateway, self).__init__(gateway_parameters=params, callback_server_parameters=cb, java_process=proc)
        if callbacks:
            python_port = self.get_callback_server().get_listening_port()
            server = self.java_gateway_server
            server.resetCallbackClient(server.getCallbackClient().getAddress(), python_port)

    def stderr(self):
        """The JVM's last stderr lines."""
        return "".join(self._stderr)

    def close(self, *args, **kwargs):
        if self.__dict__.get("_closing"):  # py4j's shutdown() calls close() itself (getattr would ask the JVM)
            return super(MpbridgeGateway, self).close(*args, **kwargs)
        self._closing = True
        try:
            if self.process.poll() is None:
                self.shutdown()
        except Exception:
            pass
        finally:
            _end(self.process)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
