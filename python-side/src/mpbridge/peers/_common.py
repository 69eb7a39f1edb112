"""Shared bits of the peer programs (stdlib only, 3.8+): keys, the type-table driver, reports, and the CLI's JSON value form."""
import base64
import binascii
import json
import os
import sys
from multiprocessing import AuthenticationError

from mpbridge import typetable
from mpbridge.java import format_address, parse_address  # noqa: F401  (re-exported for the peers)

EXIT_OK, EXIT_FAIL, EXIT_USAGE, EXIT_AUTH = 0, 1, 2, 3


def parse_authkey(value):
    """The key bytes of an ``--authkey-env`` value, as Java's ``AuthKeys``: ``hex:DIGITS`` and ``base64:TEXT`` are
    raw bytes, ``text:TEXT`` and anything else UTF-8 text. ValueError (naming the form, never the key) if malformed."""
    if value.startswith("hex:"):
        try:
            return binascii.unhexlify(value[4:].strip())
        except (binascii.Error, ValueError):
            raise ValueError("a hex: authkey must be an even number of hexadecimal digits")
    if value.startswith("base64:"):
        try:
            return base64.b64decode(value[7:].strip(), validate=True)
        except (binascii.Error, ValueError):
            raise ValueError("a base64: authkey must be standard base64 (RFC 4648, with padding)")
    if value.startswith("text:"):
        value = value[5:]
    return value.encode("utf-8")


def _key_or_usage(name, value):
    try:
        return parse_authkey(value)
    except ValueError as e:
        print("environment variable %s: %s" % (name, e), file=sys.stderr)
        sys.exit(EXIT_USAGE)


def authkey_from_env(name):
    if not name:
        return None
    if name not in os.environ:
        print("environment variable %s is not set" % name, file=sys.stderr)
        sys.exit(EXIT_USAGE)
    return _key_or_usage(name, os.environ[name])


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




def authkey(variable):
    """The key in environment variable ``variable`` (``parse_authkey``'s forms); the empty key when none is named."""
    if variable is None:
        return b""
    value = os.environ.get(variable)
    if value is None:
        raise SystemExit("--authkey-env %s: the environment variable is not set" % variable)
    return _key_or_usage(variable, value)


def to_json(value):
    """The CLI's JSON form of a value: bytes as {"bytes": "<hex>"}, tuples as arrays."""
    if isinstance(value, (bytes, bytearray)):
        return {"bytes": binascii.hexlify(bytes(value)).decode("ascii")}
    if isinstance(value, (list, tuple)):
        return [to_json(v) for v in value]
    if isinstance(value, dict):
        return {str(k): to_json(v) for k, v in value.items()}
    return value


def from_json(value):
    if isinstance(value, dict):
        if set(value) == {"bytes"}:
            return binascii.unhexlify(value["bytes"])
        return {k: from_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [from_json(v) for v in value]
    return value
