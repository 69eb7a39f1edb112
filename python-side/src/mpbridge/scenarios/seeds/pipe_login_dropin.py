# Seed 002 "通信管道" with app1 and app2 in Java: the seed as written, except Process -> JavaProcess
# (org.mpbridge.cli.seeds.PipeLoginApp1 / PipeLoginApp2), the globals fd1 / fd2 the apps used through fork
# inheritance passed as their arguments (a JVM has no Python globals). Pipe ends cross under any start method.
"""
管道通信
注意：1.muliprocessing中管道通信之能用于有亲缘关系的进程中，就是父子进程或兄弟之间的
    2.管道对象只能在父进程中创建，子进程通过父进程获取

"""
from multiprocessing import  Process,Pipe
from mpbridge import JavaProcess
# 创建管道

fd1,fd2 = Pipe()#False 单向 单项管道 单项调用fd1 只能调用recv, fd2只能调用send

p1 =JavaProcess(target='org.mpbridge.cli.seeds.PipeLoginApp1', args=(fd1,))
p2 =JavaProcess(target='org.mpbridge.cli.seeds.PipeLoginApp2', args=(fd2,))
p1.start()
p2.start()
p1.join()
p2.join()
