"""Seeds for the Jazzer fuzz targets (java-side/fuzz), made by real CPython so the fuzzer starts from valid input.

``python gen_fuzz_seeds.py --out java-side/fuzz/src/test/resources`` writes the inputs of every target under
``<out>/org/mpbridge/...Inputs/<method>/seed-*``. ShareableList segments are written by the running interpreter
and, with ``--shareable-list-only``, by each other interpreter the Makefile passes (3.8-3.12 and 3.13 layouts).
Targets taking a FuzzedDataProvider read their small choices from the END of the input (Jazzer's convention), so
those seeds end with the choice bytes.
"""
import argparse
import base64
import hashlib
import hmac
import os
import pickle
import struct
import sys
import xmlrpc.client

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "src"))

FUZZ = "org/mpbridge/fuzz"
MANAGER = "org/mpbridge/manager/server"


def frame(body):
    return struct.pack("!i", len(body)) + body


def write(out, target, method, name, data):
    d = os.path.join(out, target + "Inputs", method)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "seed-" + name), "wb") as f:
        f.write(data)


def framing(out):
    t = FUZZ + "/FramingFuzzTest"
    write(out, t, "frames", "one", frame(b"hello") + b"\x07")
    write(out, t, "frames", "empty", frame(b"") + frame(b"x" * 300) + b"\x01")
    write(out, t, "frames", "escape", struct.pack("!i", -1) + struct.pack("!Q", 5) + b"abcde" + b"\x03")
    write(out, t, "frames", "cut", struct.pack("!i", 100) + b"short" + b"\x02")
    write(out, t, "frames", "negative", struct.pack("!i", -5) + b"\x01")


def handshake(out):
    t = FUZZ + "/HandshakeFuzzTest"
    key = b"a key the fuzzer does not know"
    legacy_reply = hmac.new(key, os.urandom(20), "md5").digest()
    modern_reply = b"{sha256}" + hmac.new(key, os.urandom(40), "sha256").digest()
    legacy_challenge = b"#CHALLENGE#" + os.urandom(20)
    modern_challenge = b"#CHALLENGE#{sha256}" + os.urandom(40)
    for method, reply in (("listenerLegacy", legacy_reply), ("listenerModern", modern_reply)):
        write(out, t, method, "reply", frame(reply) + b"\x07")
        write(out, t, method, "reply-then-challenge", frame(reply) + frame(legacy_challenge) + b"\x01")
        write(out, t, method, "md5-prefixed", frame(b"{md5}" + legacy_reply) + b"\x03")
    for method, challenge in (("clientLegacy", legacy_challenge), ("clientModern", modern_challenge)):
        full = frame(challenge) + frame(b"#WELCOME#") + frame(legacy_reply) + frame(b"#WELCOME#")
        write(out, t, method, "welcome", full + b"\x05")
        write(out, t, method, "failure", frame(challenge) + frame(b"#FAILURE#") + b"\x01")
        write(out, t, method, "other-digest", frame(b"#CHALLENGE#{sha3_384}" + os.urandom(40)) + frame(b"#WELCOME#") + b"\x02")


def pickles(out):
    from mpbridge import typetable
    t = FUZZ + "/PickleFuzzTest"
    for name, value in typetable.values():
        for proto in range(0, pickle.HIGHEST_PROTOCOL + 1):
            try:
                data = pickle.dumps(value, proto)
            except Exception:  # noqa: BLE001 - a value this protocol cannot carry
                continue
            if len(data) > 4096:
                continue  # libFuzzer's default max_len; the big values have small siblings
            write(out, t, "loads", "%s-p%d" % (name, proto), data)
    shared = [1]
    write(out, t, "loads", "shared-refs", pickle.dumps([shared, shared, (shared,)], 4))
    write(out, t, "loads", "global-os-system", b"cos\nsystem\n(S'echo hi'\ntR.")
    write(out, t, "loads", "frozenset", pickle.dumps(frozenset({1, 2}), 4))


def dispatcher(out):
    t = MANAGER + "/ManagerDispatchFuzzTest"
    arg_sets = [(True, "x"), (False,), (True, 0.01), ("x",), (1, 2, 3), ([1, 2], slice(0, 2)),
                (2 ** 70,), (float("nan"),), ("key", None), ({"a": 1},), (b"bytes",), ()]
    kw_sets = [{"timeout": "x"}, {"block": False}, {"item": 1, "block": False}, {"value": 3}]
    # FuzzedDataProvider from the end: object index, exposed?, exposed index, with kwds? (read in that order)
    for method in ("pickleRequest", "xmlrpclibRequest"):
        for i, args in enumerate(arg_sets):
            choices = bytes([1, i % 7, 1, i % 13])  # last byte read first
            write(out, t, method, "args-%d" % i, pickle.dumps(list(args), 2) + choices)
        for i, kw in enumerate(kw_sets):
            write(out, t, method, "kwds-%d" % i, pickle.dumps(kw, 2) + bytes([1, i, 1, 0]))
    for ident in ("0", "30", "60"):
        for name, args in (("get", (False,)), ("__getitem__", (0,)), ("keys", ()), ("__class__", ()),
                           ("_callmethod", ("get",)), ("getClass", ()), ("__init__", ())):
            req = (ident, name, args, {})
            write(out, t, "rawRequest", "pickle-%s-%s" % (ident, name), pickle.dumps(req, 2) + b"\x01")
            write(out, t, "rawRequest", "xml-%s-%s" % (ident, name),
                  xmlrpc.client.dumps((req,), None, None, None, 1).encode("utf-8") + b"\x00")


def xmlrpc_docs(out):
    t = FUZZ + "/XmlRpcFuzzTest"
    values = [1, -2 ** 31, 2.5, "text é", True, [1, [2, "x"]], {"k": [1, 2]}, xmlrpc.client.Binary(b"\x00\xff"),
              ("#RETURN", [1, 2]), ("0", "get", (), {})]
    for i, v in enumerate(values):
        write(out, t, "loads", "value-%d" % i, xmlrpc.client.dumps((v,), None, None, None, 1).encode("utf-8"))
    write(out, t, "loads", "fault", xmlrpc.client.dumps(xmlrpc.client.Fault(1, "boom")).encode("utf-8"))
    write(out, t, "loads", "entity", b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
                                     b"<methodResponse><params><param><value>&e;</value></param></params></methodResponse>")


def shareable_lists(out):
    from multiprocessing import shared_memory
    t = FUZZ + "/ShareableListFuzzTest"
    tag = "py%d%d" % sys.version_info[:2]
    cases = [[1, 2.5, True, None, "text", b"bytes"], [], ["é" * 10, b"\x00x", -2 ** 63], [None] * 3]
    for i, items in enumerate(cases):
        sl = shared_memory.ShareableList(items)
        try:
            write(out, t, "attach", "%s-%d" % (tag, i), bytes(sl.shm.buf[:sl.shm.size]))
        finally:
            sl.shm.close()
            sl.shm.unlink()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--shareable-list-only", action="store_true")
    a = ap.parse_args()
    if not a.shareable_list_only:
        framing(a.out)
        handshake(a.out)
        pickles(a.out)
        dispatcher(a.out)
        xmlrpc_docs(a.out)
    shareable_lists(a.out)


if __name__ == "__main__":
    main()
