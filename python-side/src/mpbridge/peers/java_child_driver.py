"""``python -m mpbridge.peers.java_child_driver``: a Python parent with a Java child on a Pipe.

Spawns ``mpbridge echo --stdio`` with one end of a socketpair as its stdin/stdout (what ``Pipe()`` is),
drives the type table through it, closes the pipe and checks the child exits 0 at EOF.
"""
import sys

from mpbridge.java import spawn_java_child
from mpbridge.peers._common import drive_type_table, report


def main():
    conn, child = spawn_java_child(["echo", "--stdio"])
    try:
        problems = drive_type_table(conn)
    finally:
        conn.close()
    code = child.wait(60)
    if code != 0:
        problems.append("java child exited %s: %s" % (code, child.stderr_tail.text()))
    return report(problems, role="parent", child_exit=code)


if __name__ == "__main__":
    sys.exit(main())
