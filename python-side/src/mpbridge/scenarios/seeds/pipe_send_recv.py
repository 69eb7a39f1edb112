# Seed 004 "multiprocessing.Pipe()", as written.
import time

from multiprocessing import Pipe, Process


def producer(pipe):
    pipe.send("a")
    time.sleep(2)


def consumer(pipe):
    time.sleep(2)
    print(pipe.recv())


if __name__ == "__main__":
    recevie_pipe, send_pipe = Pipe()

    my_producer = Process(target=producer, args=(send_pipe,))
    my_consumer = Process(target=consumer, args=(recevie_pipe,))
    my_producer.start()
    my_consumer.start()
    my_producer.join()
    my_consumer.join()
