"""Golden bytes of CPython's manager protocol, for the Java unit tests (which then need no Python).

    python python-side/tools/gen_manager_fixtures.py --out java-side/core/src/test/resources/fixtures/manager

Runs itself under every CPython 3.8-3.13 found (mpbridge.interpreters). Each run starts a real manager server
(mpbridge.peers.manager_server) and talks to it with CPython's own BaseManager/SyncManager client, recording every
request and reply payload exactly as it crossed the wire (frames after authentication), plus a few pickles
(Token, proxies) and xmlrpclib payloads. One file per version: ``cpython-X.Y.txt``, lines ``LABEL HEX``.
"""
import argparse
import binascii
import os
import pickle
import queue
import subprocess
import sys
import xmlrpc.client

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.join(HERE, "..", "src")
sys.path.insert(0, SRC)


def record_frames():
    """Patches Connection.send/recv (and the xmlrpclib wrapper) to log payloads under the current label."""
    from multiprocessing import connection
    from multiprocessing.reduction import ForkingPickler

    log = []
    state = {"label": None}

    def send(self, obj):
        data = bytes(ForkingPickler.dumps(obj))
        if state["label"]:
            log.append((state["label"] + ".request", data))
        self._send_bytes(data)

    def recv(self):
        data = self.recv_bytes()
        if state["label"]:
            log.append((state["label"] + ".reply", data))
        return ForkingPickler.loads(data)

    connection.Connection.send = send
    connection.Connection.recv = recv

    def xml_send(self, obj):
        data = self._dumps(obj)
        if state["label"]:
            log.append((state["label"] + ".xml-request", data))
        self._conn.send_bytes(data)

    def xml_recv(self):
        data = self._conn.recv_bytes()
        if state["label"]:
            log.append((state["label"] + ".xml-reply", data))
        return self._loads(data)

    connection.ConnectionWrapper.send = xml_send
    connection.ConnectionWrapper.recv = xml_recv
    return log, state


def start_server(serializer):
    env = dict(os.environ, PYTHONPATH=SRC, MPBRIDGE_FIXTURE_KEY="secret")
    p = subprocess.Popen([sys.executable, "-m", "mpbridge.peers.manager_server", "--authkey-env", "MPBRIDGE_FIXTURE_KEY",
                          "--serializer", serializer, "--register", "get_queue=Queue"],
                         stdout=subprocess.PIPE, env=env)
    line = p.stdout.readline().decode().strip()
    if not line.startswith("READY "):
        p.kill()
        raise SystemExit("manager_server did not start: %r" % line)
    from mpbridge.java import parse_address
    return p, parse_address(line[6:])


