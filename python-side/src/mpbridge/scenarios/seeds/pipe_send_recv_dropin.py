# Seed 004 "multiprocessing.Pipe()" with producer and consumer in Java: the seed as written, except Process ->
# JavaProcess (org.mpbridge.cli.seeds.CommunicationProducer / CommunicationConsumer, doing producer(pipe) and
# consumer(pipe)). Pipe ends are plain descriptors: they reach a JVM under the seed's default fork too.
import time

from multiprocessing import Pipe
from mpbridge import JavaProcess


if __name__ == "__main__":
    recevie_pipe, send_pipe = Pipe()

    my_producer = JavaProcess(target='org.mpbridge.cli.seeds.CommunicationProducer', args=(send_pipe,))
    my_consumer = JavaProcess(target='org.mpbridge.cli.seeds.CommunicationConsumer', args=(recevie_pipe,))
    my_producer.start()
    my_consumer.start()
    my_producer.join()
    my_consumer.join()
