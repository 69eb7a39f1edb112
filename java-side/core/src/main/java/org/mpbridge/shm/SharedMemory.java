package org.mpbridge.shm;

import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.mpbridge.internal.posix.Errno;
import org.mpbridge.internal.posix.LibC;

/**
 * A POSIX shared memory block, interchangeable with {@code multiprocessing.shared_memory.SharedMemory}
 * (Lib/multiprocessing/shared_memory.py, CPython 3.8-3.13, Linux):
 * <ul>
 *   <li>{@link #name()} is the name Python reports in {@code .name}: no leading slash. The object is
 *       {@code shm_open("/" + name)}, i.e. {@code /dev/shm/<name>}; a name given with one leading slash means
 *       the same object.</li>
 *   <li>{@link #create(long)} picks {@code psm_} + 8 hex digits ({@code _SHM_NAME_PREFIX},
 *       {@code _SHM_SAFE_NAME_LENGTH = 14}), retrying on a clash, as CPython does.</li>
 *   <li>Creation is {@code shm_open(O_CREAT|O_EXCL|O_RDWR, 0600)} + {@code ftruncate(size)}; no rounding on Linux,
 *       so {@link #size()} is exactly what was asked for. Attaching maps the whole object at its current size.</li>
 *   <li>{@link #close()} unmaps at once; {@link #unlink()} is {@code shm_unlink}. Java is invisible to Python's
 *       resource tracker: nothing is registered, nothing is unlinked at exit.</li>
 * </ul>
 * Errors mirror CPython: {@link java.nio.file.NoSuchFileException} for {@code FileNotFoundError},
 * {@link FileAlreadyExistsException} for {@code FileExistsError}, {@link IllegalArgumentException} for
 * {@code ValueError}.
 */
public final class SharedMemory extends MappedRegion {
    /** CPython's {@code _SHM_NAME_PREFIX} (POSIX), without the slash that {@link #name()} never shows. */
    public static final String SHM_NAME_PREFIX = "psm_";
    /** CPython's {@code _SHM_SAFE_NAME_LENGTH}: FreeBSD's limit, counted with the leading slash. */
    public static final int SHM_SAFE_NAME_LENGTH = 14;
    /** Linux {@code NAME_MAX}: the longest name {@code shm_open} accepts. */
    public static final int NAME_MAX = 255;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MODE = 0600;

    private final String name;

    private SharedMemory(String name, Pointer base, long size) {
        super(base, size, "shared memory '" + name + "'");
        this.name = name;
    }

    /** {@code SharedMemory(create=True, size=size)}: a new block with a random {@code psm_} name. */
    public static SharedMemory create(long size) throws IOException {
        checkCreateSize(size);
        while (true) {
            byte[] token = new byte[(SHM_SAFE_NAME_LENGTH - 1 - SHM_NAME_PREFIX.length()) / 2];
            RANDOM.nextBytes(token);
            try {
                return create(SHM_NAME_PREFIX + HexFormat.of().formatHex(token), size);
            } catch (FileAlreadyExistsException clash) {
                // CPython retries the same way
            }
        }
    }

    /** {@code SharedMemory(name, create=True, size=size)}. */
    public static SharedMemory create(String name, long size) throws IOException {
        checkCreateSize(size);
        String bare = bareName(name);
        int fd = LibC.shm_open("/" + bare, LibC.O_CREAT | LibC.O_EXCL | LibC.O_RDWR, MODE);
        if (fd < 0) throw Errno.exception(Errno.last(), bare);
        try {
            if (LibC.ftruncate(fd, size) != 0) throw Errno.exception(Errno.last(), bare);
            return new SharedMemory(bare, map(fd, size, true, bare), size);
        } catch (IOException | RuntimeException e) {
            LibC.shm_unlink("/" + bare);
            throw e;
        } finally {
            LibC.close(fd);
        }
    }

    /** {@code SharedMemory(name)}: attaches to an existing block, whatever its size. */
    public static SharedMemory attach(String name) throws IOException {
        String bare = bareName(name);
        int fd = LibC.shm_open("/" + bare, LibC.O_RDWR, MODE);
        if (fd < 0) throw Errno.exception(Errno.last(), bare);
        try {
            long size = LibC.lseek(fd, 0, LibC.SEEK_END);
            if (size < 0) throw Errno.exception(Errno.last(), bare);
            if (size == 0) throw new IllegalArgumentException("cannot mmap an empty file: shared memory '" + bare + "' has size 0");
            return new SharedMemory(bare, map(fd, size, true, bare), size);
        } finally {
            LibC.close(fd);
        }
    }

    /** {@code shm_unlink}: the block disappears once every mapping of it is gone. */
    public static void unlink(String name) throws IOException {
        String bare = bareName(name);
        if (LibC.shm_unlink("/" + bare) != 0) throw Errno.exception(Errno.last(), bare);
    }

    /** The name as Python's {@code .name} shows it (no leading slash). */
    public String name() {
        return name;
    }

    /** Destroys the block for everyone ({@code SharedMemory.unlink()}); this mapping stays usable until closed. */
    public void unlink() throws IOException {
        unlink(name);
    }

    @Override
    public String toString() {
        return "SharedMemory('" + name + "', size=" + size() + ")";
    }

    private static void checkCreateSize(long size) {
        if (size < 0) throw new IllegalArgumentException("'size' must be a positive integer, got " + size);
        if (size == 0) throw new IllegalArgumentException("'size' must be a positive number different from zero");
    }

    /** The name without its leading slash, validated the way glibc's {@code shm_open} would. */
    static String bareName(String name) {
        if (name == null) throw new NullPointerException("name");
        String bare = name.startsWith("/") ? name.substring(1) : name;
        if (bare.isEmpty() || bare.indexOf('/') >= 0 || bare.indexOf('\0') >= 0 || bare.equals(".") || bare.equals("..")) {
            throw new IllegalArgumentException("invalid shared memory name '" + name
                    + "': it must be non-empty and contain no '/' (other than one leading) or NUL");
        }
        int bytes = bare.getBytes(StandardCharsets.UTF_8).length;
        if (bytes >= NAME_MAX) {
            throw new IllegalArgumentException("shared memory name too long: " + bytes + " bytes, at most " + (NAME_MAX - 1));
        }
        return bare;
    }
}
