"""The whole adaptation that puts Java in the peer's role of CPython's unmodified ``_test_multiprocessing``.

Three things, applied by :func:`apply` to the installed classes (target ``java`` only):

1. ``BaseManager.start`` becomes :func:`java_manager_start`: instead of forking a Python ``Server`` it starts
   ``mpbridge manager serve`` with the manager's own address, authkey (any bytes, as hex in the environment),
   serializer and registrations, and gives the manager a process-like handle so that CPython's own
   ``shutdown()`` / ``join()`` / ``_process.exitcode`` work unchanged. Every manager a test starts is therefore Java:
   ``multiprocessing.Manager()`` of the ``WithManager*`` classes, ``TestSyncManagerTypes``' ``SyncManager()``,
   ``MyManager``, ``QueueManager`` (xmlrpclib, ``os.urandom(32)`` keys, a restart on the same port).
2. On the connection classes, ``Process`` becomes :class:`ChildProcess`: a child whose code is an echo or a fixed
   conversation (:data:`CONVERSATIONS`) is a Java process (:class:`JavaChild`) on the same descriptor (or address);
   any other child stays CPython's. A test none of whose children was Java counts as "not applicable", with the
   reason (:data:`PYTHON_CHILDREN`; it would need the Java side to run Python code or pass descriptors).
3. :data:`NOT_APPLICABLE_CLASSES` / :data:`NOT_APPLICABLE` mark the tests that need a manager to run Python code
   (``Pool``, a ``Barrier`` action), as skips whose reason starts with :data:`NA_PREFIX`.

Nothing here edits or copies the test file; the runner (``run.py``) counts a connection test that passed without
starting any Java process as "not applicable" too (it exercised CPython alone).
"""
import atexit
import binascii
import os
import signal
import subprocess
import threading
import unittest
import multiprocessing
from multiprocessing import connection, managers, util

from mpbridge import java

NA_PREFIX = "not applicable: "
AUTHKEY_ENV = "MPBRIDGE_CONFORMANCE_AUTHKEY"
CHILD_CLASS = "org.mpbridge.cli.conformance.ConnectionChild"
TEST_MODULE = "test._test_multiprocessing"

POOL = ("Pool runs Python functions in worker processes of the manager; the Java manager server runs no Python code "
        "(docs/conformance.md, 'Pool and Barrier actions')")
BARRIER_ACTION = ("a Barrier action is a Python callable the manager calls; the Java manager server runs no Python code "
                  "(docs/conformance.md, 'Pool and Barrier actions')")
NO_PEER = "no second process: the test drives CPython's own connection objects in one process"

NOT_APPLICABLE_CLASSES = {"WithManagerTestPool": POOL}
NOT_APPLICABLE = {
    ("TestSyncManagerTypes", "test_pool"): POOL,
    ("WithManagerTestBarrier", "test_action"): BARRIER_ACTION,
}

#: the classes whose children may be Java (the processes flavour; the threads flavour has no second process)
CONNECTION_CLASSES = ("WithProcessesTestConnection", "WithProcessesTestListener", "WithProcessesTestListenerClient",
                      "WithProcessesTestPoll", "WithProcessesTestPicklingConnections")

#: callables registered by the test file's managers -> the Java type that stands in for them
MANAGER_STAND_INS = {"get_queue": "Queue", "FooBar": "test:FooBar", "baz": "test:baz"}

#: Java processes started so far (managers and children); the runner reads it around each test
java_processes = [0]
_live = []
_live_lock = threading.Lock()


def _na(reason):
    return unittest.SkipTest(NA_PREFIX + reason)


# ---- process-like handles on Java processes (what BaseManager and the tests call on a Process)

