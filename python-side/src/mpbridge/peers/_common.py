"""Helpers shared by the manager peers (stdlib only, 3.8+): keys and the CLI's JSON value form."""
import binascii
import os

from mpbridge.java import format_address, parse_address  # noqa: F401  (re-exported for the peers)


def authkey(variable):
    """The UTF-8 bytes of environment variable ``variable``; the empty key when none is named."""
    if variable is None:
        return b""
    value = os.environ.get(variable)
    if value is None:
        raise SystemExit("--authkey-env %s: the environment variable is not set" % variable)
    return value.encode("utf-8")


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
