# Seed 002 "Array", as written.
"""
array 一般是列表或字节串
"""
from multiprocessing import Process,Array
#创建共享内存
shm = Array('i',[1,2,3,4,5])
#shm = Array('i',5) #表示初始开辟5个整形空间 [0,0,0,0,0]
#shm =Array('c',b'hello')#必须是字节串
#print(shm.value) 打印字节串

def fun():
    #创建的共享内存对象可迭代
    for i in shm:
        print(i)
    shm[1] = 1000 #修改共享内存

p = Process(target=fun)
p.start()
p.join()
