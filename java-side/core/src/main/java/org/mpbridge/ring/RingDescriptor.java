package org.mpbridge.ring;

/**
 * The layout of a shared-memory ring pair (agrona-style): one segment holds two single-producer/single-consumer byte
 * rings, one per direction, carrying the same frames as a {@code multiprocessing.connection.Connection}
 * ({@link org.mpbridge.wire.FrameDescriptor}). Native byte order (x86-64: little-endian); positions are byte counts
 * that only grow, a ring's offset is {@code position % capacity}, so wrap-around is one split copy.
 * <pre>
 *  0      magic  u64  "MPBRING1"                          (written last by the creator)
 *  8      capacity u64  bytes per ring, a power of two
 *  16     creator pid u32          20  attacher pid u32   (0 until attached)
 *  24     creator closed u32       28  attacher closed u32
 *  64     ring 0 (attacher -&gt; creator) control        256   ring 1 (creator -&gt; attacher) control
 *         +0   write position u64   (producer only)
 *         +64  read position u64    (consumer only; its own cache line)
 *         +128 reader waiting u32   (1: the consumer sleeps on the ring's semaphore; the producer posts it)
 *  512              ring 0 data, capacity bytes
 *  512 + capacity   ring 1 data, capacity bytes
 * </pre>
 * Semaphores {@code /NAME.r0} and {@code /NAME.r1} (POSIX named, value 0) wake a sleeping consumer. A consumer spins
 * about 2 us, then sets "reader waiting", fences, looks again and sleeps on the semaphore in slices, checking between
 * slices that the peer is alive and has not closed. The creator unlinks the segment and both semaphores as soon as
 * the attacher has attached (its pid is set), so nothing is left in /dev/shm on any later exit path.
 */
public final class RingDescriptor {
    private RingDescriptor() {}

    /** The bytes "MPBRING1" read as a little-endian u64. */
    public static final long MAGIC = 0x31474e495242504dL;
    public static final int MAGIC_OFFSET = 0;
    public static final int CAPACITY_OFFSET = 8;
    public static final int CREATOR_PID_OFFSET = 16;
    public static final int ATTACHER_PID_OFFSET = 20;
    public static final int CREATOR_CLOSED_OFFSET = 24;
    public static final int ATTACHER_CLOSED_OFFSET = 28;
    public static final int RING0_CONTROL = 64;
    public static final int RING1_CONTROL = 256;
    public static final int WRITE_POSITION = 0;
    public static final int READ_POSITION = 64;
    public static final int READER_WAITING = 128;
    public static final int DATA_OFFSET = 512;

    public static long segmentSize(long capacity) {
        return DATA_OFFSET + 2 * capacity;
    }

    public static int control(int ring) {
        return ring == 0 ? RING0_CONTROL : RING1_CONTROL;
    }

    public static long data(int ring, long capacity) {
        return DATA_OFFSET + ring * capacity;
    }

    public static String semaphore(String name, int ring) {
        return "/" + name + ".r" + ring;
    }
}
