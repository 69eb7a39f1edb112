package org.mpbridge.shm;

import java.io.IOException;
import java.nio.file.Path;
import org.mpbridge.internal.posix.Errno;
import org.mpbridge.internal.posix.LibC;

/**
 * A regular file mapped shared, as Python's {@code mmap.mmap(f.fileno(), length, access=...)} does: the seed's
 * {@code test.dat} exchange, where a writer rewrites the first bytes and {@link #flush() flushes} and a reader maps
 * the same file and reads. Like CPython, a {@code length} larger than the file is refused
 * ({@code ValueError: mmap length is greater than file size}); {@code length} 0 maps the whole file.
 */
public final class MappedFile extends MappedRegion {
    private final Path path;

    private MappedFile(Path path, com.sun.jna.Pointer base, long size, String what) {
        super(base, size, what);
        this.path = path;
    }

    /** {@code access=ACCESS_WRITE} when {@code writable}, else {@code ACCESS_READ}. */
    public static MappedFile open(Path path, long length, boolean writable) throws IOException {
        if (length < 0) throw new IllegalArgumentException("memory mapped length must be positive, got " + length);
        String file = path.toString();
        int fd = LibC.Variadic.INSTANCE.open(file, writable ? LibC.O_RDWR : LibC.O_RDONLY);
        if (fd < 0) throw Errno.exception(Errno.last(), file);
        try {
            long fileSize = LibC.lseek(fd, 0, LibC.SEEK_END);
            if (fileSize < 0) throw Errno.exception(Errno.last(), file);
            if (length == 0) {
                if (fileSize == 0) throw new IllegalArgumentException("cannot mmap an empty file: '" + file + "'");
                length = fileSize;
            } else if (length > fileSize) {
                throw new IllegalArgumentException("mmap length is greater than file size: " + length + " > " + fileSize
                        + " ('" + file + "')");
            }
            return new MappedFile(path, map(fd, length, writable, file), length, "mapping of '" + file + "'");
        } finally {
            LibC.close(fd);
        }
    }

    public Path path() {
        return path;
    }

    @Override
    public String toString() {
        return "MappedFile('" + path + "', size=" + size() + ")";
    }
}
