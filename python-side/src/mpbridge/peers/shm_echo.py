"""The shared-memory echo ``make bench`` times (the Python twin of Java's ``ShmEcho``; stdlib only, CPython 3.8+).

``python -m mpbridge.peers.shm_echo PREFIX --size C``: creates the segment PREFIX (8 + 2*C bytes) and the
semaphores ``/PREFIX.ping`` and ``/PREFIX.pong`` (both 0), prints ``READY shm:PREFIX``, and echoes until a
request of length -1 (or SIGTERM/SIGINT/SIGHUP); then removes all three, on every exit path (``mpbridge.owned``). Layout: an int64 request length N at 0, the request at
8, the reply at 8 + C. The client writes N and the request and posts ping; the echo side copies the request to the
reply and posts pong. The semaphores are ``multiprocessing`` SemLocks opened by name (``mpbridge.sem``).
"""
import argparse
import struct
import sys

from mpbridge import shm as mshm
from mpbridge.owned import Owned
from mpbridge.sem import create_semlock, open_semlock

STOP = -1
WAIT_SECONDS = 60


class ShmEcho(object):
    def __init__(self, prefix, segment, ping, pong, owner):
        self.prefix, self.segment, self.ping, self.pong, self.owner = prefix, segment, ping, pong, owner
        self.capacity = (segment.size - 8) // 2

    @classmethod
    def create(cls, prefix, capacity, owned):
        """The echo side: the three names, each registered with ``owned`` (``mpbridge.owned.Owned``) as made."""
        from mpbridge.sem import NamedSemaphore
        segment = owned.create(lambda: mshm.create(8 + 2 * capacity, prefix), lambda: mshm.unlink(prefix))
        ping = owned.create(lambda: create_semlock("/%s.ping" % prefix, "semaphore", 0),
                            lambda: NamedSemaphore.unlink_name("/%s.ping" % prefix))
        pong = owned.create(lambda: create_semlock("/%s.pong" % prefix, "semaphore", 0),
                            lambda: NamedSemaphore.unlink_name("/%s.pong" % prefix))
        return cls(prefix, segment, ping, pong, True)

    @classmethod
    def attach(cls, prefix):
        return cls(prefix, mshm.attach(prefix), open_semlock("/%s.ping" % prefix, "semaphore"),
                   open_semlock("/%s.pong" % prefix, "semaphore"), False)

    def round_trip(self, request):
        n = len(request)
        buf = self.segment.buf
        struct.pack_into("q", buf, 0, n)
        buf[8:8 + n] = request
        self.ping.release()
        if not self.pong.acquire(True, WAIT_SECONDS):
            raise TimeoutError("no reply from the echo side in %d s" % WAIT_SECONDS)
        return bytes(buf[8 + self.capacity:8 + self.capacity + n])

    def stop(self):
        struct.pack_into("q", self.segment.buf, 0, STOP)
        self.ping.release()

    def serve(self):
        buf, c = self.segment.buf, self.capacity
        while True:
            self.ping.acquire()
            (n,) = struct.unpack_from("q", buf, 0)
            if n == STOP:
                return
            if not 0 <= n <= c:
                raise ValueError("request length %d outside 0..%d" % (n, c))
            buf[8 + c:8 + c + n] = bytes(buf[8:8 + n])
            self.pong.release()

    def close(self):
        self.segment.close()
        if self.owner:
            unlink_names(self.prefix)


def unlink_names(prefix):
    from mpbridge.sem import NamedSemaphore
    for remove, name in ((mshm.unlink, prefix), (NamedSemaphore.unlink_name, "/%s.ping" % prefix),
                         (NamedSemaphore.unlink_name, "/%s.pong" % prefix)):
        try:
            remove(name)
        except OSError:
            pass


def main(argv=None):
    ap = argparse.ArgumentParser(prog="shm_echo")
    ap.add_argument("prefix")
    ap.add_argument("--size", type=int, required=True, help="capacity in bytes")
    args = ap.parse_args(argv)
    # every exit path removes the three names, a signal inside the removal included (mpbridge.owned)
    with Owned() as owned:
        echo = ShmEcho.create(args.prefix, args.size, owned)
        print("READY shm:%s" % args.prefix, flush=True)
        echo.serve()
    return 0


if __name__ == "__main__":
    sys.exit(main())
