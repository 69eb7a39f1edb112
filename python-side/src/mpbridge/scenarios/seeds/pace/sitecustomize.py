# The scenario matrix's pacing for the seed programs, run unchanged: time.sleep(s) sleeps s * MPBRIDGE_SEED_PACE
# (the seeds sleep 1-3 s between messages for show; the sequence of messages is the same at pace 0). Found through
# PYTHONPATH by every CPython of the run, spawned children included (mpbridge.scenarios.seeds sets both).
import os
import time

try:
    _PACE = float(os.environ.get("MPBRIDGE_SEED_PACE", "1"))
except ValueError:
    _PACE = 1.0
if _PACE != 1.0:
    _sleep = time.sleep

    def _paced(seconds):
        _sleep(max(0.0, seconds * _PACE))

    time.sleep = _paced

# Deterministic random numbers (the Value seed prints a balance made of 60 random draws): with MPBRIDGE_SEED_RANDOM=N
# every process of the run, a forked child included (random reseeds itself from os.urandom after a fork; this hook
# runs after it), starts from random.seed(N), as the Java children do (org.mpbridge.cli.seeds.PyRandom is CPython's
# Mersenne Twister, seeded as random.seed(N) seeds it).
_SEED = os.environ.get("MPBRIDGE_SEED_RANDOM")
if _SEED:
    import random

    def _reseed():
        random.seed(int(_SEED))

    _reseed()
    os.register_at_fork(after_in_child=_reseed)

# One write(2) per printed line, as on the terminal the seeds were written for: CPython's print() writes the text and
# its end separately, so with several processes on the harness's one pipe a line could split into another process's.
if os.environ.get("MPBRIDGE_SEED_LINES") == "1":
    import builtins
    import sys

    _print = builtins.print

    def _line_print(*args, sep=" ", end="\n", file=None, flush=False):
        target = sys.stdout if file is None else file
        if target is None:
            return
        target.write((" " if sep is None else sep).join(map(str, args)) + ("\n" if end is None else end))
        if flush or target is sys.stdout:
            target.flush()

    builtins.print = _line_print
