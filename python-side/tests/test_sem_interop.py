"""POSIX named semaphores between Java (bin/mpbridge) and every CPython 3.8-3.13 found, both directions:
the stdlib-only NamedSemaphore helper, multiprocessing Lock/BoundedSemaphore opened by name (including the /mp-...
SemLocks of spawn and forkserver contexts), the mixed Java/Python counter and the seed's Semaphore(3) of 10."""
import json
import os

import pytest

from mpbridge.pytest_plugin import discovered
from shm_support import (LinePeer, await_condition, dev_shm, finish, java, java_popen, jv, last_json, names,  # noqa: F401
                         py, py_popen)

pytestmark = pytest.mark.interop


def test_named_semaphore_both_ways(interpreter, jv, names):
    s = names.semaphore()
    jv("sem", "create", s, 0)
    waited = py(interpreter, "sem_peer", "acquire", s, "--timeout", 0.2, check=False)
    assert waited.returncode == 1 and "timed out" in waited.stderr
    jv("sem", "release", s)
    py(interpreter, "sem_peer", "acquire", s, "--timeout", 10)
    py(interpreter, "sem_peer", "release", s)
    py(interpreter, "sem_peer", "release", s)
    assert jv("sem", "value", s).stdout.strip() == "2"
    jv("sem", "unlink", s)
    gone = py(interpreter, "sem_peer", "value", s, check=False)
    assert gone.returncode == 1 and "FileNotFoundError" in gone.stderr

    t = names.semaphore()
    py(interpreter, "sem_peer", "create", t, 1)
    jv("sem", "acquire", t, "--timeout", 10)
    timed_out = jv("sem", "acquire", t, "--timeout", 0.2, check=False)
    assert timed_out.returncode == 1 and "timed out" in timed_out.stderr
    py(interpreter, "sem_peer", "release", t)
    assert jv("sem", "value", t).stdout.strip() == "1"
    assert py(interpreter, "sem_peer", "value", t).stdout.strip() == "1"
    py(interpreter, "sem_peer", "unlink", t)
    assert not os.path.exists(dev_shm(t))


def test_java_semaphores_are_multiprocessing_locks(interpreter, jv, names):
    lock = names.semaphore()
    jv("sem", "create", lock, 1)
    got = last_json(py(interpreter, "sem_peer", "open-mp", lock, "--kind", "lock", "--do", "try,value,try,release,release").stdout)
    assert got == {"type": "Lock", "results": [True, 0, False, True, "ValueError: semaphore or lock released too many times"]}
    assert jv("sem", "value", lock).stdout.strip() == "1"
    jv("sem", "unlink", lock)

    bounded = names.semaphore()
    jv("sem", "create", bounded, 2)
    got = last_json(py(interpreter, "sem_peer", "open-mp", bounded, "--kind", "bounded", "--maxvalue", 2,
                       "--do", "acquire,release,release,locked").stdout)
    assert got["type"] == "BoundedSemaphore"
    assert got["results"] == [True, True, "ValueError: semaphore or lock released too many times", "inside"]
    jv("sem", "unlink", bounded)

    # and a multiprocessing Lock made by Python under a chosen name, held by Java
    named = names.semaphore()
    py(interpreter, "sem_peer", "create-mp", named, "--kind", "lock")
    jv("sem", "acquire", named, "--timeout", 10)
    got = last_json(py(interpreter, "sem_peer", "open-mp", named, "--kind", "lock", "--do", "try").stdout)
    assert got["results"] == [False]
    jv("sem", "release", named)
    jv("sem", "unlink", named)


@pytest.mark.parametrize("ctx", ["spawn", "forkserver"])
def test_multiprocessing_semlock_by_name(interpreter, jv, ctx):
    """A real ctx.Lock() / ctx.BoundedSemaphore(2), known to Java only by its /mp-... name."""
    kind = "lock" if ctx == "spawn" else "bounded"
    peer = LinePeer(interpreter, "sem_peer", "mp-hold", "--ctx", ctx, "--kind", kind, "--value", 2)
    try:
        name = peer.ready.split()[1]
        assert name.startswith("/mp-") and os.path.exists(dev_shm(name))
        if kind == "lock":
            assert peer.send("acquire") == {"acquired": True}
            held = jv("sem", "acquire", name, "--timeout", 0.3, check=False)
            assert held.returncode == 1, "Python holds the lock"
            assert peer.send("release") == {"released": True}
            jv("sem", "acquire", name, "--timeout", 10)
            assert peer.send("acquire 0.2") == {"acquired": False}, "Java holds the lock"
            jv("sem", "release", name)
            assert peer.send("acquire 10") == {"acquired": True}
            assert peer.send("release") == {"released": True}
        else:
            assert jv("sem", "value", name).stdout.strip() == "2"
            jv("sem", "acquire", name, "--timeout", 10)
            jv("sem", "acquire", name, "--timeout", 10)
            assert peer.send("value") == {"value": 0}
            assert peer.send("acquire 0.2") == {"acquired": False}
            jv("sem", "release", name)
            assert peer.send("acquire 10") == {"acquired": True}
            assert peer.send("release") == {"released": True}
            jv("sem", "release", name)
            refused = peer.send("release")
            assert refused["released"] is False and "released too many times" in refused["error"]
        assert peer.send("value") == {"value": 1 if kind == "lock" else 2}
        peer.quit()
    finally:
        peer.kill()
    # the creator's finaliser unlinks the name at exit (or its resource tracker does): await it
    await_condition(lambda: not os.path.exists(dev_shm(name)), 30, lambda: name + " to be unlinked by its creator")


