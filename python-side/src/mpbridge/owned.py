"""Named resources a process created and must remove on every exit path (stdlib only, CPython 3.8+).

A creator that holds a segment or semaphore for its lifetime (the shm echo the bench times, say) wraps its life in
``Owned``::

    with Owned() as owned:
        seg = owned.create(lambda: mshm.create(size, name), lambda: mshm.unlink(name))
        ...serve...

and the names go on a normal return, an exception, SIGTERM, SIGINT or SIGHUP -- also when a second signal lands
while the removal runs (the hole a clean clone's ``make test`` hit: a SIGTERM handler raised SystemExit inside a
``finally`` cleanup and left two semaphores behind). How:

* ``create`` runs the creating call and registers its remover with those signals blocked, so no signal can fall
  between "exists" and "will be removed";
* the handlers raise ``SystemExit`` (the exit status is ``signal_exit_code``, 0 by default: a quiet stop) unless
  removal is under way, in which case the signal is only remembered;
* removal runs once, with the signals blocked (``pthread_sigmask``) and the handlers deferring; a deferred signal
  then ends the process with the same status after every name is gone.

SIGKILL cannot be caught: names made with ``multiprocessing``'s own classes have CPython's resource_tracker for
that, and Java creators have ``org.mpbridge.tracker.ResourceTracker``.
"""
import os
import signal
import sys
import time

__all__ = ["Owned"]

SIGNALS = tuple(s for s in (getattr(signal, n, None) for n in ("SIGTERM", "SIGINT", "SIGHUP")) if s is not None)


class Owned(object):
    def __init__(self, signal_exit_code=0):
        self.signal_exit_code = signal_exit_code
        self._removers = []
        self._removing = False
        self._deferred = None
        self._previous = {}

    # ---- life

    def __enter__(self):
        for s in SIGNALS:
            self._previous[s] = signal.signal(s, self._on_signal)
        return self

    def __exit__(self, exc_type, exc, tb):
        self.remove_all()
        for s, h in self._previous.items():
            signal.signal(s, h)
        if self._deferred is not None and exc_type is None:
            raise SystemExit(self.signal_exit_code)
        return False

    def _on_signal(self, signum, frame):
        if self._removing:
            self._deferred = signum
            return
        raise SystemExit(self.signal_exit_code)

    # ---- names

    def create(self, make, remove):
        """``make()`` and registers ``remove`` (called once; its errors never stop the others) with the signals blocked."""
        with _blocked():
            value = make()
            self._removers.append(remove)
        return value

    def add(self, remove):
        """Registers ``remove`` for a name made some other way (prefer ``create``)."""
        with _blocked():
            self._removers.append(remove)

    def remove_all(self):
        """Removes every registered name, newest first; signals wait until it is done."""
        self._removing = True
        try:
            with _blocked():
                delay = float(os.environ.get("MPBRIDGE_TEST_SLOW_CLEANUP", "0") or 0)  # tests: widen the window
                while self._removers:
                    remove = self._removers.pop()
                    if delay:
                        time.sleep(delay)
                    try:
                        remove()
                    except Exception:  # noqa: BLE001 - gone already (OSError) or not removable: the rest still go
                        pass
        finally:
            self._removing = False


class _blocked(object):
    """Blocks SIGTERM/SIGINT/SIGHUP for this thread (where pthread_sigmask exists)."""

    def __enter__(self):
        self._old = None
        if hasattr(signal, "pthread_sigmask"):
            self._old = signal.pthread_sigmask(signal.SIG_BLOCK, SIGNALS)
        return self

    def __exit__(self, *exc):
        if self._old is not None:
            signal.pthread_sigmask(signal.SIG_SETMASK, self._old)
        return False


if sys.platform == "win32":  # pragma: no cover - POSIX names only
    raise ImportError("mpbridge.owned is POSIX-only")
