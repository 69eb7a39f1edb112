package org.mpbridge.process;

import java.io.IOException;
import org.mpbridge.connection.Connection;
import org.mpbridge.pickle.PickleCodec;
import org.mpbridge.sem.SemLock;

/** {@code multiprocessing.SimpleQueue} from its state {@code (reader, writer, rlock, wlock)}: CPython's algorithm. */
public final class MpSimpleQueue {
    private final Connection reader;
    private final Connection writer;
    private final SemLock rlock;
    private final SemLock wlock;

    public MpSimpleQueue(Connection reader, Connection writer, SemLock rlock, SemLock wlock) {
        this.reader = reader;
        this.writer = writer;
        this.rlock = rlock;
        this.wlock = wlock;
    }

    public Object get() throws IOException, InterruptedException {
        byte[] res;
        try (SemLock.Held held = rlock.hold()) {
            res = reader.recvBytes();
        }
        return PickleCodec.loads(res);
    }

    public void put(Object obj) throws IOException, InterruptedException {
        byte[] pickled = PickleCodec.dumps(obj);
        if (wlock == null) {
            writer.sendBytes(pickled);
            return;
        }
        try (SemLock.Held held = wlock.hold()) {
            writer.sendBytes(pickled);
        }
    }

    public boolean empty() throws IOException {
        return !reader.poll();
    }

    public void close() throws IOException {
        reader.close();
        writer.close();
    }
}
