"""SharedMemory between Java (bin/mpbridge) and every CPython 3.8-3.13 found, both directions; the
resource-tracker trap and the helper that avoids it; typed views; the seeds' Value and Array."""
import os
import subprocess
import sys
import warnings

import pytest

from mpbridge.interpreters import Interpreter
from shm_support import await_condition, dev_shm, finish, java_popen, jv, last_json, names, py, py_popen  # noqa: F401

pytestmark = pytest.mark.interop


def test_java_creates_python_attaches(interpreter, jv, names):
    seg = names.segment()
    jv("shm", "create", seg, 4096)
    assert os.path.getsize(dev_shm(seg)) == 4096
    assert last_json(py(interpreter, "shm_peer", "info", seg).stdout) == {"name": seg, "size": 4096}
    jv("shm", "array-write", seg, "q", "[1, -2, 9223372036854775807]", "--offset", 8)
    seen = last_json(py(interpreter, "shm_peer", "array-read", seg, "q", "--offset", 8, "--count", 3).stdout)
    assert seen["memoryview"] == seen["array"] == seen["struct"] == [1, -2, 9223372036854775807]
    py(interpreter, "shm_peer", "array-write", seg, "i", "[7, -8]", "--offset", 100)
    assert last_json(jv("shm", "array-read", seg, "i", "--offset", 100, "--count", 2).stdout) == [7, -8]
    jv("shm", "unlink", seg)
    gone = py(interpreter, "shm_peer", "info", seg, check=False)
    assert gone.returncode == 1 and "FileNotFoundError" in gone.stderr


def test_python_creates_java_attaches(interpreter, jv, names):
    """Plain stdlib SharedMemory(create=True) with Python's own psm_ name; Java attaches by .name."""
    holder = py_popen(interpreter, "shm_peer", "hold", "-", 100, stdin=subprocess.PIPE)
    try:
        line = holder.stdout.readline().strip()
        assert line.startswith("READY psm_"), (line, holder.stderr.read() if holder.poll() is not None else "")
        seg = names.track(line.split()[1])
        assert len(seg) == 12  # psm_ + 8 hex: '/psm_xxxxxxxx' is CPython's 14-character safe length minus one
        assert last_json(jv("shm", "info", seg).stdout) == {"name": seg, "size": 100}  # no rounding on Linux
        jv("shm", "array-write", seg, "d", "[1.5, -0.0]", "--offset", 8)
        holder.stdin.write("done\n")
        holder.stdin.flush()
        (out,) = finish([holder], timeout=30)
    finally:
        if holder.poll() is None:
            holder.kill()
    dumped = bytes.fromhex(last_json(out)["bytes"])
    assert dumped[8:24] == bytes.fromhex("000000000000f83f" "0000000000000080")
    assert not os.path.exists(dev_shm(seg)), "the Python creator unlinked it"


def test_typed_views_agree_in_both_directions(interpreter, jv, names):
    seg = names.segment()
    jv("shm", "create", seg, 64)
    try:
        jv("shm", "array-write", seg, "i", "[1, -1, 2147483647, -2147483648]")
        jv("shm", "array-write", seg, "d", "[0.1, -2.5e-300, 1e308]", "--offset", 16)
        ints = last_json(py(interpreter, "shm_peer", "array-read", seg, "i", "--count", 4).stdout)
        floats = last_json(py(interpreter, "shm_peer", "array-read", seg, "d", "--offset", 16, "--count", 3).stdout)
        for view in ("memoryview", "array", "struct"):
            assert ints[view] == [1, -1, 2147483647, -2147483648], view
            assert floats[view] == [0.1, -2.5e-300, 1e308], view
        if ints["numpy"] is None:
            warnings.warn("numpy is not installed for CPython %s: views checked with memoryview, array and struct"
                          % interpreter.version)
        else:
            assert ints["numpy"] == ints["struct"] and floats["numpy"] == floats["struct"]
        py(interpreter, "shm_peer", "array-write", seg, "q", "[-9223372036854775808, 42]", "--offset", 40)
        assert last_json(jv("shm", "array-read", seg, "q", "--offset", 40, "--count", 2).stdout) == [-9223372036854775808, 42]
        py(interpreter, "shm_peer", "array-write", seg, "d", "[Infinity, -0.0]", "--offset", 48)  # Python's json
        far = last_json(jv("shm", "array-read", seg, "d", "--offset", 48, "--count", 2).stdout)
        assert far[0] == float("inf") and str(far[1]) == "-0.0"
    finally:
        jv("shm", "unlink", seg)


