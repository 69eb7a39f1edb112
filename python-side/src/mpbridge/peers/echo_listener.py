"""``python -m mpbridge.peers.echo_listener ADDR [--pickle]``: the Python twin of ``mpbridge echo --listen``.

Prints ``READY <ADDR>`` and echoes every message on every connection (raw bytes, or recv/send with
``--pickle``), one thread per connection, until killed. The reference server of ``make bench``.
"""
import argparse
import sys
import threading
from multiprocessing.connection import Listener

from mpbridge.java import format_address, parse_address


def serve(conn, use_pickle):
    with conn:
        while True:
            try:
                if use_pickle:
                    conn.send(conn.recv())
                else:
                    conn.send_bytes(conn.recv_bytes())
            except (EOFError, OSError):
                return


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("address")
    ap.add_argument("--pickle", action="store_true")
    args = ap.parse_args()
    listener = Listener(parse_address(args.address), backlog=16)
    print("READY " + format_address(listener.address))
    sys.stdout.flush()
    while True:
        conn = listener.accept()
        threading.Thread(target=serve, args=(conn, args.pickle), daemon=True).start()


if __name__ == "__main__":
    sys.exit(main())
