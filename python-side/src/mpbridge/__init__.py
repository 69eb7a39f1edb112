"""mpbridge, Python half: helpers to pair CPython processes with Java peers.

Everything imported from here is stdlib-only and runs on CPython 3.8-3.13, so that the peers in
``mpbridge.peers`` run under every interpreter the matrix finds.
"""

__all__ = ["__version__", "JavaProcess"]
__version__ = "0.1.0.dev0"  # the POMs' 0.1.0-SNAPSHOT (tests/test_packaging.py keeps them in step)


def __getattr__(name):
    # mpbridge.JavaProcess (a multiprocessing.Process whose child is a JVM), imported on first use only
    if name in ("JavaProcess", "JavaProcessError"):
        from mpbridge import javaprocess
        return getattr(javaprocess, name)
    raise AttributeError("module 'mpbridge' has no attribute %r" % name)