def test_typed_views_agree_with_numpy(jv, names):
    """Java's int32/int64/float64 views against numpy's view of the same segment (numpy comes with the test extras
    of the virtualenv's CPython; the per-version test above uses numpy where that interpreter has it)."""
    seg = names.segment()
    here = Interpreter(sys.executable, "%d.%d.%d" % sys.version_info[:3])
    jv("shm", "create", seg, 64)
    try:
        jv("shm", "array-write", seg, "i", "[7, -7]")
        jv("shm", "array-write", seg, "q", "[-9223372036854775808]", "--offset", 8)
        jv("shm", "array-write", seg, "d", "[-0.0, 6.02e23]", "--offset", 16)
        got = [last_json(py(here, "shm_peer", "array-read", seg, code, "--offset", offset, "--count", count).stdout)
               for code, offset, count in (("i", 0, 2), ("q", 8, 1), ("d", 16, 2))]
        if got[0]["numpy"] is None:
            pytest.skip("numpy is missing from the virtualenv (pip install -e 'python-side[test]' installs it)")
        assert [g["numpy"] for g in got] == [[7, -7], [-9223372036854775808], [-0.0, 6.02e23]]
        assert str(got[2]["numpy"][0]) == "-0.0"
    finally:
        jv("shm", "unlink", seg)


def test_resource_tracker_trap_and_the_helper(interpreter, jv, names):
    """cpython#82300: a Python process that merely attaches (default tracking) unlinks the segment when it exits."""
    seg = names.segment()
    jv("shm", "create", seg, 64)
    trapped = last_json(py(interpreter, "shm_peer", "trap", seg, "--mode", "plain").stdout)
    assert trapped["tracker_running"] is True and trapped["size"] == 64
    # the tracker notices the attacher's exit and shm_unlink()s the segment: await that
    await_condition(lambda: not os.path.exists(dev_shm(seg)), 30, lambda: "the resource tracker to unlink " + seg)

    jv("shm", "create", seg, 64)
    safe = last_json(py(interpreter, "shm_peer", "trap", seg, "--mode", "helper").stdout)
    assert safe["tracker_running"] is False, "mpbridge.shm.attach never starts a tracker, so nothing can unlink at exit"
    assert os.path.exists(dev_shm(seg))
    assert last_json(jv("shm", "info", seg).stdout)["size"] == 64
    jv("shm", "unlink", seg)


def test_value_seed_mixed_processes(interpreter, jv, names):
    """The seed's Value('i', 5000) with man/girl processes, now Java and Python, under one cross-language lock."""
    seg = names.segment()
    py(interpreter, "shm_peer", "value-create", seg, "i", "5000")
    lock = "/" + seg + ".lock"
    times = 150
    procs = [
        java_popen("counter", "--sem", lock, "--shm", seg, "--format", "i", "--delta", 3, "--times", times),
        java_popen("counter", "--sem", lock, "--shm", seg, "--format", "i", "--delta", -1, "--times", times),
        py_popen(interpreter, "shm_peer", "value-add", seg, "i", "--delta", 3, "--times", times),
        py_popen(interpreter, "shm_peer", "value-add", seg, "i", "--delta", -1, "--times", times),
    ]
    finish(procs)
    expected = 5000 + 2 * times * 3 - 2 * times
    assert last_json(py(interpreter, "shm_peer", "value-read", seg, "i").stdout) == {"value": expected}
    assert last_json(jv("shm", "array-read", seg, "i", "--sem", lock).stdout) == [expected]
    jv("shm", "unlink", seg)
    jv("sem", "unlink", lock)


@pytest.mark.parametrize("maker", ["python", "java"])
def test_array_seed_both_ways(interpreter, jv, names, maker):
    """The seed's Array('i', [1, 2, 3, 4, 5]): the child iterates it and sets shm[1] = 1000."""
    seg = names.segment()
    lock = "/" + seg + ".lock"
    if maker == "python":
        py(interpreter, "shm_peer", "array-create", seg, "i", "[1, 2, 3, 4, 5]")
        assert last_json(jv("shm", "array-read", seg, "i", "--sem", lock).stdout) == [1, 2, 3, 4, 5]
        jv("shm", "array-write", seg, "i", "[1000]", "--offset", 4, "--sem", lock)
    else:
        jv("shm", "array-create", seg, "i", "[1, 2, 3, 4, 5]")
        child = last_json(py(interpreter, "shm_peer", "array-child", seg, "i").stdout)
        assert child == {"seen": [1, 2, 3, 4, 5], "length": 5}
    assert last_json(jv("shm", "array-read", seg, "i").stdout) == [1, 1000, 3, 4, 5]
    assert last_json(py(interpreter, "shm_peer", "array-read", seg, "i").stdout)["struct"] == [1, 1000, 3, 4, 5]
    jv("shm", "unlink", seg)
    jv("sem", "unlink", lock)
