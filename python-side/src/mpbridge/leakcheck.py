"""Which ``/dev/shm`` entries this test session made and left behind (stdlib only, 3.8+).

Every segment and semaphore the tests name carries the session tag (``$MPBRIDGE_SHM_TAG``, ``mpb`` + 6 hex, set
once per pytest session): segments ``<tag>_<n>`` -> ``/dev/shm/<tag>_<n>``, semaphores ``/<tag>-<n>`` ->
``/dev/shm/sem.<tag>-<n>``. The tag keeps concurrent runs (other worktrees, CI jobs) apart.
"""
import itertools
import os
import secrets

TAG_ENV = "MPBRIDGE_SHM_TAG"
DEV_SHM = "/dev/shm"
_counter = itertools.count(1)


def tag():
    value = os.environ.get(TAG_ENV)
    if not value:
        value = "mpb" + secrets.token_hex(3)
        os.environ[TAG_ENV] = value
    return value


def segment_name():
    """A fresh segment name as ``SharedMemory.name`` shows it."""
    return "%s_%d" % (tag(), next(_counter))


def semaphore_name():
    """A fresh semaphore name for ``sem_open``."""
    return "/%s-%d" % (tag(), next(_counter))


def leftovers(session_tag=None):
    """Paths under /dev/shm carrying the tag."""
    t = session_tag or tag()
    if not os.path.isdir(DEV_SHM):
        return []
    return sorted(os.path.join(DEV_SHM, n) for n in os.listdir(DEV_SHM) if t in n)


def remove(paths):
    for p in paths:
        try:
            os.unlink(p)
        except FileNotFoundError:
            pass
