# Seed 002 "value 开辟单一共享内存空间", as written except three fixes without which it does not run:
#   1. `for i in range(30)` in girl() lacks its colon (SyntaxError: the program does not start);
#   2. `random.randint((100,800))` passes one tuple (TypeError: girl dies at its first draw) -> randint(100,800);
#   3. `random.randint(1,000)` is randint(1, 0) (000 is 0: ValueError "empty range", man dies at its first draw)
#      -> randint(1,1000), the range the author wrote with a thousands separator.
"""
value 开辟单一共享内存空间
注意：共享内存中只能有1个值
"""

from multiprocessing import Process,Value
import time
import  random

#创建共享内存
money =Value('i',5000)
#操作共享内存
def man():
    for i in range(30):
        time.sleep(0.2)
        money.value +=random.randint(1,1000)

def girl():
    for i in range(30):
        time.sleep(0.2)
        money.value -= random.randint(100,800)

p1 = Process(target=man)
p2 = Process(target=girl)
p1.start()
p2.start()
p2.join()
p1.join()

#获取共享内存
print('每月余额:',money.value)
