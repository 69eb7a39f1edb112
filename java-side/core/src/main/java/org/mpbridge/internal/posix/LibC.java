package org.mpbridge.internal.posix;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * glibc, direct-mapped: {@code shm_*}, {@code mmap}, {@code sem_*} (the hot semaphore calls cost about 120 ns
 * this way against about 350 ns through interface mapping). Constants are the Linux values (x86-64 and aarch64
 * share them), named as in the C headers.
 */
public final class LibC {
    private LibC() {}

    public static final int O_RDONLY = 0;
    public static final int O_RDWR = 2;
    public static final int O_CREAT = 0100;
    public static final int O_EXCL = 0200;
    public static final int PROT_READ = 1;
    public static final int PROT_WRITE = 2;
    public static final int MAP_SHARED = 1;
    public static final int MS_SYNC = 4;
    public static final int SEEK_END = 2;
    public static final int CLOCK_REALTIME = 0;
    public static final int CLOCK_MONOTONIC = 1;

    static {
        if (!Platform.isLinux()) {
            throw new UnsupportedOperationException("POSIX shared memory and named semaphores through glibc: Linux only, not "
                    + System.getProperty("os.name"));
        }
        Native.register(NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
    }

    /** Forces the library to load (and fail early, with the reason, on an unsupported platform). */
    public static void load() {
        // the static initialiser did the work
    }

    public static native int shm_open(String name, int oflag, int mode);

    public static native int shm_unlink(String name);

    public static native int ftruncate(int fd, long length);

    public static native long lseek(int fd, long offset, int whence);

    public static native Pointer mmap(Pointer addr, long length, int prot, int flags, int fd, long offset);

    public static native int munmap(Pointer addr, long length);

    public static native int msync(Pointer addr, long length, int flags);

    public static native int close(int fd);

    public static native String strerror(int errnum);

    /** {@code ts} receives {@code {tv_sec, tv_nsec}}. */
    public static native int clock_gettime(int clockid, long[] ts);

    public static native int sem_post(Pointer sem);

    public static native int sem_trywait(Pointer sem);

    /** {@code abs} is a {@code struct timespec} as {@code {tv_sec, tv_nsec}} (LP64). */
    public static native int sem_timedwait(Pointer sem, long[] abs);

    public static native int sem_getvalue(Pointer sem, int[] value);

    public static native int sem_close(Pointer sem);

    public static native int sem_unlink(String name);

    /** The variadic functions: direct mapping cannot pass C varargs. */
    public interface Variadic extends Library {
        Variadic INSTANCE = Native.load(Platform.C_LIBRARY_NAME, Variadic.class);

        /** {@code sem_open(name, oflag)} or {@code sem_open(name, oflag, mode, value)}; {@code null} is SEM_FAILED. */
        Pointer sem_open(String name, int oflag, Object... modeAndValue);

        int open(String path, int flags, Object... mode);
    }
}
