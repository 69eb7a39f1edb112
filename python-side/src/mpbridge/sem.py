"""POSIX named semaphores from Python with the stdlib alone (CPython 3.8+, Linux/glibc).

* ``NamedSemaphore``: ``sem_open``/``sem_wait``/``sem_post``/``sem_getvalue``/``sem_unlink`` through ctypes, the
  same objects Java's ``org.mpbridge.sem.NamedSemaphore`` opens (``/name`` is ``/dev/shm/sem.name``).
* ``create_semlock``/``open_semlock``: genuine ``multiprocessing`` ``Lock``/``RLock``/``Semaphore``/
  ``BoundedSemaphore`` objects bound to a semaphore *name*, so a Java process and unchanged Python code can share
  them; ``open_semlock`` also opens the ``/mp-...`` semaphores of spawn/forkserver contexts
  (``SemLock._rebuild(handle, kind, maxvalue, name)``).
"""
import ctypes
import ctypes.util
import errno
import os
import time
from multiprocessing import synchronize

import _multiprocessing

__all__ = ["NamedSemaphore", "create_semlock", "open_semlock", "SEM_VALUE_MAX", "RECURSIVE_MUTEX", "SEMAPHORE"]

RECURSIVE_MUTEX = synchronize.RECURSIVE_MUTEX  # 0
SEMAPHORE = synchronize.SEMAPHORE  # 1
SEM_VALUE_MAX = synchronize.SEM_VALUE_MAX  # 2147483647 on Linux

_O_CREAT = os.O_CREAT
_O_EXCL = os.O_EXCL
_CLOCK_MONOTONIC = 1
_MODE = 0o600


class _Timespec(ctypes.Structure):
    _fields_ = [("tv_sec", ctypes.c_long), ("tv_nsec", ctypes.c_long)]


def _load_libc():
    names = [ctypes.util.find_library("c") or "libc.so.6", ctypes.util.find_library("pthread")]
    for name in names:
        if not name:
            continue
        lib = ctypes.CDLL(name, use_errno=True)
        if hasattr(lib, "sem_open"):
            return lib
    raise OSError("no libc with sem_open found (tried %s)" % ", ".join(n for n in names if n))


_libc = None


def _lib():
    global _libc
    if _libc is None:
        lib = _load_libc()
        lib.sem_open.restype = ctypes.c_void_p  # variadic: argtypes left unset
        for fn in ("sem_wait", "sem_trywait", "sem_post", "sem_close"):
            getattr(lib, fn).argtypes = [ctypes.c_void_p]
            getattr(lib, fn).restype = ctypes.c_int
        lib.sem_timedwait.argtypes = [ctypes.c_void_p, ctypes.POINTER(_Timespec)]
        lib.sem_getvalue.argtypes = [ctypes.c_void_p, ctypes.POINTER(ctypes.c_int)]
        lib.sem_unlink.argtypes = [ctypes.c_char_p]
        if hasattr(lib, "sem_clockwait"):  # glibc 2.30+: immune to wall-clock jumps
            lib.sem_clockwait.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.POINTER(_Timespec)]
        _libc = lib
    return _libc


def _check_name(name):
    if not isinstance(name, str) or not name.startswith("/") or len(name) < 2 or "/" in name[1:] or "\0" in name:
        raise ValueError("invalid semaphore name %r: '/' followed by at least one character and no other '/'" % (name,))


def _oserror(name):
    e = ctypes.get_errno()
    return OSError(e, os.strerror(e), name)


