"""``python -m mpbridge.peers.roundtrip_listener (tcp|unix:PATH) [--authkey-env NAME]``

A ``multiprocessing.connection.Listener`` that prints ``READY <ADDR>``, accepts one connection from an echo
peer (e.g. ``mpbridge echo --connect``), drives the type table through it and reports as roundtrip_client.
"""
import argparse
import sys
from multiprocessing.connection import Listener

from mpbridge.java import format_address
from mpbridge.peers._common import AuthenticationError, auth_failed, authkey_from_env, drive_type_table, report


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("where", help="'tcp' for 127.0.0.1 on a free port, or unix:PATH")
    ap.add_argument("--authkey-env")
    args = ap.parse_args()
    address = ("127.0.0.1", 0) if args.where == "tcp" else args.where[len("unix:"):]
    with Listener(address, authkey=authkey_from_env(args.authkey_env)) as listener:
        print("READY " + format_address(listener.address))
        sys.stdout.flush()
        try:
            conn = listener.accept()
        except AuthenticationError as e:
            return auth_failed(e)
        with conn:
            return report(drive_type_table(conn), role="listener")


if __name__ == "__main__":
    sys.exit(main())
