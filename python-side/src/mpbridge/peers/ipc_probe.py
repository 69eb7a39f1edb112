"""``python -m mpbridge.peers.ipc_probe``: a STDIO peer (a child on a Java parent's pipe) that performs IPC operations
the parent asks for, so that a test can check each transport across a boundary (e.g. a container's) from its side.

Each request is a tuple ``(COMMAND, ARGS...)`` received on the pipe; each reply is ``("ok", RESULT)`` or
``("error", "ExceptionType: message")``, until end of file. Stdlib only, CPython 3.8+.

* ``cwd`` -> the working directory; ``uid`` -> ``os.getuid()``
* ``shm-create NAME DATA`` (untracked) / ``shm-read NAME N`` -> bytes / ``shm-write NAME DATA`` / ``shm-unlink NAME``
* ``sem-create NAME VALUE`` / ``sem-acquire NAME TIMEOUT`` -> bool / ``sem-release NAME`` / ``sem-value NAME`` /
  ``sem-unlink NAME``: ``mpbridge.sem.NamedSemaphore``
* ``mmap-write PATH SIZE DATA`` (makes the file SIZE bytes, DATA at offset 0) / ``mmap-read PATH N`` -> bytes
* ``fifo-send PATH ITEMS`` (opens an existing FIFO for writing, sends each item, closes) -> count /
  ``fifo-recv PATH`` (opens it for reading, receives until end of file) -> list
* ``stat PATH`` -> (uid, mode) of a file
"""
import mmap
import os
import sys
from multiprocessing.connection import Connection

from mpbridge import sem, shm
from mpbridge.stdio import stdio_connection


def _shm_write(name, data):
    seg = shm.attach(name)
    try:
        seg.buf[:len(data)] = data
    finally:
        seg.close()
    return len(data)


def _shm_read(name, n):
    seg = shm.attach(name)
    try:
        return bytes(seg.buf[:n])
    finally:
        seg.close()


def _shm_create(name, data):
    seg = shm.create(max(1, len(data)), name=name)
    seg.buf[:len(data)] = data
    seg.close()
    return seg.name


def _sem(name, action, *args):
    s = sem.NamedSemaphore.open(name)
    try:
        if action == "acquire":
            return s.acquire(timeout=args[0])
        if action == "release":
            s.release()
            return None
        return s.get_value()
    finally:
        s.close()


def _mmap_write(path, size, data):
    with open(path, "wb") as f:
        f.write(b"\x00" * size)
    with open(path, "r+b") as f:
        m = mmap.mmap(f.fileno(), size, access=mmap.ACCESS_WRITE)
        m[:len(data)] = data
        m.flush()
        m.close()
    return len(data)


def _mmap_read(path, n):
    with open(path, "rb") as f:
        m = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        try:
            return bytes(m[:n])
        finally:
            m.close()


def _fifo_send(path, items):
    conn = Connection(os.open(path, os.O_WRONLY), readable=False)
    for item in items:
        conn.send(item)
    conn.close()
    return len(items)


def _fifo_recv(path):
    conn = Connection(os.open(path, os.O_RDONLY), writable=False)
    out = []
    try:
        while True:
            out.append(conn.recv())
    except EOFError:
        pass
    conn.close()
    return out


def _stat(path):
    st = os.stat(path)
    return (st.st_uid, st.st_mode & 0o7777)


def _sem_create(name, value):
    sem.NamedSemaphore.create(name, value).close()


COMMANDS = {
    "cwd": lambda: os.getcwd(),
    "uid": lambda: os.getuid(),
    "shm-create": _shm_create,
    "shm-read": _shm_read,
    "shm-write": _shm_write,
    "shm-unlink": shm.unlink,
    "sem-create": _sem_create,
    "sem-acquire": lambda name, timeout: _sem(name, "acquire", timeout),
    "sem-release": lambda name: _sem(name, "release"),
    "sem-value": lambda name: _sem(name, "value"),
    "sem-unlink": sem.NamedSemaphore.unlink_name,
    "mmap-write": _mmap_write,
    "mmap-read": _mmap_read,
    "fifo-send": _fifo_send,
    "fifo-recv": _fifo_recv,
    "stat": _stat,
}


def main():
    conn = stdio_connection()
    while True:
        try:
            request = conn.recv()
        except EOFError:
            break
        try:
            command, args = request[0], tuple(request[1:])
            if isinstance(command, (bytes, bytearray)):
                command = command.decode()
            args = tuple(bytes(a) if isinstance(a, bytearray) else a for a in args)
            result = COMMANDS[command](*args)
            conn.send(("ok", result))
        except Exception as e:  # noqa: BLE001 - the parent gets every failure as data
            conn.send(("error", "%s: %s" % (type(e).__name__, e)))
    conn.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