def test_counter_mixed_java_and_python(interpreter, jv, names):
    """The lost-update test: 2 Java + 2 Python processes add 1 under one lock; the total is exact."""
    seg, lock = names.segment(), names.semaphore()
    jv("shm", "create", seg, 16)
    jv("sem", "create", lock, 1)
    times = 200
    args = ["--sem", lock, "--shm", seg, "--offset", 8, "--times", times]
    finish([java_popen("counter", *args), java_popen("counter", *args),
            py_popen(interpreter, "sem_peer", "counter", *args), py_popen(interpreter, "sem_peer", "counter", *args)])
    assert json.loads(jv("shm", "array-read", seg, "q", "--offset", 8, "--count", 1).stdout) == [4 * times]
    assert jv("sem", "value", lock).stdout.strip() == "1"
    jv("shm", "unlink", seg)
    jv("sem", "unlink", lock)


def test_counter_on_a_shareable_list_item_in_each_layout(interpreter, jv, names):
    """`counter --item I` finds int item I of a ShareableList the interpreter made (3.8: sizes table, 3.9+:
    offsets), so Java and Python add to the same item; a non-int item is refused with exit 2."""
    seg, lock = names.segment(), names.semaphore()
    py(interpreter, "shm_peer", "list-create", seg, json.dumps(["label", 2.5, 5000]))
    jv("sem", "create", lock, 1)
    args = ["--sem", lock, "--shm", seg, "--item", 2, "--times", 100]
    finish([java_popen("counter", *args), py_popen(interpreter, "sem_peer", "counter", *args)])
    assert last_json(py(interpreter, "shm_peer", "list-read", seg).stdout)["items"] == ["label", 2.5, 5200]
    wrong = jv("counter", "--sem", lock, "--shm", seg, "--item", 1, "--times", 1, check=False)
    assert wrong.returncode == 2 and "not an int" in wrong.stderr
    jv("shm", "unlink", seg)
    jv("sem", "unlink", lock)


def _all_interpreters():
    found, _ = discovered()
    if not found:
        pytest.skip("no CPython 3.8-3.13 found (set MPBRIDGE_PYTHONS or install with pyenv)")
    return found


def test_counter_of_twenty_decremented_by_twenty_mixed_processes(jv, names):
    """The seed: a counter of 20, 20 processes (10 Java, 10 Python over every CPython found), one lock: ends at 0."""
    found = _all_interpreters()
    seg, lock = names.segment(), names.semaphore()
    jv("shm", "create", seg, 8)
    jv("shm", "array-write", seg, "q", "[20]")
    jv("sem", "create", lock, 1)
    args = ["--sem", lock, "--shm", seg, "--offset", 0, "--times", 1, "--delta", -1]
    procs = []
    for k in range(10):
        procs.append(java_popen("counter", *args))
        procs.append(py_popen(found[k % len(found)], "sem_peer", "counter", *args))
    finish(procs, timeout=120)
    assert json.loads(jv("shm", "array-read", seg, "q").stdout) == [0]
    jv("shm", "unlink", seg)
    jv("sem", "unlink", lock)


def test_semaphore_three_of_ten_tasks(jv, names):
    """The seed's Semaphore(3) guarding 10 tasks, 5 Java and 5 Python processes: never more than 3 inside, measured;
    the tasks wait inside until the slots are full, so reaching exactly 3 is measured too."""
    found = _all_interpreters()
    slots, mutex, seg = names.semaphore(), names.semaphore(), names.segment()
    py(found[-1], "sem_peer", "create-mp", slots, "--kind", "semaphore", "--value", 3)  # a real multiprocessing.Semaphore(3)
    jv("sem", "create", mutex, 1)
    jv("shm", "create", seg, 32)
    args = [slots, "--mutex", mutex, "--shm", seg, "--capacity", 3, "--tasks", 10, "--timeout", 90]
    procs = []
    for k in range(5):
        procs.append(java_popen("sem", "task", *args))
        procs.append(py_popen(found[k % len(found)], "sem_peer", "task", *args))
    finish(procs, timeout=120)
    inside, max_inside, done, entries = json.loads(jv("shm", "array-read", seg, "q").stdout)
    assert (inside, done, entries) == (0, 10, 10)
    assert max_inside == 3, "at most 3 inside at once, and the run did reach 3"
    assert jv("sem", "value", slots).stdout.strip() == "3"
    for name in (slots, mutex):
        jv("sem", "unlink", name)
    jv("shm", "unlink", seg)


def test_cli_exit_codes_as_separate_processes(names):
    """The contract as a shell sees it: exit 1 with one stderr line on timeout or failure, 2 on bad usage."""
    s = names.semaphore()
    java("sem", "create", s, 0)
    timed_out = java("sem", "acquire", s, "--timeout", 0.2, check=False)
    assert timed_out.returncode == 1
    assert timed_out.stderr.strip().splitlines() == ["mpbridge sem acquire: timed out after 0.2s waiting for " + s]
    assert java("sem", "value", s).stdout == "0\n"
    java("sem", "unlink", s)
    missing = java("shm", "unlink", names.segment(), check=False)
    assert missing.returncode == 1 and len(missing.stderr.strip().splitlines()) == 1 and "No such file" in missing.stderr
    usage = java("sem", "create", check=False)
    assert usage.returncode == 2
    bad_json = java("shm", "list-create", names.segment(), "[1,", check=False)
    assert bad_json.returncode == 2 and "JSON" in bad_json.stderr
