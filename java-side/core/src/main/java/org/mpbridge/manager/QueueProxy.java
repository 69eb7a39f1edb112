package org.mpbridge.manager;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * A proxy for a {@code queue.Queue} in a manager (SyncManager's {@code Queue} / {@code JoinableQueue}, or a
 * registered {@code get_queue}); CPython gives it an AutoProxy. Timed and non-blocking operations raise
 * {@link QueueEmptyException} / {@link QueueFullException}, as {@code queue.Empty} / {@code queue.Full}.
 */
public class QueueProxy extends Proxy {
    protected QueueProxy(ManagerClient manager, Token token, List<String> exposed) {
        super(manager, token, exposed);
    }

    /** {@code put(item)}: blocks while a bounded queue is full. */
    public void put(Object item) throws IOException {
        call("put", item);
    }

    /** {@code put(item, True, timeout)}; {@link QueueFullException} when no room came in time. */
    public void put(Object item, Duration timeout) throws IOException {
        call("put", item, true, seconds(timeout));
    }

    public void putNowait(Object item) throws IOException {
        call("put_nowait", item);
    }

    /** {@code get()}: blocks until an item is there. */
    public Object get() throws IOException {
        return call("get");
    }

    /** {@code get(True, timeout)}; {@link QueueEmptyException} when nothing came in time. */
    public Object get(Duration timeout) throws IOException {
        return call("get", true, seconds(timeout));
    }

    public Object getNowait() throws IOException {
        return call("get_nowait");
    }

    public int qsize() throws IOException {
        return toInt(call("qsize"));
    }

    public boolean empty() throws IOException {
        return toBool(call("empty"));
    }

    public boolean full() throws IOException {
        return toBool(call("full"));
    }

    public void taskDone() throws IOException {
        call("task_done");
    }

    /** {@code join()}: blocks until every item put has been marked done. */
    public void join() throws IOException {
        call("join");
    }
}
