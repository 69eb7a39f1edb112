package org.mpbridge.ring;

import static org.mpbridge.ring.RingDescriptor.*;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.mpbridge.connection.Connection;
import org.mpbridge.connection.ConnectionOptions;
import org.mpbridge.sem.NamedSemaphore;
import org.mpbridge.shm.SharedMemory;
import org.mpbridge.transport.ByteTransport;
import org.mpbridge.transport.Deadlines;

/**
 * One end of a shared-memory ring pair ({@link RingDescriptor}) as a {@link ByteTransport}: wrap it in a
 * {@link Connection} ({@link #connection()}) for {@code send}/{@code recv}/{@code send_bytes}/{@code recv_bytes}
 * with CPython's frames. The creator reads ring 0 and writes ring 1; the attacher the other way round. One reader
 * thread and one writer thread at a time (as a {@code Connection}). The Python end is {@code mpbridge.ring}.
 */
public final class ShmRing implements ByteTransport {
    /**
     * How long a waiting side polls before it sleeps on the semaphore: on a busy or small machine the peer may need
     * this very core, and a longer spin (or a yield, which hands the core to anyone) only delays it.
     */
    private static final long SPIN_NS = 2_000;
    private static final long SLICE_NS = TimeUnit.MILLISECONDS.toNanos(100);
    private final String name;
    private final SharedMemory segment;
    private final NamedSemaphore readSem;
    private final NamedSemaphore writeSem;
    private final boolean creator;
    private final long capacity;
    private final int readControl;
    private final int writeControl;
    private final long readData;
    private final long writeData;
    private volatile boolean namesRemoved;
    private volatile boolean closed;
    private long peerPid;

    private ShmRing(String name, SharedMemory segment, NamedSemaphore r0, NamedSemaphore r1, boolean creator) {
        this.name = name;
        this.segment = segment;
        this.creator = creator;
        this.capacity = segment.getLong(CAPACITY_OFFSET);
        int readRing = creator ? 0 : 1;
        this.readControl = control(readRing);
        this.writeControl = control(1 - readRing);
        this.readData = data(readRing, capacity);
        this.writeData = data(1 - readRing, capacity);
        this.readSem = creator ? r0 : r1;
        this.writeSem = creator ? r1 : r0;
        if (!creator) peerPid = segment.getInt(CREATOR_PID_OFFSET);
    }

    /** Creates the segment {@code name} and its two semaphores; {@code capacity} bytes per direction (a power of two). */
    public static ShmRing create(String name, long capacity) throws IOException {
        if (capacity < 4096 || Long.bitCount(capacity) != 1) throw new IllegalArgumentException("capacity must be a power of two >= 4096: " + capacity);
        SharedMemory segment = SharedMemory.create(name, segmentSize(capacity));
        NamedSemaphore r0 = null;
        try {
            r0 = NamedSemaphore.create(semaphore(name, 0), 0);
            NamedSemaphore r1 = NamedSemaphore.create(semaphore(name, 1), 0);
            segment.putLong(CAPACITY_OFFSET, capacity);
            segment.putInt(CREATOR_PID_OFFSET, (int) ProcessHandle.current().pid());
            VarHandle.fullFence();
            segment.putLong(MAGIC_OFFSET, MAGIC);
            return new ShmRing(name, segment, r0, r1, true);
        } catch (IOException | RuntimeException e) {
            unlinkNames(name);
            if (r0 != null) r0.close();
            segment.close();
            throw e;
        }
    }

    /** Attaches to a ring pair another process created. */
    public static ShmRing attach(String name) throws IOException {
        SharedMemory segment = SharedMemory.attach(name);
        try {
            if (segment.size() < DATA_OFFSET || segment.getLong(MAGIC_OFFSET) != MAGIC) throw new IOException("'" + name + "' is not a ring pair (no MPBRING1 magic)");
            NamedSemaphore r0 = NamedSemaphore.open(semaphore(name, 0));
            NamedSemaphore r1;
            try {
                r1 = NamedSemaphore.open(semaphore(name, 1));
            } catch (IOException e) {
                r0.close();
                throw e;
            }
            ShmRing ring = new ShmRing(name, segment, r0, r1, false);
            segment.putInt(ATTACHER_PID_OFFSET, (int) ProcessHandle.current().pid());
            VarHandle.fullFence();
            return ring;
        } catch (IOException | RuntimeException e) {
            segment.close();
            throw e;
        }
    }

    /** Removes the segment's and semaphores' names, whichever exist (a creator's cleanup on any exit path). */
    public static void unlinkNames(String name) {
        try {
            SharedMemory.unlink(name);
        } catch (IOException gone) {
            // already removed
        }
        for (int r = 0; r < 2; r++) {
            try {
                NamedSemaphore.unlink(semaphore(name, r));
            } catch (IOException gone) {
                // already removed
            }
        }
    }

    /** Creator: waits until a peer attached, then removes the names (nothing is left in /dev/shm after that). */
    public void awaitPeer(Duration timeout) throws IOException {
        long deadline = Deadlines.after(timeout);
        while (segment.getInt(ATTACHER_PID_OFFSET) == 0) {
            if (Deadlines.remaining(deadline) == 0) throw Deadlines.timeout("no peer attached to ring '" + name + "'");
            LockSupport.parkNanos(200_000);
        }
        peerPid = segment.getInt(ATTACHER_PID_OFFSET);
        removeNames();
    }

    private void removeNames() {
        if (creator && !namesRemoved) {
            namesRemoved = true;
            unlinkNames(name);
        }
    }

    public Connection connection() {
        return new Connection(this, true, true, ConnectionOptions.defaults());
    }

    // ---- reading

