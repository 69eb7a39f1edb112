# Seed 000/001 "4 共享内存" with its 20 workers in Java: the seed's parent as written, except Process -> JavaProcess
# (target: org.mpbridge.cli.seeds.ManagerCounterWork, doing work(d, lock)) and the start method spawn (the seed runs
# under Linux's default fork, and a Lock made under fork cannot reach a spawned child; docs/javaprocess.md).
from multiprocessing import Manager, Lock, set_start_method
from mpbridge import JavaProcess


if __name__ == '__main__':
    set_start_method('spawn')
    lock=Lock()
    with Manager() as m:
        dic=m.dict({'count':20})
        p_l=[]
        for i in range(20):
            p=JavaProcess(target='org.mpbridge.cli.seeds.ManagerCounterWork', args=(dic, lock))
            p_l.append(p)
            p.start()

        for p in p_l:
            p.join()
        print(dic)
