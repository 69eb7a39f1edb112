# -*- coding: utf-8 -*-
# The seed's Python 2 server (000/001 "socket", server.py). Changes: it listens on 127.0.0.1 port 0 instead
# of ("localhost", 8888) and prints READY tcp:HOST:PORT, the runner's handshake; and it closes each
# connection after answering (the seed relies on CPython 2 collecting the old socket).
import socket
import os
import sys

if __name__ == '__main__':
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", 0))
    server.listen(0)
    sys.stdout.write("READY tcp:127.0.0.1:%d\n" % server.getsockname()[1])
    sys.stdout.flush()
    while True:
        connection, address = server.accept()
        connection.send("test: %s"% connection.recv(1024))
        connection.close()
