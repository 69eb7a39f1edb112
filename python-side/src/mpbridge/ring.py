"""The Python end of mpbridge's shared-memory ring pair (stdlib only, CPython 3.8+, x86-64 Linux).

Layout: ``RingDescriptor`` in ``java-side/core/.../ring/RingDescriptor.java`` (byte diagram there). One segment, two
single-producer/single-consumer byte rings (ring 0: attacher -> creator, ring 1: creator -> attacher) carrying
``multiprocessing.connection`` frames, so ``RingConnection`` offers ``send``/``recv``/``send_bytes``/``recv_bytes``/
``poll`` like a ``Connection``. A waiting reader polls about 2 us, then sets "reader waiting" and sleeps on the
ring's named semaphore (a ``multiprocessing`` SemLock opened by name) in slices, checking that the peer lives.
The creator removes every name as soon as the peer attached (``await_peer``), so nothing stays in /dev/shm.

Memory ordering: x86-64 keeps stores in order and loads in order; the one store->load fence the waiting protocol
needs comes from a lock round trip (a locked instruction).
"""
import os
import pickle
import struct
import threading
import time

from mpbridge import shm as mshm
from mpbridge.sem import NamedSemaphore, create_semlock, open_semlock

MAGIC = 0x31474E495242504D  # b"MPBRING1" little-endian
CAPACITY, CREATOR_PID, ATTACHER_PID, CREATOR_CLOSED, ATTACHER_CLOSED = 8, 16, 20, 24, 28
RING_CONTROL = (64, 256)
WRITE_POSITION, READ_POSITION, READER_WAITING = 0, 64, 128
DATA_OFFSET = 512
SPIN_SECONDS = 2e-6  # then sleep: on a busy machine a longer spin (or sched_yield) only delays the peer
SLICE_SECONDS = 0.1
_Q, _I = struct.Struct("<Q"), struct.Struct("<I")
_fence_lock = threading.Lock()


def _fence():
    with _fence_lock:
        pass


def semaphore_name(name, ring):
    return "/%s.r%d" % (name, ring)


def unlink_names(name):
    for remove, n in ((mshm.unlink, name), (NamedSemaphore.unlink_name, semaphore_name(name, 0)),
                      (NamedSemaphore.unlink_name, semaphore_name(name, 1))):
        try:
            remove(n)
        except OSError:
            pass


def _alive(pid):
    try:
        os.kill(pid, 0)
        return True
    except ProcessLookupError:
        return False
    except PermissionError:
        return True


