# Seed 002 "消息队列", as written except four fixes without which it does not run or never ends:
#   1. `randint((1,34))` passes one tuple (TypeError: handle dies at its first draw) -> randint(1,34);
#   2. `print(q.get(3),edn='')`: `edn` is no keyword of print (TypeError at the first print) -> end='';
#   3. the first `p2.join()` comes before p2 was ever started (AssertionError: can only join a started process)
#      -> p2.start(), the line the seed's pattern (start both, then join both) has there;
#   4. `q.get(3)` is get(block=3) without a timeout: once the queue is empty the reader blocks for ever and its
#      `except: break` never runs -> q.get(timeout=3), the "timeout 3秒" its comment says.
"""
消息队列
注意：消息队列符合先进先出原则

"""
from multiprocessing import Queue,Process
from  random import randint
import  time
#创建消息队列
q =Queue(5)#最大长度4
def handle():
    for i in range(6):
        x = randint(1,34)
        q.put(x)#消息入队
    q.put(randint(1,16))

def reques():
    while True:
        print('摇啊摇')
        time.sleep(2)
        try:
            print(q.get(timeout=3),end='') #消息出对 timeout 3秒
        except:
            break

p1 =Process(target=handle)
p2 = Process(target= reques)
p1.start()
p2.start()
p1.join()
p2.join()
