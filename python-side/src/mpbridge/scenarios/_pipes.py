"""The parent side of a seed ``Pipe()`` whose child is another program (Java or Python), stdlib only.

``multiprocessing.Pipe()`` makes the pair (a socketpair); the child gets its end as stdin and stdout, which is
where ``mpbridge.stdio.stdio_connection()`` (Python) and ``Pipes.stdio()`` (Java) find it.
"""
import subprocess
import sys
from multiprocessing import Pipe


def spawn_child(command):
    """Start ``command`` on the far end of a ``Pipe()``; returns (our connection, Popen)."""
    if not command:
        sys.stderr.write("no child command given after --\n")
        sys.exit(2)
    ours, theirs = Pipe()
    try:
        child = subprocess.Popen(command, stdin=theirs.fileno(), stdout=theirs.fileno(), close_fds=True)
    finally:
        theirs.close()
    return ours, child


def finish(child, timeout=60):
    """Waits for the child; its exit code (a hung child is killed and counts as a failure)."""
    try:
        return child.wait(timeout)
    except subprocess.TimeoutExpired:
        child.kill()
        child.wait()
        sys.stderr.write("child %s did not exit within %ss; killed\n" % (child.args, timeout))
        return 1
