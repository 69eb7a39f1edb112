# Seed 004 "multiprocessing.Queue()" with producer and consumer in Java: the seed as written, except Process ->
# JavaProcess (org.mpbridge.cli.seeds.CommunicationProducer / CommunicationConsumer, doing producer(queue) and
# consumer(queue)) and the start method spawn (the seed runs under Linux's default fork; a Queue made under fork
# cannot reach a spawned child).
import time

from multiprocessing import Queue,set_start_method
from mpbridge import JavaProcess

if __name__ =="__main__":
    set_start_method('spawn')
    queue = Queue(10)
    my_producer = JavaProcess(target='org.mpbridge.cli.seeds.CommunicationProducer',args=(queue,))
    my_consumer = JavaProcess(target='org.mpbridge.cli.seeds.CommunicationConsumer',args=(queue,))
    my_producer.start()
    my_consumer.start()
    my_producer.join()
    my_consumer.join()
