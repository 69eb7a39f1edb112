"""``make fixtures``: golden bytes from every CPython found, for the Java unit tier (no Python at test time).

Writes ``<out>/py<X.Y>.json`` per interpreter: frames as sent by ``send_bytes``, authentication handshakes
(with ``os.urandom`` pinned), and pickles of the whole type table at each protocol with the expected value.
``git diff`` then shows what a new interpreter changed.
"""
import argparse
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src"))

from mpbridge import interpreters  # noqa: E402

WORKER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixture_worker.py")


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    found, skipped = interpreters.discover()
    for s in skipped:
        print("skipped %s: %s" % (s.path, s.reason))
    if not found:
        print("no CPython 3.8-3.13 found", file=sys.stderr)
        return 1
    for interp in found:
        minor = ".".join(interp.version.split(".")[:2])
        target = os.path.join(args.out, "py%s.json" % minor)
        out = subprocess.run([interp.path, WORKER], capture_output=True, timeout=300)
        if out.returncode != 0:
            print("fixture worker failed under %s:\n%s" % (interp.path, out.stderr.decode()), file=sys.stderr)
            return 1
        with open(target, "wb") as f:
            f.write(out.stdout)
        print("wrote %s (CPython %s)" % (target, interp.version))
    return 0


if __name__ == "__main__":
    sys.exit(main())
