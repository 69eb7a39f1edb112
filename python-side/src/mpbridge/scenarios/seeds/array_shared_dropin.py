# Seed 002 "Array" with its child in Java: the seed as written, except the start method (spawn: the seed relies on
# Linux's default fork, under which its Array could not reach a spawned child) and Process -> JavaProcess, the global
# `shm` the child used through fork inheritance passed as its argument (a JVM has no Python globals).
"""
array 一般是列表或字节串
"""
from multiprocessing import Process,Array,set_start_method
from mpbridge import JavaProcess
set_start_method('spawn')
#创建共享内存
shm = Array('i',[1,2,3,4,5])
#shm = Array('i',5) #表示初始开辟5个整形空间 [0,0,0,0,0]
#shm =Array('c',b'hello')#必须是字节串
#print(shm.value) 打印字节串

p = JavaProcess(target='org.mpbridge.cli.seeds.ArrayFun', args=(shm,))
p.start()
p.join()
