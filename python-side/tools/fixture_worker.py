"""Runs under one CPython (3.8+, stdlib only) and prints that interpreter's golden bytes as JSON.

Called by gen_fixtures.py; the frames and handshakes are captured from real multiprocessing code with
os.urandom made deterministic, so the Java unit tier can replay them byte for byte.
"""
import json
import os
import pickle
import platform
import sys
import threading

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src"))

from multiprocessing import connection  # noqa: E402
from multiprocessing.connection import Pipe  # noqa: E402
from multiprocessing.reduction import ForkingPickler  # noqa: E402

from mpbridge import typetable  # noqa: E402


def wire_of(send):
    """The exact bytes a Connection puts on the wire for ``send(conn)``."""
    a, b = Pipe()
    captured = []
    reader = threading.Thread(target=lambda: captured.append(_read_all(b)))
    send(a)
    a.close()
    reader.start()
    reader.join(10)
    return captured[0]


def _read_all(conn):
    import socket
    s = socket.socket(fileno=os.dup(conn.fileno()))
    chunks = []
    while True:
        data = s.recv(65536)
        if not data:
            break
        chunks.append(data)
    s.close()
    conn.close()
    return b"".join(chunks)


def frames():
    out = []
    for name, payload in [("empty", b""), ("hello", b"hello"), ("size_300", b"z" * 300),
                          ("size_16384", b"a" * 16384), ("size_70000", bytes(range(256)) * 273)]:
        out.append({"name": name, "payload": payload.hex(),
                    "wire": wire_of(lambda c, p=payload: c.send_bytes(p)).hex()})
    out.append({"name": "send_offset", "payload": b"ell".hex(),
                "wire": wire_of(lambda c: c.send_bytes(b"hello", 1, 3)).hex()})
    return out


def handshakes(key):
    """deliver_challenge on one end of a Pipe and answer_challenge on the other, every frame recorded."""
    fixed = bytes(i % 256 for i in range(7, 7 + 64))
    real_urandom = os.urandom
    os.urandom = lambda n: fixed[:n]
    a, b = Pipe()
    log = []
    errors = []
    try:
        for side, conn in (("server", a), ("client", b)):
            def wrapped(buf, _orig=conn._send_bytes, _side=side):
                log.append({"from": _side, "payload": bytes(buf).hex()})
                return _orig(buf)
            conn._send_bytes = wrapped

        def client():
            try:
                connection.answer_challenge(b, key)
            except Exception as e:  # noqa: BLE001
                errors.append(repr(e))
        t = threading.Thread(target=client)
        t.start()
        connection.deliver_challenge(a, key)
        t.join(10)
    finally:
        os.urandom = real_urandom
        a.close()
        b.close()
    return [{"key": key.hex(), "messages": log, "errors": errors}]


def pickles():
    out = []
    for name, value in typetable.values():
        for protocol in sorted({2, 3, 4, 5, pickle.DEFAULT_PROTOCOL}):
            if protocol > pickle.HIGHEST_PROTOCOL:
                continue
            try:
                data = bytes(ForkingPickler.dumps(value, protocol))
            except Exception as e:  # noqa: BLE001
                out.append({"name": name, "protocol": protocol, "error": repr(e)})
                continue
            if len(data) > 8192 and protocol != pickle.DEFAULT_PROTOCOL:
                continue  # big values once, at the protocol multiprocessing uses
            out.append({"name": name, "protocol": protocol, "default": protocol == pickle.DEFAULT_PROTOCOL,
                        "pickle": data.hex(), "expect": typetable.typed_json(pickle.loads(data))})
    return out


def main():
    doc = {
        "python": platform.python_version(),
        "default_protocol": pickle.DEFAULT_PROTOCOL,
        "frames": frames(),
        "handshakes": handshakes(b"secret") + handshakes(b""),
        "pickles": pickles(),
    }
    json.dump(doc, sys.stdout, indent=0, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
