package org.mpbridge.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A pair of plain streams (a child process's stdin/stdout, this process's own stdio, a FIFO) made pollable.
 * Reads without a deadline go straight to the stream in the caller's thread (no hand-off: a pipe round trip
 * costs two system calls, as in CPython). The first read with a deadline or {@link #awaitReadable} starts a daemon
 * pump thread that from then on reads ahead into a bounded buffer (at most {@value #MAX_BUFFERED} bytes), so
 * deadlines work on descriptors that a selector cannot watch. Either stream may be null for a one-way transport.
 */
public final class StreamTransport implements ByteTransport {
    static final int MAX_BUFFERED = 1 << 20;
    private static final int CHUNK = 64 * 1024;

    private final InputStream in;
    private final OutputStream out;
    private final String description;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
    private int headOffset;
    private long buffered;
    private boolean eof;
    private IOException readFailure;
    private volatile boolean closed;

    public StreamTransport(InputStream in, OutputStream out, String description) {
        this.in = in;
        this.out = out;
        this.description = description;
        this.direct = in instanceof java.io.FileInputStream f ? f.getChannel() : null;
        if (in == null) eof = true;
    }

    /** The stream's channel when it has one: a direct read blocked on it returns when the transport is closed. */
    private final java.nio.channels.FileChannel direct;
    private final ReentrantLock directLock = new ReentrantLock();
    private volatile boolean pumping;

    /** From now on every read goes through the pump (started once; waits for a direct read in progress). */
    private void startPump() {
        if (pumping || in == null) return;
        directLock.lock();
        try {
            if (pumping) return;
            pumping = true;
            Thread pump = new Thread(this::pump, "mpbridge-pump " + description);
            pump.setDaemon(true);
            pump.start();
        } finally {
            directLock.unlock();
        }
    }

    private int readDirect(byte[] dst, int off, int len) throws IOException {
        directLock.lock();
        try {
            if (pumping) return Integer.MIN_VALUE;
            if (closed) throw new IOException("transport is closed: " + description);
            int n;
            do {
                n = direct != null ? direct.read(java.nio.ByteBuffer.wrap(dst, off, Math.min(len, CHUNK)))
                        : in.read(dst, off, Math.min(len, CHUNK));
            } while (n == 0);
            return n;
        } catch (java.nio.channels.ClosedChannelException e) {
            if (closed) throw new IOException("transport is closed: " + description);
            throw e;
        } finally {
            directLock.unlock();
        }
    }

    private void pump() {
        byte[] buf = new byte[CHUNK];
        try {
            while (true) {
                int n = in.read(buf);
                lock.lock();
                try {
                    if (n < 0) {
                        eof = true;
                        changed.signalAll();
                        return;
                    }
                    if (n == 0) continue;
                    byte[] chunk = new byte[n];
                    System.arraycopy(buf, 0, chunk, 0, n);
                    chunks.add(chunk);
                    buffered += n;
                    changed.signalAll();
                    while (buffered >= MAX_BUFFERED && !closed) changed.await();
                    if (closed) return;
                } finally {
                    lock.unlock();
                }
            }
        } catch (IOException e) {
            fail(closed ? null : e);
        } catch (InterruptedException e) {
            fail(null);
        }
    }

    private void fail(IOException e) {
        lock.lock();
        try {
            readFailure = e;
            eof = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int read(byte[] dst, int off, int len, long deadlineNanos) throws IOException {
        if (len == 0) return 0;
        if (!pumping && in != null) {
            if (deadlineNanos == NO_DEADLINE) {
                int n = readDirect(dst, off, len);
                if (n != Integer.MIN_VALUE) return n;
            } else {
                startPump();
            }
        }
        lock.lock();
        try {
            while (chunks.isEmpty()) {
                if (closed) throw new IOException("transport is closed: " + description);
                if (eof) {
                    if (readFailure != null) throw readFailure;
                    return -1;
                }
                long left = Deadlines.remaining(deadlineNanos);
                if (left == 0) throw Deadlines.timeout("reading from " + description);
                if (left == Long.MAX_VALUE) changed.await();
                else changed.awaitNanos(left);
            }
            byte[] head = chunks.peekFirst();
            int n = Math.min(len, head.length - headOffset);
            System.arraycopy(head, headOffset, dst, off, n);
            headOffset += n;
            if (headOffset == head.length) {
                chunks.removeFirst();
                headOffset = 0;
            }
            buffered -= n;
            changed.signalAll();
            return n;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while reading from " + description);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void write(ByteBuffer... srcs) throws IOException {
        if (out == null) throw new IOException("transport is read-only: " + description);
        StreamWrites.write(out, srcs);
    }

    @Override
    public boolean awaitReadable(long timeoutNanos) throws IOException {
        startPump();
        lock.lock();
        try {
            long left = timeoutNanos;
            while (chunks.isEmpty() && !eof) {
                if (left <= 0) return false;
                left = changed.awaitNanos(Math.min(left, TimeUnit.DAYS.toNanos(365)));
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while polling " + description);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void shutdownOutput() throws IOException {
        if (out != null) out.close();
    }

    @Override
    public void close() throws IOException {
        closed = true;
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        IOException first = null;
        try {
            if (out != null) out.close();
        } catch (IOException e) {
            first = e;
        }
        try {
            if (in != null) in.close();
        } catch (IOException e) {
            if (first == null) first = e;
        }
        if (first != null) throw first;
    }

    @Override
    public String describe() {
        return description;
    }
}