class NamedSemaphore(object):
    """A POSIX named semaphore. ``NamedSemaphore.create(name, value)`` or ``NamedSemaphore.open(name)``.

    ``acquire(block=True, timeout=None)`` returns True/False like ``multiprocessing`` semaphores; a timed wait is
    measured on CLOCK_MONOTONIC (``sem_clockwait``) where glibc has it; EINTR is retried (Python's own signal
    handlers, e.g. KeyboardInterrupt, still run).
    """

    def __init__(self, name, handle):
        self.name = name
        self._handle = handle

    @classmethod
    def create(cls, name, value=0):
        """``sem_open(name, O_CREAT|O_EXCL, 0600, value)``: FileExistsError if the name is taken."""
        _check_name(name)
        if value < 0:
            raise ValueError("semaphore initial value must be >= 0")
        h = _lib().sem_open(name.encode("utf-8"), ctypes.c_int(_O_CREAT | _O_EXCL), ctypes.c_uint(_MODE),
                            ctypes.c_uint(value))
        if not h:
            raise _oserror(name)
        return cls(name, h)

    @classmethod
    def open(cls, name):
        """``sem_open(name, 0)``: FileNotFoundError if there is no such semaphore."""
        _check_name(name)
        h = _lib().sem_open(name.encode("utf-8"), ctypes.c_int(0))
        if not h:
            raise _oserror(name)
        return cls(name, h)

    @staticmethod
    def unlink_name(name):
        _check_name(name)
        if _lib().sem_unlink(name.encode("utf-8")) != 0:
            raise _oserror(name)

    def _h(self):
        if self._handle is None:
            raise ValueError("semaphore %s is closed" % self.name)
        return self._handle

    def acquire(self, block=True, timeout=None):
        lib = _lib()
        h = self._h()
        while True:
            if lib.sem_trywait(h) == 0:
                return True
            e = ctypes.get_errno()
            if e == errno.EINTR:
                continue
            if e != errno.EAGAIN:
                raise _oserror(self.name)
            break
        if not block or (timeout is not None and timeout <= 0):
            return False
        if timeout is None:
            while lib.sem_wait(h) != 0:
                if ctypes.get_errno() != errno.EINTR:
                    raise _oserror(self.name)
            return True
        if hasattr(lib, "sem_clockwait"):
            deadline = time.clock_gettime_ns(_CLOCK_MONOTONIC) + int(timeout * 1e9)
            wait = lambda ts: lib.sem_clockwait(h, _CLOCK_MONOTONIC, ctypes.byref(ts))
        else:
            deadline = time.time_ns() + int(timeout * 1e9)
            wait = lambda ts: lib.sem_timedwait(h, ctypes.byref(ts))
        ts = _Timespec(deadline // 1000000000, deadline % 1000000000)
        while wait(ts) != 0:
            e = ctypes.get_errno()
            if e == errno.ETIMEDOUT:
                return False
            if e != errno.EINTR:
                raise _oserror(self.name)
        return True

    def release(self):
        if _lib().sem_post(self._h()) != 0:
            raise _oserror(self.name)

    def get_value(self):
        v = ctypes.c_int(0)
        if _lib().sem_getvalue(self._h(), ctypes.byref(v)) != 0:
            raise _oserror(self.name)
        return max(0, v.value)

    value = property(get_value)

    def unlink(self):
        self.unlink_name(self.name)

    def close(self):
        h, self._handle = self._handle, None
        if h is not None:
            _lib().sem_close(h)

    def __enter__(self):
        self.acquire()
        return self

    def __exit__(self, *exc):
        self.release()

    def __del__(self):
        try:
            self.close()
        except Exception:
            pass

    def __repr__(self):
        return "NamedSemaphore(%r%s)" % (self.name, ", closed" if self._handle is None else "")


_CLASSES = {
    "lock": (synchronize.Lock, SEMAPHORE),
    "rlock": (synchronize.RLock, RECURSIVE_MUTEX),
    "semaphore": (synchronize.Semaphore, SEMAPHORE),
    "bounded": (synchronize.BoundedSemaphore, SEMAPHORE),
}


def _wrap(kind, semlock):
    cls = _CLASSES[kind][0]
    obj = cls.__new__(cls)
    obj._semlock = semlock
    obj._is_fork_ctx = False  # 3.11.7+/3.12+: lets it be pickled for spawn children like any other
    obj._make_methods()
    return obj


def _maxvalue(kind, value):
    if kind in ("lock", "rlock"):
        return 1
    return SEM_VALUE_MAX if kind == "semaphore" else value


def create_semlock(name, kind="lock", value=1):
    """A new ``multiprocessing`` lock/semaphore whose POSIX semaphore is ``name`` (not unlinked on exit).

    ``kind``: ``"lock"``, ``"rlock"``, ``"semaphore"`` or ``"bounded"`` (``value`` is the initial value).
    """
    _check_name(name)
    if kind not in _CLASSES:
        raise ValueError("kind must be one of %s, not %r" % (", ".join(sorted(_CLASSES)), kind))
    if kind in ("lock", "rlock"):
        value = 1
    semlock = _multiprocessing.SemLock(_CLASSES[kind][1], value, _maxvalue(kind, value), name, False)
    return _wrap(kind, semlock)


def open_semlock(name, kind="lock", maxvalue=None):
    """An existing semaphore as a ``multiprocessing`` object: ``SemLock._rebuild(0, kind, maxvalue, name)``.

    Works for names made by Java, by ``create_semlock``, and for spawn/forkserver ``/mp-...`` SemLocks.
    ``maxvalue`` matters for ``"bounded"`` (default: the current value).
    """
    _check_name(name)
    if kind not in _CLASSES:
        raise ValueError("kind must be one of %s, not %r" % (", ".join(sorted(_CLASSES)), kind))
    if maxvalue is None:
        if kind == "bounded":
            probe = NamedSemaphore.open(name)
            try:
                maxvalue = max(1, probe.get_value())
            finally:
                probe.close()
        else:
            maxvalue = _maxvalue(kind, 1)
    semlock = _multiprocessing.SemLock._rebuild(0, _CLASSES[kind][1], maxvalue, name)
    return _wrap(kind, semlock)