class _JavaProcess(object):
    """The parts of ``multiprocessing.Process`` a test or ``BaseManager`` uses, over a ``subprocess.Popen``."""

    daemon = None

    def __init__(self, popen, name):
        self._popen = popen
        self.name = name
        with _live_lock:
            _live.append(popen)
        java_processes[0] += 1

    @property
    def pid(self):
        return self._popen.pid

    @property
    def ident(self):
        return self._popen.pid

    @property
    def exitcode(self):
        rc = self._popen.poll()
        if rc is None:
            return None
        # the JVM reports a fatal signal N as exit 128+N; multiprocessing reports it as -N
        if rc in (128 + signal.SIGTERM, 128 + signal.SIGKILL, 128 + signal.SIGINT):
            return -(rc - 128)
        return rc

    def is_alive(self):
        return self._popen.poll() is None

    def join(self, timeout=None):
        try:
            self._popen.wait(timeout)
        except subprocess.TimeoutExpired:
            pass

    def terminate(self):
        if self._popen.poll() is None:
            self._popen.send_signal(signal.SIGTERM)

    def kill(self):
        if self._popen.poll() is None:
            self._popen.kill()

    def close(self):
        pass

    def __repr__(self):
        return "<%s pid=%s exitcode=%s>" % (self.name, self.pid, self.exitcode)


def _reap_all():
    """atexit: no Java process outlives the run (SIGTERM, then SIGKILL)."""
    with _live_lock:
        live = list(_live)
    for p in live:
        java.stop_process(p, grace=5.0)


atexit.register(_reap_all)


# ---- 1. managers: mpbridge manager serve

def server_args(manager_class):
    """``--register`` options for the typeids a manager class adds to SyncManager's (or BaseManager's none)."""
    base = managers.SyncManager._registry if issubclass(manager_class, managers.SyncManager) else {}
    args = []
    for typeid, (callable_, exposed, _method_to_typeid, _proxytype) in sorted(manager_class._registry.items()):
        if typeid in base and base[typeid][0] is callable_:
            continue
        if callable_ is None:  # register(typeid) without a callable: the client side of a registration
            continue
        stand_in = None
        if getattr(callable_, "__module__", None) == TEST_MODULE:
            stand_in = MANAGER_STAND_INS.get(getattr(callable_, "__qualname__", None))
        if stand_in is None:
            raise _na("%s registers the Python callable %r, which a Java manager server cannot run"
                      % (manager_class.__name__, callable_))
        if exposed is not None and stand_in.startswith("test:"):
            stand_in += ":" + ",".join(exposed)
        args += ["--register", "%s=%s" % (typeid, stand_in)]
    return args


def java_manager_start(self, initializer=None, initargs=()):
    """``BaseManager.start`` with a Java server: same state checks, same finalizer, the manager's own settings."""
    if self._state.value != managers.State.INITIAL:
        if self._state.value == managers.State.STARTED:
            raise managers.ProcessError("Already started server")
        if self._state.value == managers.State.SHUTDOWN:
            raise managers.ProcessError("Manager has shut down")
        raise managers.ProcessError("Unknown state {!r}".format(self._state.value))
    if initializer is not None:
        raise _na("the manager's initializer is Python code run in the server process")
    address = self._address
    if address is None:
        address = connection.arbitrary_address(connection.default_family)
    argv = ["manager", "serve", "--listen", java.format_address(address), "--authkey-env", AUTHKEY_ENV,
            "--serializer", self._serializer] + server_args(type(self))
    env = {AUTHKEY_ENV: "hex:" + binascii.hexlify(bytes(self._authkey)).decode("ascii")}  # any raw key
    peer = java.JavaPeer(argv, env=env, ready_timeout=120.0)
    self._process = _JavaProcess(peer.process, "JavaManager-%s" % type(self).__name__)
    self._address = peer.address
    self._state.value = managers.State.STARTED
    args = (self._process, self._address, self._authkey, self._state, self._Client)
    if hasattr(self, "_shutdown_timeout"):  # 3.11+
        args += (self._shutdown_timeout,)
    self.shutdown = util.Finalize(self, type(self)._finalize_manager, args=args, exitpriority=0)


# ---- 2. connection children: org.mpbridge.cli.conformance.ConnectionChild

def _hexes(strings):
    return [binascii.hexlify(s).decode("ascii") for s in strings]


#: the child's qualified name -> (arguments of ConnectionChild, the connection it talks on or None)
CONVERSATIONS = {
    "_TestConnection._echo": lambda conn: (["echo"], conn),
    "_TestPoll._child_strings": lambda conn, strings: (["send-bytes", "0.1"] + _hexes(strings), conn),
    "_TestPoll._child_boundaries": lambda r: (["poll", "5"], r),
    "_TestPoll._child_dont_merge": lambda b: (["send-bytes", "0"] + _hexes([b"a", b"b", b"cd"]), b),
    "_TestListenerClient._test": lambda address: (["client", java.format_address(address), "hello"], None),
    "_TestConnection._send_data_without_fd": lambda conn: (["raw-bytes", "00"], conn),
    "_TestPicklingConnections._remote": lambda conn: (["remote"], conn),
}

