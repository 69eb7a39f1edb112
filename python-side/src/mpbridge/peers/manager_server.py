"""A CPython manager server, the reference the Java manager client is tested against (stdlib only, 3.8+).

    python -m mpbridge.peers.manager_server [--listen ADDR] [--authkey-env NAME] [--serializer pickle|xmlrpclib]
                                            [--register NAME=TYPE ...]

Serves SyncManager's typeids plus, for each ``--register NAME=TYPE`` (TYPE: Queue, dict, list), one shared
object under the callable name NAME, exactly as ``BaseManager.register(NAME, callable=lambda: obj)`` does.
Prints ``READY <ADDR>`` once listening; runs until a client calls ``shutdown`` (exit 0) or it is killed.
The authkey is the UTF-8 bytes of the environment variable NAME (the empty key without --authkey-env).
"""
import argparse
import queue
import sys
from multiprocessing import current_process
from multiprocessing.managers import SyncManager

from mpbridge.peers import _common

SHARED_TYPES = {"Queue": queue.Queue, "dict": dict, "list": list}


class PeerManager(SyncManager):
    """A SyncManager subclass, so that registrations stay off SyncManager itself."""


def parse_register(text):
    name, sep, typename = text.partition("=")
    if not sep or not name or typename not in SHARED_TYPES:
        raise argparse.ArgumentTypeError("expected NAME=TYPE with TYPE one of %s, got %r" % (", ".join(SHARED_TYPES), text))
    return name, typename


def main(argv=None):
    parser = argparse.ArgumentParser(prog="manager_server", description=__doc__.splitlines()[0])
    parser.add_argument("--listen", default="tcp:127.0.0.1:0")
    parser.add_argument("--authkey-env", dest="authkey_env")
    parser.add_argument("--serializer", default="pickle", choices=["pickle", "xmlrpclib"])
    parser.add_argument("--register", action="append", default=[], type=parse_register)
    args = parser.parse_args(argv)

    for name, typename in args.register:
        obj = SHARED_TYPES[typename]()
        PeerManager.register(name, callable=lambda obj=obj: obj)
    address = _common.parse_address(args.listen)
    key = _common.authkey(args.authkey_env)
    # as in a server started by Manager(): the process key is the manager's, so that proxies the server itself
    # unpickles (e.g. the lock given to Condition(lock)) can call back into it
    current_process().authkey = key
    manager = PeerManager(address=address, authkey=key, serializer=args.serializer)
    server = manager.get_server()
    print("READY " + _common.format_address(server.address), flush=True)
    server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