    @Override
    public int read(byte[] dst, int off, int len, long deadlineNanos) throws IOException {
        if (len == 0) return 0;
        long readPos = segment.getLong(readControl + READ_POSITION);
        long avail = available(readPos);
        if (avail == 0) {
            if (!awaitData(readPos, deadlineNanos)) throw Deadlines.timeout("reading from " + describe());
            avail = available(readPos);
            if (avail == 0) return -1;  // the peer closed or died
        }
        int n = (int) Math.min(len, avail);
        int at = (int) (readPos & (capacity - 1));
        int first = (int) Math.min(n, capacity - at);
        segment.getBytesInto(readData + at, dst, off, first);
        if (first < n) segment.getBytesInto(readData, dst, off + first, n - first);
        VarHandle.releaseFence();
        segment.putLong(readControl + READ_POSITION, readPos + n);
        return n;
    }

    private long available(long readPos) {
        long w = segment.getLong(readControl + WRITE_POSITION);
        VarHandle.acquireFence();
        return w - readPos;
    }

    /** True when data came (or the peer is gone: then available() stays 0), false at the deadline. */
    private boolean awaitData(long readPos, long deadlineNanos) throws IOException {
        long spinUntil = System.nanoTime() + SPIN_NS;
        while (System.nanoTime() - spinUntil < 0) {
            if (available(readPos) > 0) return true;
            Thread.onSpinWait();
        }
        boolean checkPeer = false;  // liveness costs a /proc read: only after an idle slice (the closed flag every time)
        while (true) {
            if (closed) throw new IOException("ring is closed: " + describe());
            segment.putInt(readControl + READER_WAITING, 1);
            VarHandle.fullFence();
            if (available(readPos) > 0 || peerClosed() || (checkPeer && peerGone())) {
                segment.putInt(readControl + READER_WAITING, 0);
                return true;
            }
            long left = Deadlines.remaining(deadlineNanos);
            if (left == 0) {
                segment.putInt(readControl + READER_WAITING, 0);
                return false;
            }
            try {
                checkPeer = !readSem.tryAcquire(Math.min(left, SLICE_NS), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while reading from " + describe());
            }
            segment.putInt(readControl + READER_WAITING, 0);
            if (available(readPos) > 0) return true;
        }
    }

    private boolean peerClosed() {
        return segment.getInt(creator ? ATTACHER_CLOSED_OFFSET : CREATOR_CLOSED_OFFSET) != 0;
    }

    private boolean peerGone() {
        if (peerClosed()) return true;
        if (peerPid == 0) peerPid = segment.getInt(creator ? ATTACHER_PID_OFFSET : CREATOR_PID_OFFSET);
        return peerPid != 0 && !ProcessHandle.of(peerPid).map(ProcessHandle::isAlive).orElse(false);
    }

    // ---- writing

    /** Copies as much of the buffers as fits, then publishes once: a header and its body wake the reader once. */
    @Override
    public void write(ByteBuffer... srcs) throws IOException {
        int i = 0;
        while (i < srcs.length) {
            if (!srcs[i].hasRemaining()) {
                i++;
                continue;
            }
            long writePos = segment.getLong(writeControl + WRITE_POSITION);
            long space = awaitSpace(writePos);
            long filled = 0;
            while (i < srcs.length && filled < space) {
                ByteBuffer src = srcs[i];
                int n = (int) Math.min(space - filled, src.remaining());
                long pos = writePos + filled;
                int at = (int) (pos & (capacity - 1));
                int first = (int) Math.min(n, capacity - at);
                put(writeData + at, src, first);
                if (first < n) put(writeData, src, n - first);
                filled += n;
                if (!src.hasRemaining()) i++;
            }
            VarHandle.releaseFence();
            segment.putLong(writeControl + WRITE_POSITION, writePos + filled);
            VarHandle.fullFence();
            if (segment.getInt(writeControl + READER_WAITING) != 0) writeSem.release();
        }
    }

    private void put(long offset, ByteBuffer src, int n) {
        if (src.hasArray()) {
            segment.putBytes(offset, src.array(), src.arrayOffset() + src.position(), n);
            src.position(src.position() + n);
        } else {
            byte[] tmp = new byte[n];
            src.get(tmp);
            segment.putBytes(offset, tmp);
        }
    }

    private long awaitSpace(long writePos) throws IOException {
        long spinUntil = System.nanoTime() + SPIN_NS;
        while (true) {
            if (closed) throw new IOException("ring is closed: " + describe());
            long r = segment.getLong(writeControl + READ_POSITION);
            VarHandle.acquireFence();
            long space = capacity - (writePos - r);
            if (space > 0) return space;
            if (peerGone()) throw new IOException("the peer of " + describe() + " closed or died");
            if (System.nanoTime() - spinUntil < 0) Thread.onSpinWait();
            else LockSupport.parkNanos(20_000);
        }
    }

    @Override
    public boolean awaitReadable(long timeoutNanos) throws IOException {
        long readPos = segment.getLong(readControl + READ_POSITION);
        if (available(readPos) > 0 || peerGone()) return true;
        return awaitData(readPos, System.nanoTime() + Math.min(timeoutNanos, Long.MAX_VALUE / 4));
    }

    @Override
    public void shutdownOutput() throws IOException {
        segment.putInt(creator ? CREATOR_CLOSED_OFFSET : ATTACHER_CLOSED_OFFSET, 1);
        VarHandle.fullFence();
        writeSem.release();
    }

    @Override
    public void close() throws IOException {
        if (closed) return;
        shutdownOutput();
        closed = true;
        readSem.release();  // wakes our own reader, if one waits
        removeNames();
        segment.close();
        readSem.close();
        writeSem.close();
    }

    @Override
    public String describe() {
        return "ring " + name + (creator ? " (creator)" : " (attacher)");
    }
}
