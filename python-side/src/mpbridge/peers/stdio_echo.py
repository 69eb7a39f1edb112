"""``python -m mpbridge.peers.stdio_echo [--raw]``: a Python child of a Java parent, echoing over stdin/stdout.

Every message is unpickled and pickled again by CPython (so types are checked on the way), until EOF; with
``--raw`` the bytes come back unchanged (``recv_bytes``/``send_bytes``).
"""
import sys

from mpbridge.stdio import stdio_connection


def main():
    raw = "--raw" in sys.argv[1:]
    conn = stdio_connection()
    while True:
        try:
            if raw:
                conn.send_bytes(conn.recv_bytes())
            else:
                conn.send(conn.recv())
        except EOFError:
            break
    conn.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
