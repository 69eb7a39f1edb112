package org.mpbridge.process;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.mpbridge.connection.Connection;
import org.mpbridge.manager.QueueEmptyException;
import org.mpbridge.manager.QueueFullException;
import org.mpbridge.pickle.PickleCodec;
import org.mpbridge.sem.SemLock;

/**
 * {@code multiprocessing.Queue} in a Java child, rebuilt from the queue's own pickle state
 * {@code (ignore_epipe, maxsize, reader, writer, rlock, wlock, sem, opid)}: the same pipe, the same named
 * semaphores, the same framing (one {@code send_bytes} of a pickle per item). A Python {@code put} is a Java
 * {@link #get()} and the other way round. {@link #put} writes synchronously (CPython's feeder thread does the same
 * write under the same {@code wlock}), so nothing is left buffered when the child exits.
 */
public class MpQueue {
    final int maxsize;
    final Connection reader;
    final Connection writer;
    final SemLock rlock;
    final SemLock wlock;
    final SemLock sem;

    public MpQueue(int maxsize, Connection reader, Connection writer, SemLock rlock, SemLock wlock, SemLock sem) {
        this.maxsize = maxsize;
        this.reader = reader;
        this.writer = writer;
        this.rlock = rlock;
        this.wlock = wlock;
        this.sem = sem;
    }

    /** {@code get()}: waits without limit. */
    public Object get() throws IOException, InterruptedException {
        byte[] res;
        rlock.acquire();
        try {
            res = reader.recvBytes();
        } finally {
            rlock.release();
        }
        sem.release();
        return PickleCodec.loads(res);
    }

    /** {@code get(timeout=...)}: {@link QueueEmptyException} ({@code queue.Empty}) when nothing came in time. */
    public Object get(Duration timeout) throws IOException, InterruptedException {
        return get(true, timeout);
    }

    public Object getNowait() throws IOException, InterruptedException {
        return get(false, null);
    }

    public Object get(boolean block, Duration timeout) throws IOException, InterruptedException {
        if (block && timeout == null) return get();
        long deadline = System.nanoTime() + (timeout == null ? 0 : Math.max(0, timeout.toNanos()));
        if (!rlock.acquire(block, timeout)) throw emptyError();
        byte[] res;
        try {
            Duration left = block ? Duration.ofNanos(Math.max(0, deadline - System.nanoTime())) : Duration.ZERO;
            if (!reader.poll(left)) throw emptyError();
            res = reader.recvBytes();
            sem.release();
        } finally {
            rlock.release();
        }
        return PickleCodec.loads(res);
    }

    /** {@code put(obj)}: waits without limit while a bounded queue is full. */
    public void put(Object obj) throws IOException, InterruptedException {
        put(obj, true, null);
    }

    public void put(Object obj, Duration timeout) throws IOException, InterruptedException {
        put(obj, true, timeout);
    }

    public void putNowait(Object obj) throws IOException, InterruptedException {
        put(obj, false, null);
    }

    public void put(Object obj, boolean block, Duration timeout) throws IOException, InterruptedException {
        byte[] pickled = PickleCodec.dumps(obj);
        if (!sem.acquire(block, timeout)) throw new QueueFullException(List.of());
        afterSlotTaken();
        send(pickled);
    }

    void afterSlotTaken() throws InterruptedException {
        // JoinableQueue counts the task here
    }

    final void send(byte[] pickled) throws IOException, InterruptedException {
        if (wlock == null) {
            writer.sendBytes(pickled);
            return;
        }
        wlock.acquire();
        try {
            writer.sendBytes(pickled);
        } finally {
            wlock.release();
        }
    }

    /** {@code qsize()}: {@code maxsize - sem.get_value()} as CPython computes it (approximate, as there). */
    public int qsize() {
        return maxsize - sem.getValue();
    }

    /** {@code empty()}: nothing to read right now. */
    public boolean empty() throws IOException {
        return !reader.poll();
    }

    public boolean full() {
        return sem.isZero();
    }

    public int maxsize() {
        return maxsize;
    }

    /** Closes this process's copies of the queue's pipe ends (the parent's stay open). */
    public void close() throws IOException {
        reader.close();
        writer.close();
    }

    private static QueueEmptyException emptyError() {
        return new QueueEmptyException(List.of());
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(maxsize=" + maxsize + ")";
    }
}
