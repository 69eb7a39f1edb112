"""``JavaProcess``: a ``multiprocessing.Process`` whose child is a JVM running a Java class.

The parent side is CPython's own spawn protocol (``popen_spawn_posix``): the preparation data and the pickled
process object are written to the child's pipe exactly as spawn writes them, with the descriptors the pickle names
(``DupFd``: Pipe ends, a Queue's pipe, a heap arena) passed to the child through ``pass_fds``. Only the command line
differs: ``java ... org.mpbridge.process.SpawnMain --tracker-fd N --pipe-handle M`` instead of
``python -c 'from multiprocessing.spawn import spawn_main; ...'``. Nothing in the rest of the program knows the
child is Java: ``start``, ``join``, ``is_alive``, ``exitcode``, ``pid``, ``terminate``, ``kill``, ``close`` and
``multiprocessing.active_children()`` are ``BaseProcess``'s own.

The JVM is launched spawn-style whatever the start method is (a JVM cannot be forked from CPython, nor from the
forkserver, which only forks CPython). Objects made under the ``fork`` start method cannot cross into a spawned
child (CPython unlinks their SemLocks at birth); passing one is refused before the JVM starts, with the object's
place in the arguments and the fix (see docs/javaprocess.md).

Configuration (keyword arguments win over the environment):
  ``classpath=`` / ``MPBRIDGE_CLASSPATH``   extra classpath entries for the user's classes (list or os.pathsep string)
  ``java=`` / ``MPBRIDGE_JAVA``             the java executable (else $JAVA_HOME/bin/java, else java on PATH)
  ``jvm_options=`` / ``MPBRIDGE_JAVA_OPTS`` extra JVM options
  ``MPBRIDGE_JAR``                          the mpbridge jar (else java-side/cli/target/mpbridge.jar of this checkout)
"""
import io
import os
import shlex
import shutil
import sys
from multiprocessing import process, reduction, spawn, util
from multiprocessing import popen_spawn_posix
from multiprocessing.context import set_spawning_popen

__all__ = ["JavaProcess", "JavaProcessError"]

SPAWN_MAIN = "org.mpbridge.process.SpawnMain"
# -Xrs: SIGTERM/SIGINT keep their default action, so terminate() gives exitcode -15 as for a CPython child
_JVM_DEFAULTS = ["-Xrs", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto"]


class JavaProcessError(ValueError):
    """An argument a Java child cannot receive (e.g. made under the fork start method), or no JVM/jar found."""


def _repo_jar():
    here = os.path.dirname(os.path.abspath(__file__))
    return os.path.normpath(os.path.join(here, "..", "..", "..", "java-side", "cli", "target", "mpbridge.jar"))


def find_jar():
    jar = os.environ.get("MPBRIDGE_JAR") or _repo_jar()
    if not os.path.isfile(jar):
        raise JavaProcessError("JavaProcess: the mpbridge jar %s was not found (build it with 'make build', or set "
                               "MPBRIDGE_JAR)" % jar)
    return jar


def find_java(java=None):
    java = java or os.environ.get("MPBRIDGE_JAVA")
    if not java and os.environ.get("JAVA_HOME"):
        java = os.path.join(os.environ["JAVA_HOME"], "bin", "java")
    java = java or shutil.which("java")
    if not java or not os.access(java, os.X_OK):
        raise JavaProcessError("JavaProcess: no java executable found (tried MPBRIDGE_JAVA, $JAVA_HOME/bin/java, "
                               "java on PATH); install a JDK 17+ or set MPBRIDGE_JAVA")
    return java


def _split_path(value):
    if not value:
        return []
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value]
    return [p for p in str(value).split(os.pathsep) if p]


