"""``python -m mpbridge.scenarios.py4j_calls server|client|reference``: calls both ways across the boundary.

The client calls the server's ``Service.twiceVia(callback, n)`` with an object of its own; the server calls
``callback.apply(n)`` back in the client (which answers ``10 * n``) and returns twice that. Across languages
this is Py4J (``py4j==0.10.9.9``, found on ``$MPBRIDGE_PY4J_PYTHONPATH`` when the interpreter lacks it):

* ``server`` (Python, for a Java client): a Py4J ``ClientServer`` serving ``Service``; READY tcp:HOST:PORT.
  The Java client's callback runs over the same connection (Py4J's pinned threads).
* ``client`` (Python, for a Java server): a ``JavaGateway`` with its callback server on port 0.
* ``reference`` (python->python): the same conversation with ``multiprocessing.managers`` both ways.
The token is the cell's random key (``--authkey-env``).
"""
import argparse
import os
import sys
import threading

from mpbridge.scenarios._role import dispatch, fail, out, ready

SERVICE = "org.mpbridge.py4j.calls.Service"
CALLBACK = "org.mpbridge.py4j.calls.Callback"


def _py4j():
    extra = os.environ.get("MPBRIDGE_PY4J_PYTHONPATH")
    if extra and extra not in sys.path:
        sys.path.insert(0, extra)
    try:
        import py4j.java_gateway  # noqa: F401
        import py4j.clientserver  # noqa: F401
    except ImportError as e:
        fail("py4j 0.10.9.9 is needed (pip install py4j==0.10.9.9, or MPBRIDGE_PY4J_PYTHONPATH): %s" % e)
    return py4j


def _args(prog, argv, listen):
    ap = argparse.ArgumentParser(prog="py4j_calls " + prog)
    ap.add_argument("--listen" if listen else "--connect", required=True)
    ap.add_argument("--authkey-env", required=True)
    ap.add_argument("--count", type=int, default=3)
    args = ap.parse_args(argv)
    args.token = os.environ[args.authkey_env]
    return args


def _port(address):
    host, port = address[len("tcp:"):].rsplit(":", 1)
    return host, int(port)


class Service(object):
    class Java:
        implements = [SERVICE]

    def twiceVia(self, callback, n):  # noqa: N802 - the Java interface's name
        return 2 * callback.apply(n)


class Callback(object):
    class Java:
        implements = [CALLBACK]

    def apply(self, n):
        return 10 * n


def server(argv):
    args = _args("server", argv, True)
    py4j = _py4j()
    host, port = _port(args.listen)
    cs = py4j.clientserver.ClientServer(
        java_parameters=py4j.clientserver.JavaParameters(auth_token=args.token, auto_convert=True),
        python_parameters=py4j.clientserver.PythonParameters(address=host, port=port, auth_token=args.token, daemonize=True,
                                                             daemonize_connections=True),
        python_server_entry_point=Service())
    ready("tcp:%s:%d" % (host, cs.get_callback_server().get_listening_port()))
    threading.Event().wait()  # until the runner ends the cell


def client(argv):
    args = _args("client", argv, False)
    py4j = _py4j()
    jg = py4j.java_gateway
    host, port = _port(args.connect)
    gateway = jg.JavaGateway(
        gateway_parameters=jg.GatewayParameters(address=host, port=port, auth_token=args.token, auto_convert=True, read_timeout=30),
        callback_server_parameters=jg.CallbackServerParameters(address=host, port=0, auth_token=args.token, daemonize=True,
                                                               daemonize_connections=True))
    try:
        server_side = gateway.java_gateway_server
        server_side.resetCallbackClient(server_side.getCallbackClient().getAddress(), gateway.get_callback_server().get_listening_port())
        callback = Callback()
        for n in range(1, args.count + 1):
            out("twice_via(%d) = %d" % (n, gateway.entry_point.twiceVia(callback, n)))
    finally:
        gateway.shutdown()
    return 0


def _serve_callback(address, authkey, started):
    from multiprocessing.managers import BaseManager

    class M(BaseManager):
        pass
    M.register("callback", callable=Callback)
    m = M(address=address, authkey=authkey)
    s = m.get_server()
    started.put(s.address)
    s.serve_forever()


def _serve_service(authkey, started):
    from multiprocessing.managers import BaseManager

    class CallbackManager(BaseManager):
        pass
    CallbackManager.register("callback")

    class PyService(object):
        def twice_via(self, callback_address, n):  # calls back into the client's process
            m = CallbackManager(address=tuple(callback_address), authkey=authkey)
            m.connect()
            return 2 * m.callback().apply(n)

    class M(BaseManager):
        pass
    M.register("service", callable=PyService)
    s = M(address=("127.0.0.1", 0), authkey=authkey).get_server()
    started.put(s.address)
    s.serve_forever()


def reference(argv):
    """python->python: both processes serve a manager; the service calls the client's callback manager."""
    import multiprocessing
    from multiprocessing.managers import BaseManager
    ap = argparse.ArgumentParser(prog="py4j_calls reference")
    ap.add_argument("--count", type=int, default=3)
    args = ap.parse_args(argv)
    ctx = multiprocessing.get_context("fork")
    authkey = os.urandom(16)
    started = ctx.Queue()
    procs = [ctx.Process(target=_serve_service, args=(authkey, started), daemon=True)]
    procs[0].start()
    service_address = started.get(timeout=30)
    procs.append(ctx.Process(target=_serve_callback, args=(("127.0.0.1", 0), authkey, started), daemon=True))
    procs[1].start()
    callback_address = started.get(timeout=30)

    class M(BaseManager):
        pass
    M.register("service")
    m = M(address=service_address, authkey=authkey)
    m.connect()
    try:
        service = m.service()
        for n in range(1, args.count + 1):
            out("client\ttwice_via(%d) = %d" % (n, service.twice_via(list(callback_address), n)))
    finally:
        for p in procs:
            p.terminate()
            p.join(10)
    return 0


if __name__ == "__main__":
    sys.exit(dispatch("py4j_calls", {"server": server, "client": client, "reference": reference}))
