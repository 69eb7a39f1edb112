package org.mpbridge.shm;

import com.sun.jna.Pointer;
import java.io.IOException;
import java.util.Objects;
import org.mpbridge.internal.posix.Errno;
import org.mpbridge.internal.posix.LibC;

/**
 * A {@code MAP_SHARED} mapping made with {@code mmap(2)} and removed with {@code munmap(2)} on {@link #close()}:
 * deterministic (no waiting for the GC, unlike {@code MappedByteBuffer}) and addressed with {@code long} offsets,
 * so regions over 2 GiB work. Multi-byte accessors use the native byte order, as CPython's {@code struct} native
 * mode ({@code @}) and {@code ctypes} do; the typed views ({@link Int32View} ...) are explicitly little-endian.
 *
 * <p>Every access is bounds-checked and fails with {@link IllegalStateException} after {@link #close()}. Closing
 * while another thread is still reading or writing is a caller error (CPython refuses it with
 * {@code BufferError}); coordinate the last access and the close.
 */
public abstract class MappedRegion implements AutoCloseable {
    private final Pointer base;
    private final long size;
    private final String what;
    private volatile boolean closed;

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
        if (closed) throw new IllegalStateException(what + " is closed");
        Objects.checkFromIndexSize(offset, width, size);
        return offset;
    }

    public final byte getByte(long offset) {
        return base.getByte(check(offset, 1));
    }

    public final void putByte(long offset, byte value) {
        base.setByte(check(offset, 1), value);
    }

    public final short getShort(long offset) {
        return base.getShort(check(offset, 2));
    }

    public final void putShort(long offset, short value) {
        base.setShort(check(offset, 2), value);
    }

    public final int getInt(long offset) {
        return base.getInt(check(offset, 4));
    }

    public final void putInt(long offset, int value) {
        base.setInt(check(offset, 4), value);
    }

    public final long getLong(long offset) {
        return base.getLong(check(offset, 8));
    }

    public final void putLong(long offset, long value) {
        base.setLong(check(offset, 8), value);
    }

    public final float getFloat(long offset) {
        return base.getFloat(check(offset, 4));
    }

    public final void putFloat(long offset, float value) {
        base.setFloat(check(offset, 4), value);
    }

    public final double getDouble(long offset) {
        return base.getDouble(check(offset, 8));
    }

    public final void putDouble(long offset, double value) {
        base.setDouble(check(offset, 8), value);
    }

    public final byte[] getBytes(long offset, int length) {
        byte[] out = new byte[length];
        base.read(check(offset, length), out, 0, length);
        return out;
    }

    public final void putBytes(long offset, byte[] src) {
        putBytes(offset, src, 0, src.length);
    }

    public final void putBytes(long offset, byte[] src, int from, int length) {
        Objects.checkFromIndexSize(from, length, src.length);
        base.write(check(offset, length), src, from, length);
    }

    /** Sets {@code length} bytes from {@code offset} to {@code value}. */
    public final void fill(long offset, long length, byte value) {
        base.setMemory(check(offset, length), length, value);
    }

    /** {@code msync(MS_SYNC)}: what Python's {@code mmap.flush()} does. */
    public final void flush() throws IOException {
        check(0, 0);
        if (LibC.msync(base, size, LibC.MS_SYNC) != 0) {
            throw Errno.exception(Errno.last(), what);
        }
    }

    /** Unmaps; idempotent. Later accesses throw {@link IllegalStateException}. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) return;
            closed = true;
        }
        LibC.munmap(base, size);
    }

    final String what() {
        return what;
    }
}
