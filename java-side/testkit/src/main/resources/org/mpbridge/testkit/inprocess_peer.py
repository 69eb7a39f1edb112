# A Python peer program run in a thread of the JVM's embedded CPython (org.mpbridge.testkit.InProcessPeer).
import ctypes
import os
import runpy
import socket
import sys
import threading
import traceback


class _RoutedStdout(object):
    """sys.stdout for the whole embedded CPython: writes from a peer's thread go to that peer, the rest on."""

    def __init__(self, original):
        self.original = original
        self.routes = {}

    def write(self, text):
        peer = self.routes.get(threading.get_ident())
        if peer is None:
            return self.original.write(text)
        peer.output(text)
        return len(text)

    def flush(self):
        if threading.get_ident() not in self.routes:
            self.original.flush()

    def __getattr__(self, name):
        return getattr(self.original, name)


if not isinstance(sys.stdout, _RoutedStdout):
    sys.stdout = _RoutedStdout(sys.stdout)


class Peer(object):
    def __init__(self, argv, path, env):
        self.argv = list(argv)
        self.env = dict(env)
        if path and path not in sys.path:
            sys.path.insert(0, path)
        self.ready = threading.Event()
        self.address = None
        self.error = None
        self.buffer = ""
        self.lines = []
        self.thread = threading.Thread(target=self._run, name="mpbridge-inprocess-peer", daemon=True)

    def output(self, text):
        self.buffer += text
        while "\n" in self.buffer:
            line, self.buffer = self.buffer.split("\n", 1)
            if self.address is None and line.startswith("READY "):
                self.address = line[len("READY "):].strip()
                self.ready.set()
            elif len(self.lines) < 1000:
                self.lines.append(line)

    def _run(self):
        sys.stdout.routes[threading.get_ident()] = self
        try:
            os.environ.update(self.env)
            sys.argv = list(self.argv)
            if self.argv[0] == "-m":
                sys.argv = self.argv[1:]
                runpy.run_module(self.argv[1], run_name="__main__")
            else:
                runpy.run_path(self.argv[0], run_name="__main__")
        except SystemExit:
            pass
        except BaseException:
            self.error = traceback.format_exc()
        finally:
            sys.stdout.routes.pop(threading.get_ident(), None)
            self.ready.set()

    def start(self, timeout):
        self.thread.start()
        self.ready.wait(timeout)
        if self.address is None:
            return self.error or ("printed no READY line within %s s" % timeout)
        return None

    def stop(self, timeout):
        """SystemExit raised in the peer's thread; a connection to its address wakes a blocking accept()."""
        if not self.thread.is_alive():
            return True
        ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(self.thread.ident), ctypes.py_object(SystemExit))
        for _ in range(int(timeout * 10)):
            self._wake()
            self.thread.join(0.1)
            if not self.thread.is_alive():
                break
        for name in self.env:
            os.environ.pop(name, None)
        return not self.thread.is_alive()

    def _wake(self):
        try:
            if self.address and self.address.startswith("unix:"):
                s = socket.socket(socket.AF_UNIX)
                s.settimeout(1)
                s.connect(self.address[len("unix:"):])
            elif self.address and self.address.startswith("tcp:"):
                host, port = self.address[len("tcp:"):].rsplit(":", 1)
                s = socket.create_connection((host.strip("[]"), int(port)), timeout=1)
            else:
                return
            s.close()
        except OSError:
            pass