def conversation(log, state):
    from multiprocessing.managers import BaseManager, RemoteError, SyncManager

    class QueueManager(BaseManager):
        pass

    QueueManager.register("get_queue")

    class Client(SyncManager):
        pass

    Client.register("get_queue")
    server, address = start_server("pickle")
    try:
        state["label"] = "connect"
        m = Client(address, authkey=b"secret")
        m.connect()
        state["label"] = "get_queue"
        q = m.get_queue()
        state["label"] = "put"
        q.put(1)
        state["label"] = "get"
        q.get()
        state["label"] = "get_nowait-empty"
        try:
            q.get_nowait()
        except queue.Empty:
            pass
        state["label"] = "getvalue-queue"
        try:
            q._getvalue()
        except RemoteError:
            pass
        state["label"] = "queue1"
        q1 = m.Queue(1)
        q1.put_nowait("x")
        state["label"] = "put_nowait-full"
        try:
            q1.put_nowait("y")
        except queue.Full:
            pass
        state["label"] = "dict"
        d = m.dict({"k": [1, 2.5, "x", b"y", None, True]})
        state["label"] = "getitem-missing"
        try:
            d["missing"]
        except KeyError:
            pass
        state["label"] = "iter"
        it = iter(d)
        state["label"] = "next"
        next(it)
        state["label"] = "keys"
        d.keys()
        state["label"] = "getvalue-dict"
        d._getvalue()
        state["label"] = "not-exposed"
        try:
            d._callmethod("no_such_method")
        except RemoteError:
            pass
        state["label"] = "repr"
        str(d)
        state["label"] = "value"
        v = m.Value("i", 7)
        state["label"] = "getvalue-value"
        v._getvalue()
        state["label"] = "array"
        a = m.Array("i", [1, 2, 3])
        state["label"] = "getvalue-array"
        a._getvalue()
        state["label"] = "namespace"
        ns = m.Namespace(x=1)
        state["label"] = "getvalue-namespace"
        ns._getvalue()
        state["label"] = None
        log.append(("token.pickle", pickle.dumps(d._token, 4)))
        log.append(("queue-proxy.pickle", pickle.dumps(q, 4)))
        log.append(("dict-proxy.pickle", pickle.dumps(d, 4)))
        state["label"] = "bogus"
        from multiprocessing.connection import Client as RawClient
        from multiprocessing.managers import dispatch
        conn = RawClient(address, authkey=b"secret")
        try:
            dispatch(conn, None, "bogus")
        except RemoteError:
            pass
        conn.close()
        state["label"] = "shutdown"
        conn = RawClient(address, authkey=b"secret")
        conn.send((None, "shutdown", (), {}))
        conn.recv()
        conn.recv()
        conn.close()
        state["label"] = None
        server.wait(10)
    finally:
        if server.poll() is None:
            server.kill()

    server, address = start_server("xmlrpclib")
    try:
        state["label"] = "xml-get_queue"
        xm = QueueManager(address, authkey=b"secret", serializer="xmlrpclib")
        xm.connect()
        xq = xm.get_queue()
        state["label"] = "xml-put"
        xq.put(("hello world", None, True, 2.25, "hall\xe5 v\xe4rld", "\u043f\u0440\u0438\u0432\u0456\u0442", b"hall\xe5 v\xe4rld",
                {"nested": [1, -7, 1e20, 0.1]}))
        state["label"] = "xml-get"
        xq.get()
        state["label"] = "xml-get_nowait-empty"
        try:
            xq.get_nowait()
        except Exception:  # noqa: BLE001 - CPython raises TypeError here: the exception object did not survive xmlrpclib
            pass
        state["label"] = None
    finally:
        server.kill()
        server.wait(10)
    log.append(("xml-dumps-bytes", xmlrpc.client.dumps((b"x" * 100,), None, None, None, 1).encode("utf-8")))


def child(out_dir):
    log, state = record_frames()
    conversation(log, state)
    version = "%d.%d" % sys.version_info[:2]
    path = os.path.join(out_dir, "cpython-%s.txt" % version)
    with open(path, "w") as f:
        f.write("# CPython %s manager frames, generated by python-side/tools/gen_manager_fixtures.py; LABEL HEX\n"
                % sys.version.split()[0])
        seen = {}
        for label, data in log:
            n = seen.get(label, 0)
            seen[label] = n + 1
            f.write("%s%s %s\n" % (label, "" if n == 0 else "#%d" % n, binascii.hexlify(data).decode("ascii")))
    print("wrote %s (%d frames)" % (path, len(log)))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True)
    parser.add_argument("--child", action="store_true", help="generate with this interpreter only")
    args = parser.parse_args()
    out = os.path.abspath(args.out)
    os.makedirs(out, exist_ok=True)
    if args.child:
        child(out)
        return 0
    from mpbridge.interpreters import discover
    found, _ = discover()
    if not found:
        raise SystemExit("no CPython 3.8-3.13 found")
    for interp in found:
        subprocess.run([interp.path, os.path.abspath(__file__), "--out", out, "--child"], check=True, timeout=120)
    return 0


if __name__ == "__main__":
    sys.exit(main())
