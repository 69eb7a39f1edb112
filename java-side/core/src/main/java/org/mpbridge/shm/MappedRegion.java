package org.mpbridge.shm;

import com.sun.jna.Pointer;
import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.mpbridge.internal.posix.Errno;
import org.mpbridge.internal.posix.LibC;

/**
 * A {@code MAP_SHARED} mapping made with {@code mmap(2)} and removed with {@code munmap(2)} on {@link #close()}:
 * deterministic (no waiting for the GC, unlike {@code MappedByteBuffer}) and addressed with {@code long} offsets,
 * so regions over 2 GiB work. Multi-byte accessors use the native byte order, as CPython's {@code struct} native
 * mode ({@code @}) and {@code ctypes} do; the typed views ({@link Int32View} ...) are explicitly little-endian.
 *
 * <p>Every access is bounds-checked and fails with {@link IllegalStateException} after {@link #close()}. A close
 * while other threads are reading or writing waits for those accesses (each one native copy) before it unmaps,
 * so a racing thread gets the exception, never a fault on unmapped memory.
 */
public abstract class MappedRegion implements AutoCloseable {
    private final Pointer base;
    private final long size;
    private final String what;
    private volatile boolean closed;
    /** Accesses in flight; {@link Long#MIN_VALUE} is added once closing starts, so that new ones are refused. */
    private final AtomicLong inFlight = new AtomicLong();

    MappedRegion(Pointer base, long size, String what) {
        this.base = base;
        this.size = size;
        this.what = what;
    }

    /**
     * {@code mmap(NULL, size, PROT_READ|PROT_WRITE (or PROT_READ), MAP_SHARED, fd, 0)}; {@code what} names the
     * object in errors.
     */
    static Pointer map(int fd, long size, boolean writable, String what) throws IOException {
        int prot = writable ? LibC.PROT_READ | LibC.PROT_WRITE : LibC.PROT_READ;
        Pointer p = LibC.mmap(null, size, prot, LibC.MAP_SHARED, fd, 0);
        if (p == null || Pointer.nativeValue(p) == -1L) {
            int errno = Errno.last();
            throw new IOException("mmap of " + size + " bytes failed: " + Errno.describe(errno) + ": '" + what + "'");
        }
        return p;
    }

    /** Size in bytes. */
    public final long size() {
        return size;
    }

    public final boolean isClosed() {
        return closed;
    }

    private long check(long offset, long width) {
        Objects.checkFromIndexSize(offset, width, size);
        return offset;
    }

    private void enter() {
        if (inFlight.incrementAndGet() < 0) {
            inFlight.decrementAndGet();
            throw new IllegalStateException(what + " is closed");
        }
    }

    private void exit() {
        inFlight.decrementAndGet();
    }

    public final byte getByte(long offset) {
        enter();
        try {
            return base.getByte(check(offset, 1));
        } finally {
            exit();
        }
    }

    public final void putByte(long offset, byte value) {
        enter();
        try {
            base.setByte(check(offset, 1), value);
        } finally {
            exit();
        }
    }

    public final short getShort(long offset) {
        enter();
        try {
            return base.getShort(check(offset, 2));
        } finally {
            exit();
        }
    }

    public final void putShort(long offset, short value) {
        enter();
        try {
            base.setShort(check(offset, 2), value);
        } finally {
            exit();
        }
    }

    public final int getInt(long offset) {
        enter();
        try {
            return base.getInt(check(offset, 4));
        } finally {
            exit();
        }
    }

    public final void putInt(long offset, int value) {
        enter();
        try {
            base.setInt(check(offset, 4), value);
        } finally {
            exit();
        }
    }

    public final long getLong(long offset) {
        enter();
        try {
            return base.getLong(check(offset, 8));
        } finally {
            exit();
        }
    }

    public final void putLong(long offset, long value) {
        enter();
        try {
            base.setLong(check(offset, 8), value);
        } finally {
            exit();
        }
    }

    public final float getFloat(long offset) {
        enter();
        try {
            return base.getFloat(check(offset, 4));
        } finally {
            exit();
        }
    }

    public final void putFloat(long offset, float value) {
        enter();
        try {
            base.setFloat(check(offset, 4), value);
        } finally {
            exit();
        }
    }

    public final double getDouble(long offset) {
        enter();
        try {
            return base.getDouble(check(offset, 8));
        } finally {
            exit();
        }
    }

    public final void putDouble(long offset, double value) {
        enter();
        try {
            base.setDouble(check(offset, 8), value);
        } finally {
            exit();
        }
    }

    public final byte[] getBytes(long offset, int length) {
        byte[] out = new byte[length];
        enter();
        try {
            base.read(check(offset, length), out, 0, length);
        } finally {
            exit();
        }
        return out;
    }

    /** Copies {@code length} bytes at {@code offset} into {@code dst} from index {@code from} (no allocation). */
    public final void getBytesInto(long offset, byte[] dst, int from, int length) {
        Objects.checkFromIndexSize(from, length, dst.length);
        enter();
        try {
            base.read(check(offset, length), dst, from, length);
        } finally {
            exit();
        }
    }

    public final void putBytes(long offset, byte[] src) {
        putBytes(offset, src, 0, src.length);
    }

    public final void putBytes(long offset, byte[] src, int from, int length) {
        Objects.checkFromIndexSize(from, length, src.length);
        enter();
        try {
            base.write(check(offset, length), src, from, length);
        } finally {
            exit();
        }
    }

    /** Sets {@code length} bytes from {@code offset} to {@code value}. */
    public final void fill(long offset, long length, byte value) {
        enter();
        try {
            base.setMemory(check(offset, length), length, value);
        } finally {
            exit();
        }
    }

    /** {@code msync(MS_SYNC)}: what Python's {@code mmap.flush()} does. */
    public final void flush() throws IOException {
        enter();
        try {
            if (LibC.msync(base, size, LibC.MS_SYNC) != 0) {
                throw Errno.exception(Errno.last(), what);
            }
        } finally {
            exit();
        }
    }

    /** Unmaps once the accesses in flight are done; idempotent. Later accesses throw {@link IllegalStateException}. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) return;
            closed = true;
        }
        inFlight.addAndGet(Long.MIN_VALUE);
        while (inFlight.get() != Long.MIN_VALUE) Thread.onSpinWait();  // each access is one native copy
        LibC.munmap(base, size);
    }

    final String what() {
        return what;
    }
}
