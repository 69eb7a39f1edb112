"""pytest plugin (registered through the ``pytest11`` entry point): Java peers for Python-first teams.

* ``interpreter``: a test that takes it runs once per CPython 3.8-3.13 found (ids ``py3.8`` ...); ``--python``
  narrows it (``--python 3.12``).
* ``java_peer``: a factory fixture; ``java_peer(["echo", "--listen", "tcp:127.0.0.1:0"])`` starts the Java CLI,
  waits for its ``READY <ADDR>`` line (the readiness handshake) and stops it after the test. With
  ``authkey_env="MPB_KEY"`` the peer gets a fresh random key in that variable and ``peer.connect()`` uses it::

      def test_echo(java_peer):
          peer = java_peer(["echo", "--listen", "tcp:127.0.0.1:0", "--authkey-env", "MPB_KEY"], authkey_env="MPB_KEY")
          with peer.connect() as conn:          # multiprocessing.connection.Client, the key included
              conn.send(("Dave", "123"))
              assert conn.recv() == ("Dave", "123")

* ``java_child``: a factory fixture for the seeds' ``Pipe()`` with a Java child:
  ``conn = java_child(["role", "pipe-login-app2"])`` starts it with a socketpair as its stdin/stdout and returns
  this test's end (a ``multiprocessing.connection.Connection``); ``java_child(args, java_class="com.acme.Child",
  classpath=["target/classes"])`` starts a class of your own instead; the child is killed after the test.
* ``java_gateway``: a JVM with mpbridge on its classpath and a Py4J gateway (``mpbridge.gateway.launch()``, port 0,
  auth token, callback server on): ``java_gateway.jvm.org.mpbridge...`` reaches the Java API; the JVM ends after
  the test.
* A failing test's report carries the stderr of every Java peer and child it started.
* Strict mode (``--mpbridge-strict`` or ``MPBRIDGE_STRICT=1``, set in CI): a skipped test is a failure, so a
  missing capability can never pass silently. ``skip_optional(reason)`` is the exception: for what a machine may
  lack without the product lacking anything (an optional interpreter such as Python 2.7), it stays a skip.
* ``/dev/shm`` hygiene: names made with ``mpbridge.leakcheck`` carry a per-session tag; at the end of the session
  any entry with the tag left in ``/dev/shm`` is removed and reported as an error.
"""
import binascii
import os

import pytest

from mpbridge import interpreters as _interpreters
from mpbridge import leakcheck as _leakcheck
from mpbridge.java import JavaPeer, spawn_java_child

OPTIONAL = "optional: "

_DISCOVERED = None


def discovered():
    global _DISCOVERED
    if _DISCOVERED is None:
        _DISCOVERED = _interpreters.discover()
    return _DISCOVERED


def skip_optional(reason):
    """Skips the test even in strict mode: the machine lacks something optional (e.g. Python 2.7 is not
    installed), the product lacks nothing."""
    pytest.skip(OPTIONAL + reason)


def strict(config):
    return bool(config.getoption("--mpbridge-strict")) or os.environ.get("MPBRIDGE_STRICT") == "1"


def pytest_addoption(parser):
    group = parser.getgroup("mpbridge")
    group.addoption("--mpbridge-strict", action="store_true", default=False,
                    help="turn skips into failures (CI); also MPBRIDGE_STRICT=1")
    group.addoption("--python", action="store", default=None, dest="mpbridge_python",
                    help="only these CPython versions, e.g. 3.12 or 3.8,3.13")


def pytest_generate_tests(metafunc):
    if "interpreter" in metafunc.fixturenames:
        found, _ = discovered()
        found = _interpreters.select(found, metafunc.config.getoption("mpbridge_python"))
        if found:
            metafunc.parametrize("interpreter", found, ids=["py" + ".".join(i.version.split(".")[:2]) for i in found])
        else:
            metafunc.parametrize("interpreter", [pytest.param(None, marks=pytest.mark.skip(
                reason="no CPython 3.8-3.13 found (set MPBRIDGE_PYTHONS or install with pyenv)"))], ids=["nopython"])


