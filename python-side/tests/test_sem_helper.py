"""mpbridge.sem.NamedSemaphore under every CPython found: timed waits interrupted by signals (EINTR) neither fail
nor end early, and Python's own signal handlers still run."""
import json
import subprocess

import pytest

from shm_support import env, names  # noqa: F401

SCRIPT = r"""
import json, signal, sys, time
from mpbridge.sem import NamedSemaphore
hits = []
signal.signal(signal.SIGALRM, lambda *a: hits.append(1))
s = NamedSemaphore.create(sys.argv[1], 0)
try:
    signal.setitimer(signal.ITIMER_REAL, 0.01, 0.01)
    t0 = time.monotonic()
    got = s.acquire(True, 0.3)
    elapsed = time.monotonic() - t0
    signal.setitimer(signal.ITIMER_REAL, 0, 0)
    s.release()
    again = s.acquire(True, 5)
finally:
    s.unlink()
    s.close()
print(json.dumps({"got": got, "elapsed": elapsed, "signals": len(hits), "again": again}))
"""


def test_timed_wait_survives_signals(interpreter, names):
    out = subprocess.run([interpreter.path, "-c", SCRIPT, names.semaphore()], env=env(), capture_output=True, text=True,
                         timeout=60)
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    assert result["got"] is False and result["elapsed"] >= 0.3
    assert result["signals"] > 0, "the timer interrupted the wait (EINTR) and Python's handler ran"
    assert result["again"] is True
