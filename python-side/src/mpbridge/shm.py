"""Shared memory that Java can share, without the resource-tracker trap (stdlib only, CPython 3.8+).

The trap (python/cpython#82300): on 3.8-3.12 every ``SharedMemory(...)``, *including a plain attach*, registers
the segment with the process's resource tracker, and the tracker unlinks whatever is still registered when the
process exits. A Python process that only attaches to a segment made by Java (or by another Python process) and
exits therefore destroys it for everyone. 3.13 added ``SharedMemory(name, track=False)``; the default is still
``track=True``.

This module attaches and creates *untracked* on every version: ``track=False`` on 3.13+, and on 3.8-3.12 the
registration is filtered out for the calling thread while the object is built (no tracker process is even
started), and ``unlink()`` skips the tracker's UNREGISTER. The owner unlinks explicitly; nothing happens at exit.

* ``attach(name)``, ``create(size, name=None)``, ``unlink(name)``: ``SharedMemory`` objects.
* ``attach_list(name)``, ``create_list(sequence, name=None)``: ``ShareableList`` objects.
* ``shared_value(...)``, ``shared_array(...)``: the seeds' ``Value``/``Array`` in a named segment with a named
  lock, as ``multiprocessing.sharedctypes`` ``Synchronized`` wrappers; Java's side is
  ``org.mpbridge.shm.SharedCValue``/``SharedCArray`` (segment = the ctypes bytes; lock = ``/<segment>.lock``).
"""
import contextlib
import ctypes
import struct
import sys
import threading
from multiprocessing import resource_tracker, sharedctypes
from multiprocessing import shared_memory as _shared_memory

import _posixshmem

from mpbridge import sem as _sem

__all__ = ["attach", "create", "unlink", "untracked", "attach_list", "create_list", "UntrackedSharedMemory",
           "shared_value", "shared_array", "lock_name", "tracker_running"]

_HAS_TRACK = sys.version_info >= (3, 13)
_local = threading.local()
_install_lock = threading.Lock()
_original_register = None


def _filtering_register(name, rtype):
    if rtype == "shared_memory" and getattr(_local, "depth", 0) > 0:
        return None
    return _original_register(name, rtype)


@contextlib.contextmanager
def untracked():
    """Within the block, ``shared_memory`` objects the calling thread builds are not registered with the tracker."""
    global _original_register
    with _install_lock:
        if _original_register is None:
            _original_register = resource_tracker.register
            resource_tracker.register = _filtering_register
    _local.depth = getattr(_local, "depth", 0) + 1
    try:
        yield
    finally:
        _local.depth -= 1


class UntrackedSharedMemory(_shared_memory.SharedMemory):
    """``SharedMemory`` that never talks to the resource tracker: not unlinked at exit, ``unlink()`` is only
    ``shm_unlink``."""

    def __init__(self, name=None, create=False, size=0):
        if _HAS_TRACK:
            _shared_memory.SharedMemory.__init__(self, name, create, size, track=False)
        else:
            with untracked():
                _shared_memory.SharedMemory.__init__(self, name, create, size)

    def unlink(self):
        if self._name:
            _posixshmem.shm_unlink(self._name)


def _untrack(shm):
    shm.__class__ = UntrackedSharedMemory
    shm._track = False
    return shm


def attach(name):
    """``SharedMemory(name)`` without the tracker: safe to attach to Java's (or anyone's) segment and exit."""
    return UntrackedSharedMemory(name)


def create(size, name=None):
    """``SharedMemory(name, create=True, size=size)`` without the tracker: the caller (or Java) unlinks it."""
    return UntrackedSharedMemory(name, create=True, size=size)


def unlink(name):
    """``shm_unlink('/' + name)``; ``name`` as ``.name`` shows it."""
    _posixshmem.shm_unlink(name if name.startswith("/") else "/" + name)


def attach_list(name):
    """``ShareableList(name=name)`` without the tracker (the layout must be this interpreter's: 3.8 v1, 3.9+ v2)."""
    with untracked():
        sl = _shared_memory.ShareableList(name=name)
    _untrack(sl.shm)
    return sl


