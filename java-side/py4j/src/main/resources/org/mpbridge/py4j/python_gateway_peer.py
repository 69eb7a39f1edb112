"""The CPython side of org.mpbridge.py4j.PythonGateway (CPython 3.8-3.13 with py4j 0.10.9.9 on its path).

Connects to the Java GatewayServer ($MPBRIDGE_PY4J_PORT, token in $MPBRIDGE_PY4J_TOKEN), starts its callback
server on port 0, tells Java that port, prints ``READY <port>`` and serves until its stdin closes (Java closes
it to stop us, or Java died)."""
import os
import pickle
import sys
import traceback

from py4j.java_gateway import CallbackServerParameters, GatewayParameters, JavaGateway


def _reply(fn):
    try:
        return bytearray(b"\x00" + pickle.dumps(fn(), 2))
    except BaseException as e:
        t = type(e)
        args = list(e.args)
        try:
            pickle.dumps(args, 2)
        except Exception:
            args = [repr(a) for a in e.args]
        return bytearray(b"\x01" + pickle.dumps((t.__module__ + "." + t.__qualname__, args, traceback.format_exc()), 2))


class _Facade(object):
    """A Python object seen from Java through one interface: py4j calls methods by name."""

    def __init__(self, target, interface):
        self._target = target
        self.Java = type("Java", (), {"implements": [interface]})

    def __getattr__(self, name):
        return getattr(self._target, name)


class Peer(object):
    class Java:
        implements = ["org.mpbridge.py4j.PythonPeer"]

    def __init__(self):
        self.scope = {"__name__": "__mpbridge_gateway__", "__builtins__": __builtins__}

    def _eval(self, text):
        return eval(compile(text, "<java>", "eval"), self.scope)

    def call(self, callable_, pickled_args):
        return _reply(lambda: self._eval(callable_)(*pickle.loads(bytes(pickled_args))))

    def eval(self, expression):
        return _reply(lambda: self._eval(expression))

    def exec(self, code):
        def run():
            exec(compile(code, "<java>", "exec"), self.scope)
        return _reply(run)

    def object(self, expression, interface):
        return _Facade(self._eval(expression), interface)

    def version(self):
        return sys.version.split()[0]


def main():
    token = os.environ["MPBRIDGE_PY4J_TOKEN"]
    gateway = JavaGateway(
        gateway_parameters=GatewayParameters(port=int(os.environ["MPBRIDGE_PY4J_PORT"]), auth_token=token, auto_convert=True),
        callback_server_parameters=CallbackServerParameters(port=0, daemonize=True, daemonize_connections=True, auth_token=token),
        python_server_entry_point=Peer())
    port = gateway.get_callback_server().get_listening_port()
    server = gateway.java_gateway_server
    server.resetCallbackClient(server.getCallbackClient().getAddress(), port)
    sys.stdout.write("READY %d\n" % port)
    sys.stdout.flush()
    sys.stdin.read()  # until Java closes our stdin
    gateway.shutdown()


if __name__ == "__main__":
    main()
