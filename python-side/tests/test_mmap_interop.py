"""The seed 003 mmap exchange: a writer rewrites "msg N" at offset 0 of a 1024-byte test.dat and flushes every
interval; a reader maps the same file and reads the current message. Both roles in both languages, with every
CPython 3.8-3.13 found."""
import queue
import re
import threading

import pytest

from shm_support import finish, java_popen, py_popen

pytestmark = pytest.mark.interop

COUNT = 15
INTERVAL_MS = 30


def _first_line(process, timeout=60):
    """The reader's first line (the empty message of the NUL-filled file): it is mapped and polling."""
    got = queue.Queue()
    threading.Thread(target=lambda: got.put(process.stdout.readline()), daemon=True).start()
    try:
        return got.get(timeout=timeout)
    except queue.Empty:
        process.kill()
        raise AssertionError("the reader printed nothing within %ss: %s" % (timeout, process.stderr.read()))


@pytest.mark.parametrize("writer", ["python", "java"])
def test_seed_mmap_test_dat(interpreter, tmp_path, writer):
    path = tmp_path / "test.dat"
    path.write_bytes(b"\0" * 1024)
    write = ["write", path, "--count", COUNT, "--interval-ms", INTERVAL_MS]
    read = ["read", path, "--until", "msg %d" % COUNT, "--timeout", 60]
    reader = java_popen("mmap", *read) if writer == "python" else py_popen(interpreter, "mmap_peer", *read)
    try:
        assert _first_line(reader) == "\n"
        # the reader is live before the first message exists: whatever it reports next crossed processes
        writer_process = py_popen(interpreter, "mmap_peer", *write) if writer == "python" else java_popen("mmap", *write)
        reader_out, _ = finish([reader, writer_process], timeout=90)
    finally:
        if reader.poll() is None:
            reader.kill()
    seen = [line for line in reader_out.splitlines() if line]
    assert seen and seen[-1] == "msg %d" % COUNT, seen
    assert all(re.match(r"^msg \d+$", s) for s in seen), seen
    data = path.read_bytes()
    assert len(data) == 1024 and data.rstrip(b"\0") == b"msg %d" % COUNT
