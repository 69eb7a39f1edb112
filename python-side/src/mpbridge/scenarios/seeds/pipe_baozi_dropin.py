# Seed 000/001 "1 管道" with its consumer in Java: the seed's parent as written, except Process -> JavaProcess
# (target: the Java class doing consumer()'s work, org.mpbridge.cli.seeds.PipeBaoziConsumer).
from multiprocessing import Pipe
from mpbridge import JavaProcess
import time

#可以是一个单独的python文件
def producer(seq, p):
    left, right = p
    right.close()
    for i in seq:
        left.send(i)
        time.sleep(1)
    else:
        left.close()


if __name__ == '__main__':
    left, right = Pipe()

    c1 = JavaProcess(target='org.mpbridge.cli.seeds.PipeBaoziConsumer', args=((left, right), 'c1'))
    c1.start()

    seq = (i for i in range(10))
    producer(seq, (left, right))

    right.close()
    left.close()

    c1.join()
    print('进程间通信-管道-主进程')
