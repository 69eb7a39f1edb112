package org.mpbridge.cli;

import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.TimeUnit;
import org.mpbridge.sem.NamedSemaphore;
import org.mpbridge.shm.SharedMemory;
import org.mpbridge.tracker.ResourceTracker;

/**
 * The echo conversation {@code make bench} times over shared memory and POSIX named semaphores; the Python twin
 * is {@code mpbridge.peers.shm_echo}. The echo side creates, and at the end unlinks, three objects named from
 * PREFIX: the segment {@code PREFIX} and the semaphores {@code /PREFIX.ping} and {@code /PREFIX.pong} (both 0).
 *
 * <pre>
 * segment PREFIX, 8 + 2 x C bytes (C = capacity)
 * +--------------------------+ 0
 * | int64 N (native order)   |  request length; -1 asks the echo side to stop
 * +--------------------------+ 8
 * | request, N bytes         |  written by the client, then sem_post(/PREFIX.ping)
 * +--------------------------+ 8 + C
 * | reply, N bytes           |  copied by the echo side, then sem_post(/PREFIX.pong)
 * +--------------------------+ 8 + 2C
 * </pre>
 *
 * Each side copies the bytes out and in (as a real exchange would), so a round trip costs two semaphore
 * hand-offs and four copies of N bytes.
 */
final class ShmEcho implements Closeable {
    static final long STOP = -1;
    private static final long WAIT_SECONDS = 60;

    private final String prefix;
    private final SharedMemory segment;
    private final NamedSemaphore ping;
    private final NamedSemaphore pong;
    private final int capacity;
    private final boolean owner;

    private ShmEcho(String prefix, SharedMemory segment, NamedSemaphore ping, NamedSemaphore pong, boolean owner) {
        this.prefix = prefix;
        this.segment = segment;
        this.ping = ping;
        this.pong = pong;
        this.capacity = (int) ((segment.size() - 8) / 2);
        this.owner = owner;
    }

    /**
     * The echo side: creates the segment and both semaphores, each registered with the {@link ResourceTracker}
     * as soon as it exists (a SIGKILL leaves nothing behind; {@link #close} unregisters after unlinking).
     */
    static ShmEcho create(String prefix, int capacity) throws IOException {
        ResourceTracker tracker = ResourceTracker.get();
        SharedMemory segment = SharedMemory.create(prefix, 8 + 2L * capacity);
        tracker.register(ResourceTracker.Kind.SHARED_MEMORY, prefix);
        try {
            NamedSemaphore ping = NamedSemaphore.create("/" + prefix + ".ping", 0);
            tracker.register(ResourceTracker.Kind.SEMAPHORE, "/" + prefix + ".ping");
            try {
                NamedSemaphore pong = NamedSemaphore.create("/" + prefix + ".pong", 0);
                tracker.register(ResourceTracker.Kind.SEMAPHORE, "/" + prefix + ".pong");
                return new ShmEcho(prefix, segment, ping, pong, true);
            } catch (IOException e) {
                ping.unlink();
                ping.close();
                throw e;
            }
        } catch (IOException | RuntimeException e) {
            segment.unlink();
            segment.close();
            throw e;
        }
    }

    /** The client side: opens what the echo side made. */
    static ShmEcho attach(String prefix) throws IOException {
        SharedMemory segment = SharedMemory.attach(prefix);
        return new ShmEcho(prefix, segment, NamedSemaphore.open("/" + prefix + ".ping"),
                NamedSemaphore.open("/" + prefix + ".pong"), false);
    }

    /** Removes the three names, whichever still exist (for a shutdown hook: the echo side killed mid-run). */
    static void unlinkNames(String prefix) {
        for (IoAction a : new IoAction[] {() -> SharedMemory.unlink(prefix), () -> NamedSemaphore.unlink("/" + prefix + ".ping"),
                () -> NamedSemaphore.unlink("/" + prefix + ".pong")}) {
            try {
                a.run();
            } catch (IOException gone) {
                // already removed
            }
        }
    }

    private interface IoAction {
        void run() throws IOException;
    }

    /** Client: one request and its reply. */
    byte[] roundTrip(byte[] request) throws IOException, InterruptedException {
        if (request.length > capacity) throw new IllegalArgumentException(request.length + " bytes exceed the capacity " + capacity);
        segment.putLong(0, request.length);
        segment.putBytes(8, request);
        ping.release();
        await(pong, "the echo side's reply");
        return segment.getBytes(8L + capacity, request.length);
    }

    /** Client: asks the echo side to stop. */
    void stop() {
        segment.putLong(0, STOP);
        ping.release();
    }

    /** Echo side: answers requests until asked to stop. */
    void serve() throws IOException, InterruptedException {
        byte[] copy = new byte[capacity];  // reused: a fresh array per request costs more than the copy
        while (true) {
            ping.acquire();
            long n = segment.getLong(0);
            if (n == STOP) return;
            if (n < 0 || n > capacity) throw new IOException("request length " + n + " outside 0.." + capacity);
            segment.getBytesInto(8, copy, 0, (int) n);
            segment.putBytes(8L + capacity, copy, 0, (int) n);
            pong.release();
        }
    }

    private static void await(NamedSemaphore s, String what) throws InterruptedException, InterruptedIOException {
        if (!s.tryAcquire(WAIT_SECONDS, TimeUnit.SECONDS)) throw new InterruptedIOException("no " + what + " in " + WAIT_SECONDS + " s");
    }

    @Override
    public void close() throws IOException {
        try {
            if (owner) {
                segment.unlink();
                ping.unlink();
                pong.unlink();
                ResourceTracker tracker = ResourceTracker.get();
                tracker.unregister(ResourceTracker.Kind.SHARED_MEMORY, prefix);
                tracker.unregister(ResourceTracker.Kind.SEMAPHORE, "/" + prefix + ".ping");
                tracker.unregister(ResourceTracker.Kind.SEMAPHORE, "/" + prefix + ".pong");
            }
        } finally {
            segment.close();
            ping.close();
            pong.close();
        }
    }
}