def _fork_made(obj):
    """Why obj cannot go to a spawned child (made under fork), or None."""
    from multiprocessing import synchronize, heap
    if isinstance(obj, synchronize.SemLock):
        sl = obj._semlock
        if getattr(obj, "_is_fork_ctx", False) or sl.name is None:
            kind = type(obj).__name__
            return "%s %s made under the 'fork' start method (CPython unlinks its semaphore at once)" % (
                "an" if kind[0] in "AEIOUR" else "a", kind)
    if isinstance(obj, heap.Arena) and obj.fd == -1:
        return "shared ctypes memory made under the 'fork' start method (an anonymous mapping)"
    return None


class _CheckingPickler(reduction.ForkingPickler):
    """ForkingPickler, byte for byte, that refuses fork-made SemLocks and arenas with a clear reason."""

    def reducer_override(self, obj):
        why = _fork_made(obj)
        if why:
            raise JavaProcessError(why)
        return NotImplemented


def _where(process_obj):
    """The first argument that cannot be pickled for the child, as 'args[1] (a Queue)', and why."""
    items = [("args[%d]" % i, a) for i, a in enumerate(process_obj._args)]
    items += [("kwargs[%r]" % k, v) for k, v in process_obj._kwargs.items()]
    for label, value in items:
        try:
            _CheckingPickler(io.BytesIO()).dump(value)
        except Exception as e:
            return "%s (%s.%s): %s" % (label, type(value).__module__, type(value).__qualname__, e)
    return None


_exit_join_pid = None


def _join_children_at_exit():
    # exitpriority 1: before the SemLock and heap finalizers (exitpriority 0) that multiprocessing's exit runs ahead of
    # joining the children; a child still unpickling its arguments would find its semaphores unlinked. A manager's
    # server process (`process_dict = Manager().dict()`, seed 004) is not joined: it ends when its own exitpriority-0
    # finalizer shuts it down, after this one
    servers = _manager_server_processes()
    for child in process.active_children():
        if not child.daemon and child not in servers:
            child.join()


def _manager_server_processes():
    """The server processes of this process's running managers: BaseManager.start registers
    Finalize(manager, BaseManager._finalize_manager, args=(process, ...), exitpriority=0) for each."""
    servers = []
    for finalizer in list(util._finalizer_registry.values()):
        callback = getattr(finalizer, "_callback", None)
        args = getattr(finalizer, "_args", None) or ()
        if getattr(callback, "__name__", None) == "_finalize_manager" and args:
            servers.append(args[0])
    return servers


def _install_exit_join():
    """Once per parent process: at exit, join the non-daemon children before multiprocessing unlinks the SemLocks
    they were given (CPython's own order unlinks first, then joins: a spawned child that has not yet opened them,
    Python or Java, fails with FileNotFoundError). Daemon children are left to multiprocessing's exit, as before."""
    global _exit_join_pid
    if _exit_join_pid != os.getpid():
        _exit_join_pid = os.getpid()
        util.Finalize(None, _join_children_at_exit, exitpriority=1)


