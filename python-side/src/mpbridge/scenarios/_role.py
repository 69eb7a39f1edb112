"""What every scenario role shares (stdlib only, CPython 3.8-3.13: no 3.9+ syntax here).

* ``out(line)``: one transcript line, flushed at once, to ``$MPBRIDGE_OUT`` (a file the runner gives a child
  whose stdout is a pipe) or else to stdout.
* ``ready(address)``: the ``READY <ADDR>`` handshake line of a listening role (always on the real stdout).
* POSIX named semaphores and shared memory by name, through CPython's own ``_multiprocessing.SemLock`` and
  ``multiprocessing.shared_memory`` (untracked, so that this process's exit does not unlink them).
"""
import os
import sys
import time

import _multiprocessing

from mpbridge.java import format_address, parse_address  # noqa: F401 - the roles' address forms

SEMAPHORE = 1  # _multiprocessing's kind for Semaphore (0 is RECURSIVE_MUTEX)


def append_line(path, line):
    """Appends one line with a single write(2) on an O_APPEND file: lines from many processes never mix."""
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, (u"%s\n" % (line,)).encode("utf-8"))
    finally:
        os.close(fd)


def out(line):
    path = os.environ.get("MPBRIDGE_OUT")
    if path:
        append_line(path, line)
        return
    data = (u"%s\n" % (line,)).encode("utf-8")
    stream = getattr(sys.stdout, "buffer", None)
    if stream is None:
        sys.stdout.write(data.decode("utf-8"))
    else:
        stream.write(data)
    sys.stdout.flush()


def ready(address):
    sys.stdout.write("READY %s\n" % (address,))
    sys.stdout.flush()


def fail(message, code=1):
    """Ends the role with ``message`` on stderr (the runner shows it) and a non-zero exit."""
    sys.stderr.write("%s: %s\n" % (os.path.basename(sys.argv[0] or "role"), message))
    sys.stderr.flush()
    sys.exit(code)


def authkey(env_name):
    """The key is the UTF-8 bytes of environment variable ``env_name`` (never on a command line); None if unset."""
    if not env_name:
        return None
    if env_name not in os.environ:
        fail("--authkey-env %s: the environment variable is not set" % env_name, 2)
    return os.environ[env_name].encode("utf-8")


def split_child(argv):
    """``[options..., '--', child...]`` -> (options, child command)."""
    if "--" not in argv:
        return list(argv), []
    i = argv.index("--")
    return list(argv[:i]), list(argv[i + 1:])


# ---- POSIX named semaphores (the names Java's sem_open takes, e.g. /mpb-xyz)

def create_semaphore(name, value):
    return _multiprocessing.SemLock(SEMAPHORE, value, _multiprocessing.SemLock.SEM_VALUE_MAX, name, False)


def open_semaphore(name):
    return _multiprocessing.SemLock._rebuild(0, SEMAPHORE, _multiprocessing.SemLock.SEM_VALUE_MAX, name)


def unlink_semaphore(name):
    _multiprocessing.sem_unlink(name)


# ---- shared memory by name (the name Python shows in SharedMemory.name, without the slash)

def untrack(shm):
    """Python <= 3.12 unlinks every segment a process merely attached at its exit (cpython#82300): opt out."""
    try:
        from multiprocessing import resource_tracker
        resource_tracker.unregister(shm._name, "shared_memory")
    except Exception:  # noqa: BLE001 - best effort, the tracker may not be running
        pass


def attach_list(name):
    from multiprocessing.shared_memory import ShareableList
    sl = ShareableList(name=name)
    untrack(sl.shm)
    return sl


def create_list(name, values):
    from multiprocessing.shared_memory import ShareableList
    sl = ShareableList(values, name=name)
    untrack(sl.shm)
    return sl


def unlink_shm(name):
    from multiprocessing.shared_memory import SharedMemory
    shm = SharedMemory(name=name)  # registered with the tracker here, unregistered by unlink(): balanced
    shm.close()
    shm.unlink()


def dispatch(prog, roles, argv=None):
    """``python -m mpbridge.scenarios.<prog> ROLE [args]``: runs ``roles[ROLE](args)``; its exit code."""
    argv = sys.argv[1:] if argv is None else list(argv)
    if not argv or argv[0] not in roles:
        sys.stderr.write("usage: %s (%s) ...\n" % (prog, "|".join(sorted(roles))))
        return 2
    return roles[argv[0]](argv[1:]) or 0


def await_condition(predicate, timeout, what):
    """Polls ``predicate`` every few milliseconds; ends the role with a message naming ``what`` on timeout."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            fail("timed out after %ss waiting for %s" % (timeout, what))
        time.sleep(0.002)


def run_processes(processes):
    """Starts and joins ``multiprocessing`` processes; ends the role if any of them failed."""
    for p in processes:
        p.start()
    for p in processes:
        p.join()
    bad = [p.exitcode for p in processes if p.exitcode != 0]
    if bad:
        fail("%d of %d worker process(es) failed: exit codes %s" % (len(bad), len(processes), bad))
