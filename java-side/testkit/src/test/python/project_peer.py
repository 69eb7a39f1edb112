"""A test's own Python peer, found through the {project} placeholder: echoes one message and exits."""
from multiprocessing.connection import Listener

with Listener(("127.0.0.1", 0)) as listener:
    print("READY tcp:127.0.0.1:%d" % listener.address[1], flush=True)
    with listener.accept() as conn:
        conn.send(("from the project's own script", conn.recv()))
