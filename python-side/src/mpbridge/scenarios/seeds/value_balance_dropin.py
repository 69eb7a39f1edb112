# Seed 002 "value" (with value_balance.py's three fixes) with both workers in Java: the seed as written, except the
# start method (spawn: the seed relies on Linux's default fork, and a Value's lock made under fork cannot reach a
# spawned child) and Process -> JavaProcess, the global `money` the workers used through fork inheritance passed as
# their argument (a JVM has no Python globals). man()/girl() are org.mpbridge.cli.seeds.ValueMan / ValueGirl.
"""
value 开辟单一共享内存空间
注意：共享内存中只能有1个值
"""

from multiprocessing import Process,Value,set_start_method
from mpbridge import JavaProcess
import time
import  random
set_start_method('spawn')

#创建共享内存
money =Value('i',5000)

p1 = JavaProcess(target='org.mpbridge.cli.seeds.ValueMan', args=(money,))
p2 = JavaProcess(target='org.mpbridge.cli.seeds.ValueGirl', args=(money,))
p1.start()
p2.start()
p2.join()
p1.join()

#获取共享内存
print('每月余额:',money.value)
