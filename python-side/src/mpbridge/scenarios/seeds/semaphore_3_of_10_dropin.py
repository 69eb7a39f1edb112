# Seed 002 "信号量" with its ten task processes in Java: the seed as written, except the start method (spawn: the seed
# relies on Linux's default fork) and Process -> JavaProcess, the global `sem` passed as the task's argument.
"""
信号量
思路：信号量数量相当于资源，执行任务必须小号资源
"""

from multiprocessing import Process,Semaphore,set_start_method
from mpbridge import JavaProcess

from  time import  sleep
import  os
set_start_method('spawn')

#创建信号量(最多允许3个任务同时执行）
sem = Semaphore(3)

#执行10个任务
for i in range(10):
    p = JavaProcess(target='org.mpbridge.cli.seeds.SemaphoreHandle', args=(sem,))
    p.start()
