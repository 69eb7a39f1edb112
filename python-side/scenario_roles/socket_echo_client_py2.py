# -*- coding: utf-8 -*-
# The seed's Python 2 client (000/001 "socket", client.py), unchanged but for the address: the seed connects
# to ("localhost", 8888); here it is argv[1] (tcp:HOST:PORT), so that the server can listen on port 0.
import socket
import os
import sys

if __name__ == '__main__':
    client = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    host, port = sys.argv[1][len("tcp:"):].rsplit(":", 1)
    client.connect((host, int(port)))

    instr = raw_input()
    client.send(instr)
    print client.recv(1024)

    client.close()
