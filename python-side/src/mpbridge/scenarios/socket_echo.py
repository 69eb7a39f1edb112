"""Seed 000/001 "socket": a TCP server answers ``"test: " + data``; the client sends one line from stdin.

Plain sockets, as the seed (no multiprocessing framing).
``server [--listen tcp:127.0.0.1:0]``  prints ``READY tcp:HOST:PORT``, then answers every connection once
``client --connect tcp:HOST:PORT``     sends its stdin's first line, prints the answer
(The seed's own Python 2 programs are ``python-side/scenario_roles/socket_echo_*_py2.py``.)
"""
import argparse
import socket
import sys

from mpbridge.scenarios._role import dispatch, out, parse_address, ready


def server(argv):
    ap = argparse.ArgumentParser(prog="socket_echo server")
    ap.add_argument("--listen", default="tcp:127.0.0.1:0")
    args = ap.parse_args(argv)
    host, port = parse_address(args.listen)
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind((host, port))
    srv.listen(5)
    ready("tcp:%s:%d" % (host, srv.getsockname()[1]))
    while True:
        connection, _ = srv.accept()
        try:
            connection.sendall(b"test: " + connection.recv(1024))
        finally:
            connection.close()


def client(argv):
    ap = argparse.ArgumentParser(prog="socket_echo client")
    ap.add_argument("--connect", required=True)
    args = ap.parse_args(argv)
    line = sys.stdin.buffer.readline().rstrip(b"\r\n")
    conn = socket.create_connection(parse_address(args.connect), timeout=30)
    try:
        conn.sendall(line)
        reply = b""
        while True:
            chunk = conn.recv(1024)
            if not chunk:
                break
            reply += chunk
    finally:
        conn.close()
    out(reply.decode("utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(dispatch("socket_echo", dict(server=server, client=client)))
