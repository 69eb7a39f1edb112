"""``python -m mpbridge.peers.stdio_echo``: a Python child of a Java parent, echoing over stdin/stdout.

Every message is unpickled and pickled again by CPython (so types are checked on the way), until EOF.
"""
import sys

from mpbridge.stdio import stdio_connection


def main():
    conn = stdio_connection()
    while True:
        try:
            value = conn.recv()
        except EOFError:
            break
        conn.send(value)
    conn.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
