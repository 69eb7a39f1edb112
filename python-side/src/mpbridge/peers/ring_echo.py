"""``python -m mpbridge.peers.ring_echo NAME --size C``: the Python echo side of the shared-memory ring pair
(``mpbridge.ring``) that ``make bench`` times. Creates the ring pair NAME (C bytes per direction), prints
``READY ring:NAME``, waits for the peer (then removes every name), echoes raw messages until EOF. SIGTERM/SIGINT at
any point end it with nothing left in /dev/shm."""
import argparse
import signal
import sys

from mpbridge.ring import RingConnection, unlink_names


def main(argv=None):
    ap = argparse.ArgumentParser(prog="ring_echo")
    ap.add_argument("name")
    ap.add_argument("--size", type=int, required=True, help="ring capacity in bytes (a power of two)")
    args = ap.parse_args(argv)

    def stop(signum, frame):
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, stop)
    ring = None
    try:
        ring = RingConnection.create(args.name, args.size)
        print("READY ring:%s" % args.name, flush=True)
        ring.await_peer(60)
        while True:
            try:
                ring.send_bytes(ring.recv_bytes())
            except EOFError:
                break
    finally:
        # no second signal may interrupt the cleanup
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        if ring is not None:
            ring.close()
        unlink_names(args.name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
