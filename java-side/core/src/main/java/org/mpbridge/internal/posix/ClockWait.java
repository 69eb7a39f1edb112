package org.mpbridge.internal.posix;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * {@code sem_clockwait} (glibc 2.30+): a wait against {@code CLOCK_MONOTONIC}, immune to wall-clock jumps.
 * {@link #AVAILABLE} is false on an older libc; callers then fall back to {@link LibC#sem_timedwait}.
 */
public final class ClockWait {
    private ClockWait() {}

    public static final boolean AVAILABLE;

    static {
        boolean ok;
        try {
            LibC.load();
            Native.register(ClockWait.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
            ok = true;
        } catch (UnsatisfiedLinkError e) {
            ok = false;
        }
        AVAILABLE = ok;
    }

    public static native int sem_clockwait(Pointer sem, int clockid, long[] abs);
}