class RingConnection(object):
    def __init__(self, name, segment, r0, r1, creator):
        self.name, self.segment, self.creator = name, segment, creator
        self.buf = segment.buf
        (self.capacity,) = _Q.unpack_from(self.buf, CAPACITY)
        read_ring = 0 if creator else 1
        self.rc, self.wc = RING_CONTROL[read_ring], RING_CONTROL[1 - read_ring]
        self.rdata = DATA_OFFSET + read_ring * self.capacity
        self.wdata = DATA_OFFSET + (1 - read_ring) * self.capacity
        self.read_sem, self.write_sem = (r0, r1) if creator else (r1, r0)
        self.names_removed = False
        self.closed = False
        self._unpublished = 0
        self.peer_pid = 0 if creator else _I.unpack_from(self.buf, CREATOR_PID)[0]

    @classmethod
    def create(cls, name, capacity):
        if capacity < 4096 or capacity & (capacity - 1):
            raise ValueError("capacity must be a power of two >= 4096: %d" % capacity)
        segment = mshm.create(DATA_OFFSET + 2 * capacity, name)
        try:
            r0 = create_semlock(semaphore_name(name, 0), "semaphore", 0)
            r1 = create_semlock(semaphore_name(name, 1), "semaphore", 0)
            _Q.pack_into(segment.buf, CAPACITY, capacity)
            _I.pack_into(segment.buf, CREATOR_PID, os.getpid())
            _fence()
            _Q.pack_into(segment.buf, 0, MAGIC)
            return cls(name, segment, r0, r1, True)
        except BaseException:
            unlink_names(name)
            segment.close()
            raise

    @classmethod
    def attach(cls, name):
        segment = mshm.attach(name)
        try:
            if segment.size < DATA_OFFSET or _Q.unpack_from(segment.buf, 0)[0] != MAGIC:
                raise OSError("%r is not a ring pair (no MPBRING1 magic)" % name)
            ring = cls(name, segment, open_semlock(semaphore_name(name, 0), "semaphore"),
                       open_semlock(semaphore_name(name, 1), "semaphore"), False)
            _I.pack_into(segment.buf, ATTACHER_PID, os.getpid())
            _fence()
            return ring
        except BaseException:
            segment.close()
            raise

    def await_peer(self, timeout=60.0):
        """Creator: waits until a peer attached, then removes the names."""
        deadline = time.monotonic() + timeout
        while _I.unpack_from(self.buf, ATTACHER_PID)[0] == 0:
            if time.monotonic() > deadline:
                raise TimeoutError("no peer attached to ring %r in %ss" % (self.name, timeout))
            time.sleep(0.0002)
        self.peer_pid = _I.unpack_from(self.buf, ATTACHER_PID)[0]
        self._remove_names()

    def _remove_names(self):
        if self.creator and not self.names_removed:
            self.names_removed = True
            unlink_names(self.name)

    # ---- ring operations

    def _available(self, read_pos):
        return _Q.unpack_from(self.buf, self.rc + WRITE_POSITION)[0] - read_pos

    def _peer_gone(self):
        if _I.unpack_from(self.buf, ATTACHER_CLOSED if self.creator else CREATOR_CLOSED)[0]:
            return True
        if not self.peer_pid:
            self.peer_pid = _I.unpack_from(self.buf, ATTACHER_PID if self.creator else CREATOR_PID)[0]
        return bool(self.peer_pid) and not _alive(self.peer_pid)

    def _await_data(self, read_pos, deadline):
        spin_until = time.perf_counter() + SPIN_SECONDS
        while time.perf_counter() < spin_until:
            if self._available(read_pos):
                return True
        buf, waiting = self.buf, self.rc + READER_WAITING
        closed_flag = ATTACHER_CLOSED if self.creator else CREATOR_CLOSED
        check_peer = False  # the pid is looked at after an idle slice, the closed flag every time
        while True:
            if self.closed:
                raise OSError("ring is closed")
            _I.pack_into(buf, waiting, 1)
            _fence()
            if self._available(read_pos) or _I.unpack_from(buf, closed_flag)[0] or (check_peer and self._peer_gone()):
                _I.pack_into(buf, waiting, 0)
                return True
            left = SLICE_SECONDS if deadline is None else min(SLICE_SECONDS, deadline - time.monotonic())
            if left <= 0:
                _I.pack_into(buf, waiting, 0)
                return False
            check_peer = not self.read_sem.acquire(True, left)
            _I.pack_into(buf, waiting, 0)
            if self._available(read_pos):
                return True

    def _read(self, n, deadline=None, eof_clean=False):
        """Exactly n bytes (bytes); EOFError at a clean end (eof_clean and nothing read yet)."""
        buf, cap = self.buf, self.capacity
        (read_pos,) = _Q.unpack_from(buf, self.rc + READ_POSITION)
        at = read_pos & (cap - 1)
        if n and self._available(read_pos) >= n and at + n <= cap:  # all there, in one piece: one copy
            data = bytes(buf[self.rdata + at:self.rdata + at + n])
            _Q.pack_into(buf, self.rc + READ_POSITION, read_pos + n)
            return data
        out = bytearray(n)
        got = 0
        buf, cap = self.buf, self.capacity
        while got < n:
            (read_pos,) = _Q.unpack_from(buf, self.rc + READ_POSITION)
            avail = self._available(read_pos)
            if not avail:
                if not self._await_data(read_pos, deadline):
                    raise TimeoutError("timed out reading from ring %r" % self.name)
                avail = self._available(read_pos)
                if not avail:
                    if got == 0 and eof_clean:
                        raise EOFError
                    raise OSError("got end of file during message")
            k = min(n - got, avail)
            at = read_pos & (cap - 1)
            first = min(k, cap - at)
            out[got:got + first] = buf[self.rdata + at:self.rdata + at + first]
            if first < k:
                out[got + first:got + k] = buf[self.rdata:self.rdata + k - first]
            got += k
            _Q.pack_into(buf, self.rc + READ_POSITION, read_pos + k)
        return bytes(out)

    def _publish(self):
        if self._unpublished:
            buf = self.buf
            (published,) = _Q.unpack_from(buf, self.wc + WRITE_POSITION)
            _Q.pack_into(buf, self.wc + WRITE_POSITION, published + self._unpublished)
            self._unpublished = 0
            _fence()
            if _I.unpack_from(buf, self.wc + READER_WAITING)[0]:
                self.write_sem.release()

    def _write(self, data, more=False):
        """Copies data into the ring; publishes it unless ``more`` (the next _write then publishes both)."""
        view = memoryview(data).cast("B")
        buf, cap = self.buf, self.capacity
        sent = 0
        while sent < len(view):
            write_pos = _Q.unpack_from(buf, self.wc + WRITE_POSITION)[0] + self._unpublished
            spin_until = time.perf_counter() + SPIN_SECONDS
            while True:
                if self.closed:
                    raise OSError("ring is closed")
                space = cap - (write_pos - _Q.unpack_from(buf, self.wc + READ_POSITION)[0])
                if space:
                    break
                self._publish()  # a full ring: let the reader drain what is copied
                if self._peer_gone():
                    raise BrokenPipeError("the ring's peer closed or died")
                if time.perf_counter() > spin_until:
                    time.sleep(20e-6)
            k = min(space, len(view) - sent)
            at = write_pos & (cap - 1)
            first = min(k, cap - at)
            buf[self.wdata + at:self.wdata + at + first] = view[sent:sent + first]
            if first < k:
                buf[self.wdata:self.wdata + k - first] = view[sent + first:sent + k]
            sent += k
            self._unpublished += k
            if not more or sent < len(view):
                self._publish()

    # ---- Connection's API

    def send_bytes(self, buf, offset=0, size=None):
        m = memoryview(buf).cast("B")
        if size is None:
            size = len(m) - offset
        m = m[offset:offset + size]
        header = struct.pack("!iQ", -1, size) if size > 0x7fffffff else struct.pack("!i", size)
        if size <= 16384:
            self._write(header + bytes(m))
        else:
            self._write(header, more=True)  # published with the body: one wake-up per message
            self._write(m)

    def recv_bytes(self, maxlength=None, timeout=None):
        deadline = None if timeout is None else time.monotonic() + timeout
        (size,) = struct.unpack("!i", self._read(4, deadline, eof_clean=True))
        if size == -1:
            (size,) = struct.unpack("!Q", self._read(8, deadline))
        if size < 0 or (maxlength is not None and size > maxlength):
            raise OSError("bad message length")
        return self._read(size, deadline)

    def send(self, obj):
        self.send_bytes(pickle.dumps(obj, 4))

    def recv(self):
        return pickle.loads(self.recv_bytes())

    def poll(self, timeout=0.0):
        (read_pos,) = _Q.unpack_from(self.buf, self.rc + READ_POSITION)
        if self._available(read_pos) or self._peer_gone():
            return True
        if not timeout:
            return False
        return self._await_data(read_pos, time.monotonic() + timeout)

    def close(self):
        if self.closed:
            return
        _I.pack_into(self.buf, CREATOR_CLOSED if self.creator else ATTACHER_CLOSED, 1)
        _fence()
        self.write_sem.release()
        self.closed = True
        self._remove_names()
        self.buf = None
        self.segment.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
