package org.mpbridge.internal.posix;

import com.sun.jna.Native;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;

/**
 * errno values and their Java exceptions, mirroring CPython's {@code OSError} subclasses:
 * ENOENT → {@link NoSuchFileException} ({@code FileNotFoundError}), EEXIST → {@link FileAlreadyExistsException}
 * ({@code FileExistsError}), EACCES/EPERM → {@link AccessDeniedException} ({@code PermissionError}), anything
 * else → {@link IOException}. Messages carry CPython's {@code [Errno 2] No such file or directory} and the name.
 */
public final class Errno {
    private Errno() {}

    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int EINTR = 4;
    public static final int EAGAIN = 11;
    public static final int ENOMEM = 12;
    public static final int EACCES = 13;
    public static final int EEXIST = 17;
    public static final int EINVAL = 22;
    public static final int ENAMETOOLONG = 36;
    public static final int EOVERFLOW = 75;
    public static final int ETIMEDOUT = 110;

    /** errno of the last failed call on this thread; read it before any other native call. */
    public static int last() {
        return Native.getLastError();
    }

    public static String describe(int errno) {
        String text = LibC.strerror(errno);
        return "[Errno " + errno + "] " + (text == null ? "error " + errno : text);
    }

    /** The exception CPython would raise for {@code errno} on {@code what} (a name or path). */
    public static IOException exception(int errno, String what) {
        String reason = describe(errno);
        switch (errno) {
            case ENOENT:
                return new NoSuchFileException(what, null, reason);
            case EEXIST:
                return new FileAlreadyExistsException(what, null, reason);
            case EACCES:
            case EPERM:
                return new AccessDeniedException(what, null, reason);
            default:
                return new IOException(reason + ": '" + what + "'");
        }
    }
}
