"""Seed 002 "通信管道": duplex request/reply over a ``Pipe()``; the reply is the tuple ``('Dave', '123')``.

``app1 -- CHILD...``  (the parent: asks to log in, prints the reply)
``app2``             (the child: prints the request, answers with a tuple)
"""
import sys

from mpbridge.scenarios import _pipes
from mpbridge.scenarios._role import dispatch, out, split_child
from mpbridge.stdio import stdio_connection


def app1(argv):
    _, child_cmd = split_child(argv)
    fd1, child = _pipes.spawn_child(child_cmd)
    out("启动app1,请登陆")
    out("请求app2授权")
    fd1.send("app1 请求登陆")
    data = fd1.recv()
    if data:
        out("登陆成功 %r" % (data,))
    fd1.close()
    return _pipes.finish(child)


def app2(argv):
    fd2 = stdio_connection()
    data = fd2.recv()
    out(data)
    fd2.send(("Dave", "123"))
    fd2.close()
    return 0


if __name__ == "__main__":
    sys.exit(dispatch("pipe_login", dict(app1=app1, app2=app2)))
