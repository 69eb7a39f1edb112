"""``python -m mpbridge.peers.roundtrip_client ADDR [--authkey-env NAME]``

Connects with ``multiprocessing.connection.Client`` to an echo peer (e.g. ``mpbridge echo --listen``), sends
the whole type table and checks that every value comes back equal and of the same type. Prints one JSON
line; exits 0 (all same), 1 (differences), 3 (AuthenticationError).
"""
import argparse
import sys
from multiprocessing.connection import Client

from mpbridge.java import parse_address
from mpbridge.peers._common import AuthenticationError, auth_failed, authkey_from_env, drive_type_table, report


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("address")
    ap.add_argument("--authkey-env")
    args = ap.parse_args()
    try:
        conn = Client(parse_address(args.address), authkey=authkey_from_env(args.authkey_env))
    except AuthenticationError as e:
        return auth_failed(e)
    with conn:
        return report(drive_type_table(conn), role="client")


if __name__ == "__main__":
    sys.exit(main())
