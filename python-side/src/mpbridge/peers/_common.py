"""Shared bits of the peer programs (stdlib only, 3.8+)."""
import json
import os
import sys
from multiprocessing import AuthenticationError

from mpbridge import typetable

EXIT_OK, EXIT_FAIL, EXIT_USAGE, EXIT_AUTH = 0, 1, 2, 3


def authkey_from_env(name):
    if not name:
        return None
    if name not in os.environ:
        print("environment variable %s is not set" % name, file=sys.stderr)
        sys.exit(EXIT_USAGE)
    return os.environ[name].encode("utf-8")


def drive_type_table(conn):
    """Send every value of the type table and check what comes back; return the list of differences."""
    problems = []
    for name, value in typetable.values():
        conn.send(value)
        back = conn.recv()
        diff = typetable.same(value, back, name)
        if diff:
            problems.append(diff)
    shared = [1]
    conn.send([shared, shared, [1]])
    back = conn.recv()
    if back[0] is not back[1] or back[0] is back[2]:
        problems.append("identity: shared references not kept shared (or equal ones merged)")
    return problems


def report(problems, **extra):
    doc = dict(extra, python=sys.version.split()[0], ok=not problems, problems=problems)
    print(json.dumps(doc))
    sys.stdout.flush()
    return EXIT_OK if not problems else EXIT_FAIL


def auth_failed(e):
    print(json.dumps({"python": sys.version.split()[0], "ok": False, "error": "AuthenticationError", "detail": str(e)}))
    sys.stdout.flush()
    return EXIT_AUTH


__all__ = ["authkey_from_env", "drive_type_table", "report", "auth_failed", "AuthenticationError"]