def pytest_configure(config):
    _leakcheck.tag()  # one tag per session, inherited by every peer through the environment


@pytest.fixture(scope="session", autouse=True)
def _mpbridge_no_shm_leftovers():
    """After the whole session, nothing of ours may remain in /dev/shm."""
    yield
    left = _leakcheck.leftovers()
    _leakcheck.remove(left)
    if left:
        raise AssertionError("the session left these in /dev/shm (now removed): %s" % ", ".join(left))


def pytest_report_header(config):
    found, skipped = discovered()
    lines = ["mpbridge: CPython found: " + (", ".join(i.version for i in found) or "none"),
             "mpbridge: /dev/shm tag for this session: " + _leakcheck.tag()]
    if strict(config):
        lines.append("mpbridge: strict mode: skips fail")
    return lines


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, "_mpbridge_report_" + report.when, report)  # fixtures ask how the test itself went
    if report.skipped and not hasattr(report, "wasxfail") and strict(item.config):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        if OPTIONAL not in reason:
            report.outcome = "failed"
            report.longrepr = "strict mode (MPBRIDGE_STRICT=1) turns this skip into a failure: " + reason
    if report.when == "call" and report.failed:
        for peer in getattr(item, "_mpbridge_peers", ()):
            report.sections.append(("java peer stderr: " + " ".join(peer.args[1:]), peer.stderr()))
        for args, popen in getattr(item, "_mpbridge_children", ()):
            report.sections.append(("java child stderr: " + " ".join(str(a) for a in popen.args), popen.stderr_tail.text()))
        for gw in getattr(item, "_mpbridge_gateways", ()):
            report.sections.append(("java gateway stderr", gw.stderr()))


@pytest.fixture
def java_peer(request):
    """Factory: ``java_peer(args, env=None, ready_timeout=60, authkey_env=None)`` -> a running ``JavaPeer``
    (address in ``.address``, key in ``.authkey``, ``.connect()``, ``.stderr()``); stopped after the test."""
    started = []
    request.node._mpbridge_peers = started

    def start(args, env=None, ready_timeout=60.0, authkey_env=None):
        env = dict(env or {})
        key = None
        if authkey_env:
            key = binascii.hexlify(os.urandom(16))
            env[authkey_env] = key.decode("ascii")
        peer = JavaPeer(args, env=env, ready_timeout=ready_timeout, authkey=key)
        started.append(peer)
        return peer

    yield start
    for peer in started:
        peer.close()


@pytest.fixture
def java_child(request):
    """Factory: ``java_child(args, env=None, java_class=None, classpath=(), jvm_args=(), command=None, cwd=None)``
    -> this test's end of a ``Pipe()`` whose other end is the stdin and stdout of ``mpbridge <args>`` (e.g.
    ``["echo", "--stdio"]``, ``["role", "pipe-login-app2"]``), of your own ``java_class`` (run with the mpbridge
    jar on its classpath; it talks through ``Pipes.stdio()``) or of any ``command``; see
    ``mpbridge.java.spawn_java_child``. The child is killed after the test if it has not exited."""
    started = []
    request.node._mpbridge_children = started

    def start(args=(), env=None, **how):
        conn, popen = spawn_java_child(args, env=env, **how)
        started.append((list(args), popen))
        request.addfinalizer(conn.close)
        return conn

    yield start
    for _, popen in started:
        if popen.poll() is None:
            try:
                popen.wait(5)
            except Exception:  # noqa: BLE001 - still running after its pipe closed: end it
                popen.kill()
                popen.wait(10)


@pytest.fixture
def java_gateway(request):
    """A ``py4j.java_gateway.JavaGateway`` to a fresh JVM with mpbridge on its classpath (``mpbridge.gateway.launch``,
    callbacks on: Python objects implementing Java interfaces can be passed to Java); the JVM ends after the test."""
    from mpbridge import gateway
    gw = gateway.launch(callbacks=True)
    request.node._mpbridge_gateways = [gw]
    try:
        yield gw
    finally:
        gw.close()