#: why a child stays CPython (the test then counts for Java only if another of its children is Java)
PYTHON_CHILDREN = {
    "_TestConnection._writefd": "its child receives a file descriptor (multiprocessing.reduction.recv_handle, SCM_RIGHTS) "
                                "and writes to it; mpbridge passes no descriptors",
    "_TestPicklingConnections.child_access": "its child receives pickled Connection objects (descriptors passed by "
                                             "multiprocessing.reduction); mpbridge passes no descriptors",
    "_TestPicklingConnections._listener": "its child sends accepted connections as pickled objects (descriptor passing)",
}
#: the children started as CPython processes so far (qualified names); the runner reads it around each test
python_children = []


def _qualname(target):
    func = getattr(target, "__func__", target)
    return getattr(func, "__qualname__", repr(target))


def child_reason(qualnames):
    """Why a test whose children were all CPython is not applicable."""
    reasons = [PYTHON_CHILDREN.get(q, "its child %s runs Python code (no fixed conversation a Java stand-in can hold)" % q)
               for q in qualnames]
    return "; ".join(sorted(set(reasons)))


class ChildProcess(object):
    """``Process(...)`` on the connection classes: a :class:`JavaChild` where the child's code is a fixed
    conversation (:data:`CONVERSATIONS`), else CPython's own ``Process`` (recorded in :data:`python_children`)."""

    def __new__(cls, group=None, target=None, name=None, args=(), kwargs=None, daemon=None):
        qualname = _qualname(target)
        if qualname in CONVERSATIONS and not kwargs:
            return JavaChild(target=target, name=name, args=args, daemon=daemon)
        python_children.append(qualname)
        return multiprocessing.Process(group, target, name, args, kwargs or {}, daemon=daemon)


class JavaChild(_JavaProcess):
    """``Process(target=cls._echo, args=(child_conn,))`` as a Java process on ``child_conn``'s descriptor."""

    def __init__(self, group=None, target=None, name=None, args=(), kwargs=None, daemon=None):
        qualname = _qualname(target)
        conversation = CONVERSATIONS.get(qualname)
        if conversation is None or kwargs:
            raise _na("the child %s runs Python code (no fixed conversation a Java stand-in can hold)" % qualname)
        self._argv, self._conn = conversation(*args)
        self._child_name = name or "JavaChild-%s" % qualname
        self.daemon = daemon
        self._popen = None

    def start(self):
        stdin = stdout = subprocess.DEVNULL
        if self._conn is not None:
            fd = self._conn.fileno()
            if self._conn.readable:
                stdin = fd
            if self._conn.writable:
                stdout = fd
        popen = subprocess.Popen([java.cli_path(), "role", "--class", CHILD_CLASS, "--"] + self._argv,
                                 stdin=stdin, stdout=stdout, close_fds=True)
        _JavaProcess.__init__(self, popen, self._child_name)

    def is_alive(self):
        return self._popen is not None and _JavaProcess.is_alive(self)

    def join(self, timeout=None):
        if self._popen is None:
            raise AssertionError("can only join a started process")
        _JavaProcess.join(self, timeout)

    @property
    def exitcode(self):
        return None if self._popen is None else _JavaProcess.exitcode.fget(self)


# ---- 3. install

def _not_applicable_test(reason):
    def test(self):
        raise _na(reason)
    return test


def apply(globs):
    """Adapts the classes installed in ``globs`` (a module dict filled by ``install_tests_in_module_dict``)."""
    managers.BaseManager.start = java_manager_start
    for name, reason in NOT_APPLICABLE_CLASSES.items():
        if name in globs:
            unittest.skip(NA_PREFIX + reason)(globs[name])
    for (name, method), reason in NOT_APPLICABLE.items():
        if name in globs and hasattr(globs[name], method):
            setattr(globs[name], method, _not_applicable_test(reason))
    for name in CONNECTION_CLASSES:
        if name in globs:
            globs[name].Process = ChildProcess