class JavaPopen(popen_spawn_posix.Popen):
    """popen_spawn_posix.Popen with a JVM on the other end of the same pipe."""
    method = "spawn"

    def _launch(self, process_obj):
        _install_exit_join()
        from multiprocessing import resource_tracker
        tracker_fd = resource_tracker.getfd()
        self._fds.append(tracker_fd)
        prep_data = spawn.get_preparation_data(process_obj._name)
        fp = io.BytesIO()
        set_spawning_popen(self)
        try:
            try:
                _CheckingPickler(fp).dump(prep_data)
                _CheckingPickler(fp).dump(process_obj)
            except JavaProcessError:
                where = _where(process_obj)
                raise JavaProcessError(
                    "JavaProcess(target=%r) cannot receive %s. A Java child is always spawned; make the object "
                    "under the spawn (or forkserver) start method: multiprocessing.set_start_method('spawn') "
                    "before creating it, or ctx = multiprocessing.get_context('spawn') and ctx.Queue()/ctx.Lock()/"
                    "ctx.Value()/... (docs/javaprocess.md)" % (process_obj._target, where or "an argument")) from None
        finally:
            set_spawning_popen(None)

        cmd = process_obj._java_command_line(tracker_fd)
        parent_r = child_w = child_r = parent_w = None
        try:
            parent_r, child_w = os.pipe()
            child_r, parent_w = os.pipe()
            cmd += ["--tracker-fd", str(tracker_fd), "--pipe-handle", str(child_r), "--ready-fd", str(child_w)]
            self._fds.extend([child_r, child_w])
            self.pid = util.spawnv_passfds(os.fsencode(cmd[0]), cmd, self._fds)
            self.sentinel = parent_r
            os.close(child_r)
            os.close(child_w)  # the JVM's exit must end parent_r while start() awaits it
            child_r = child_w = None
            with open(parent_w, "wb", closefd=False) as f:
                f.write(fp.getbuffer())
            self._await_ready(parent_r, process_obj)
        finally:
            fds_to_close = [fd for fd in (parent_r, parent_w) if fd is not None]
            self.finalizer = util.Finalize(self, util.close_fds, fds_to_close)
            for fd in (child_r, child_w):
                if fd is not None:
                    os.close(fd)


    def _await_ready(self, parent_r, process_obj):
        """Until the JVM holds every object it was given (one byte on the sentinel pipe, consumed here, so the
        sentinel still means "exited"), or has exited. A spawned CPython child races the parent's exit here (its
        SemLocks are unlinked by the parent's finalizers at exit); a Java child does not."""
        import select
        timeout = float(os.environ.get("MPBRIDGE_JAVA_START_TIMEOUT", "120"))
        ready, _, _ = select.select([parent_r], [], [], timeout)
        if ready:
            os.read(parent_r, 1)  # b"" (end of file): the JVM exited early; exitcode tells
            return
        try:
            os.kill(self.pid, 9)
        except OSError:
            pass
        raise JavaProcessError("JavaProcess(target=%r): the JVM (pid %d) did not take its arguments within %gs "
                               "(MPBRIDGE_JAVA_START_TIMEOUT); it was killed" % (process_obj._target, self.pid, timeout))


class JavaProcess(process.BaseProcess):
    """``JavaProcess(target="com.acme.Consumer", args=(...), kwargs={...}, name=..., daemon=...)``.

    ``target`` names a Java class implementing ``org.mpbridge.process.JavaTarget`` (a public no-argument
    constructor); the child receives ``args``/``kwargs`` as mpbridge Java objects (``Connection``, ``MpQueue``,
    ``SemLock``...). See docs/javaprocess.md.
    """
    _start_method = "spawn"

    def __init__(self, group=None, target=None, name=None, args=(), kwargs=None, *, daemon=None,
                 classpath=None, java=None, jvm_options=None):
        if not isinstance(target, str) or not target:
            raise TypeError("JavaProcess: target must name a Java class (e.g. 'com.acme.Consumer'), got %r" % (target,))
        if kwargs is None:
            kwargs = {}
        super().__init__(group, target, name, args, kwargs, daemon=daemon)
        self._java_classpath = _split_path(classpath) if classpath is not None else None
        self._java = java
        self._jvm_options = list(jvm_options) if jvm_options is not None else None

    @staticmethod
    def _Popen(process_obj):
        return JavaPopen(process_obj)

    def run(self):  # only a Java child runs the target
        raise RuntimeError("JavaProcess.run() runs in the JVM child; call start()")

    def _java_command_line(self, tracker_fd):
        java = find_java(self._java)
        cp = self._java_classpath if self._java_classpath is not None else _split_path(os.environ.get("MPBRIDGE_CLASSPATH"))
        opts = self._jvm_options if self._jvm_options is not None else shlex.split(os.environ.get("MPBRIDGE_JAVA_OPTS", ""))
        return [java] + _JVM_DEFAULTS + opts + ["-cp", os.pathsep.join([find_jar()] + cp), SPAWN_MAIN]

    def __getstate__(self):
        # the process object as spawn pickles it; the launcher's settings stay in the parent
        state = dict(self.__dict__)
        for key in ("_java_classpath", "_java", "_jvm_options"):
            state.pop(key, None)
        return state
