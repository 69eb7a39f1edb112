"""A Python child's side of a ``Pipe()`` to a Java parent: its stdin and stdout as one connection (3.8+)."""
import os
import sys
from multiprocessing.connection import Connection


class StdioConnection(object):
    """``send``/``recv``/``send_bytes``/``recv_bytes``/``poll`` over fd 0 (read) and fd 1 (write).

    After this is made nothing else may write to stdout: ``sys.stdout`` is pointed at stderr.
    """

    def __init__(self):
        read_fd = os.dup(0)
        write_fd = os.dup(1)
        devnull = os.open(os.devnull, os.O_RDWR)
        os.dup2(devnull, 0)
        os.dup2(2, 1)
        os.close(devnull)
        sys.stdout = sys.stderr
        self.reader = Connection(read_fd, writable=False)
        self.writer = Connection(write_fd, readable=False)

    def send(self, obj):
        self.writer.send(obj)

    def send_bytes(self, buf, offset=0, size=None):
        self.writer.send_bytes(buf, offset, size)

    def recv(self):
        return self.reader.recv()

    def recv_bytes(self, maxlength=None):
        return self.reader.recv_bytes(maxlength)

    def poll(self, timeout=0.0):
        return self.reader.poll(timeout)

    def close(self):
        self.writer.close()
        self.reader.close()


def stdio_connection():
    return StdioConnection()