def create_list(sequence, name=None):
    """``ShareableList(sequence, name=name)`` without the tracker."""
    with untracked():
        sl = _shared_memory.ShareableList(sequence, name=name)
    _untrack(sl.shm)
    return sl


def list_item_offset(buf, index):
    """Where int item ``index`` of the ShareableList in ``buf`` starts, whichever layout wrote it: after the count,
    3.9+ keeps n+1 offsets (the first is 0), 3.8 keeps n slot sizes (each at least 8)."""
    (n,) = struct.unpack_from("q", buf, 0)
    if not 0 <= index < n:
        raise IndexError("item %d of a ShareableList of %d" % (index, n))
    table = struct.unpack_from("%dq" % n, buf, 8)
    if table[0] == 0:  # 3.9+: offsets
        start, offset = 8 + 8 * (n + 1), table[index]
    else:  # 3.8: sizes
        start, offset = 8 + 8 * n, sum(table[:index])
    formats = start + (struct.unpack_from("q", buf, 8 + 8 * n)[0] if table[0] == 0 else sum(table))
    fmt = bytes(buf[formats + 8 * index:formats + 8 * index + 8]).rstrip(b"\0")
    if fmt != b"q":
        raise ValueError("item %d is not an int (format %r)" % (index, fmt))
    return start + offset


def tracker_running():
    """True if this process has started its resource tracker (what the trap needs)."""
    rt = resource_tracker._resource_tracker
    return getattr(rt, "_fd", None) is not None


def lock_name(shm_name):
    """The lock paired with segment ``shm_name`` (Java: ``SharedCData.lockName``)."""
    return "/" + shm_name.lstrip("/") + ".lock"


class _Owned(object):
    """Mixin: the wrapper owns its segment; ``close()`` drops the ctypes view, then unmaps."""

    def close(self):
        shm = self.__dict__.pop("shm", None)
        self._obj = None
        if shm is not None:
            shm.close()

    def unlink(self):
        """Removes the segment and lock names (before or after ``close()``)."""
        unlink(self.shm_name)
        _sem.NamedSemaphore.unlink_name(self.lock_name)


class SharedValue(_Owned, sharedctypes.Synchronized):
    pass


class SharedArray(_Owned, sharedctypes.SynchronizedArray):
    pass


def _ctype(typecode):
    try:
        return sharedctypes.typecode_to_type[typecode]
    except KeyError:
        raise ValueError("unsupported typecode %r" % (typecode,))


def _build(cls, ctype, name, lock, create_new, size, init):
    shm = create(size, name) if create_new else attach(name)
    lname = lock or lock_name(shm.name)
    try:
        if shm.size < ctypes.sizeof(ctype):
            raise ValueError("segment %r has %d bytes, %s needs %d" % (name, shm.size, ctype, ctypes.sizeof(ctype)))
        rlock = _sem.create_semlock(lname, "rlock") if create_new else _sem.open_semlock(lname, "rlock")
    except BaseException:
        shm.close()
        if create_new:
            shm.unlink()
        raise
    obj = ctype.from_buffer(shm.buf)
    if init is not None:
        init(obj)
    wrapper = cls(obj, rlock)
    wrapper.shm = shm
    wrapper.shm_name = shm.name
    wrapper.lock_name = lname
    return wrapper


def shared_value(name, typecode, value=None, create=False, lock=None):
    """``Value(typecode, value)`` living in segment ``name`` (created if ``create``) with lock ``lock`` (default
    ``/<name>.lock``, an RLock like ``Value``'s). ``with v.get_lock(): v.value += 1`` works as in the seeds."""
    ctype = _ctype(typecode)

    def init(obj):
        obj.value = value

    return _build(SharedValue, ctype, name, lock, create, ctypes.sizeof(ctype), init if create and value is not None else None)


def shared_array(name, typecode, values=None, create=False, lock=None):
    """``Array(typecode, values)`` living in segment ``name``; attaching (``values`` None) takes the length from
    the segment size."""
    item = _ctype(typecode)
    if create:
        values = list(values)
        length = len(values)
    else:
        probe = attach(name)
        length = probe.size // ctypes.sizeof(item)
        probe.close()

    def init(obj):
        obj[:] = values

    return _build(SharedArray, item * length, name, lock, create, ctypes.sizeof(item) * length, init if create else None)
