# Seed 003 "Queue" with its writer and reader in Java: the seed as written, except Process -> JavaProcess
# (org.mpbridge.cli.seeds.QueueWrite / QueueRead, doing write(q) and read(q)) and the start method spawn (the seed
# runs under Linux's default fork; a Queue made under fork cannot reach a spawned child). pr.terminate() sends the
# Java reader SIGTERM, as it does a CPython child.
from multiprocessing import Queue, set_start_method
from mpbridge import JavaProcess
import os, time, random


if __name__ == '__main__':
    set_start_method('spawn')
    # 父进程创建 Queue，并传给各个子进程：
    q = Queue()
    pw = JavaProcess(target='org.mpbridge.cli.seeds.QueueWrite', args=(q,))
    pr = JavaProcess(target='org.mpbridge.cli.seeds.QueueRead', args=(q,))
    # 启动子进程 pw，写入:
    pw.start()
    # 启动子进程 pr，读取:
    pr.start()
    # 等待 pw 结束:
    pw.join()
    # pr进程里是死循环，无法等待其结束，只能强行终止:
    pr.terminate()
