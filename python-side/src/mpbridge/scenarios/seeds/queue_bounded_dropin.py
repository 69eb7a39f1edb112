# Seed 002 "消息队列" (with queue_bounded.py's four fixes) with handle and reques in Java: the seed as written, except
# the start method (spawn: the seed relies on Linux's default fork, and a Queue made under fork cannot reach a spawned
# child) and Process -> JavaProcess (org.mpbridge.cli.seeds.QueueBoundedHandle / QueueBoundedReques), the global `q`
# passed as their argument (a JVM has no Python globals).
"""
消息队列
注意：消息队列符合先进先出原则

"""
from multiprocessing import Queue,Process,set_start_method
from mpbridge import JavaProcess
from  random import randint
import  time
set_start_method('spawn')
#创建消息队列
q =Queue(5)#最大长度4

p1 =JavaProcess(target='org.mpbridge.cli.seeds.QueueBoundedHandle', args=(q,))
p2 = JavaProcess(target='org.mpbridge.cli.seeds.QueueBoundedReques', args=(q,))
p1.start()
p2.start()
p1.join()
p2.join()
