"""pytest plugin (registered through the ``pytest11`` entry point).

* ``interpreter``: a test that takes it runs once per CPython 3.8-3.13 found (ids ``py3.8`` ...).
* ``java_peer``: a factory fixture; ``java_peer(["echo", "--listen", "tcp:127.0.0.1:0"])`` starts the Java
  CLI, waits for its ``READY <ADDR>`` line and stops it after the test; the peer's stderr is attached to a
  failure report.
* Strict mode (``--mpbridge-strict`` or ``MPBRIDGE_STRICT=1``, set in CI): a skipped test is a failure, so a
  missing capability can never pass silently.
* ``/dev/shm`` hygiene: names made with ``mpbridge.leakcheck`` carry a per-session tag; at the end of the session
  any entry with the tag left in ``/dev/shm`` is removed and reported as an error.
"""
import os

import pytest

from mpbridge import interpreters as _interpreters
from mpbridge import leakcheck as _leakcheck
from mpbridge.java import JavaPeer

_DISCOVERED = None


def discovered():
    global _DISCOVERED
    if _DISCOVERED is None:
        _DISCOVERED = _interpreters.discover()
    return _DISCOVERED


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
    if report.skipped and not hasattr(report, "wasxfail") and strict(item.config):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = "strict mode (MPBRIDGE_STRICT=1) turns this skip into a failure: " + reason
    peers = getattr(item, "_mpbridge_peers", ())
    if report.when == "call" and report.failed:
        for peer in peers:
            report.sections.append(("java peer stderr: " + " ".join(peer.args[1:]), peer.stderr()))


@pytest.fixture
def java_peer(request):
    """Factory: ``java_peer(args, env=None)`` -> a running ``JavaPeer`` (address in ``.address``)."""
    started = []
    request.node._mpbridge_peers = started

    def start(args, env=None, ready_timeout=60.0):
        peer = JavaPeer(args, env=env, ready_timeout=ready_timeout)
        started.append(peer)
        return peer

    yield start
    for peer in started:
        peer.close()
