package org.mpbridge.shm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mpbridge.testing.ShmLeakCheck;
import org.mpbridge.testing.ShmNames;

@ExtendWith(ShmLeakCheck.class)
class SharedMemoryTest {
    @Test
    void createAttachShareBytesAndUnlink() throws Exception {
        String name = ShmNames.segment();
        try (SharedMemory a = SharedMemory.create(name, 100); SharedMemory b = SharedMemory.attach(name)) {
            assertThat(a.name()).isEqualTo(name);
            assertThat(a.size()).isEqualTo(100);
            assertThat(b.size()).isEqualTo(100); // exact on Linux, like CPython
            Path file = Path.of("/dev/shm", name);
            assertThat(Files.size(file)).isEqualTo(100);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            a.putLong(8, 0x1122334455667788L);
            a.putBytes(90, "hello".getBytes());
            assertThat(b.getLong(8)).isEqualTo(0x1122334455667788L);
            assertThat(new String(b.getBytes(90, 5))).isEqualTo("hello");
            a.unlink();
            assertThat(file).doesNotExist();
            assertThat(b.getLong(8)).as("still mapped after unlink").isEqualTo(0x1122334455667788L);
        }
    }

    @Test
    void closingWhileOtherThreadsReadAndWriteNeverFaults() throws Exception {
        String name = ShmNames.segment();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 20; round++) {
                SharedMemory shm = SharedMemory.create(name, 1 << 20);
                shm.unlink();
                CountDownLatch running = new CountDownLatch(4);
                List<CompletableFuture<Throwable>> users = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    users.add(CompletableFuture.supplyAsync(() -> {
                        running.countDown();
                        try {
                            while (true) {
                                shm.putBytes(0, new byte[64 * 1024]);
                                shm.getLong(1 << 19);
                            }
                        } catch (Throwable e) {
                            return e;
                        }
                    }, pool));
                }
                running.await();
                shm.close();  // while they are busy: they must get the exception, the JVM must not fault
                for (CompletableFuture<Throwable> u : users) {
                    assertThat(u.get(30, TimeUnit.SECONDS)).isInstanceOf(IllegalStateException.class)
                            .hasMessageContaining("is closed");
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void randomNamesFollowCPython() throws Exception {
        try (SharedMemory shm = SharedMemory.create(16)) {
            try {
                assertThat(shm.name()).matches("psm_[0-9a-f]{8}");
                assertThat(("/" + shm.name()).length()).isLessThanOrEqualTo(SharedMemory.SHM_SAFE_NAME_LENGTH);
            } finally {
                shm.unlink();
            }
        }
    }

    @Test
    void aLeadingSlashNamesTheSameObject() throws Exception {
        String name = ShmNames.segment();
        try (SharedMemory a = SharedMemory.create("/" + name, 8); SharedMemory b = SharedMemory.attach(name)) {
            assertThat(a.name()).isEqualTo(name);
            a.putLong(0, 42);
            assertThat(b.getLong(0)).isEqualTo(42);
            SharedMemory.unlink("/" + name);
        }
    }

    @Test
    void errorsMirrorCPython() throws Exception {
        String name = ShmNames.segment();
        assertThatThrownBy(() -> SharedMemory.attach(name)).isInstanceOf(NoSuchFileException.class).hasMessageContaining("No such file");
        assertThatThrownBy(() -> SharedMemory.unlink(name)).isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> SharedMemory.create(name, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'size' must be a positive number different from zero");
        assertThatThrownBy(() -> SharedMemory.create(name, -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'size' must be a positive integer");
        assertThatThrownBy(() -> SharedMemory.create("a/b", 8)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SharedMemory.create("", 8)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SharedMemory.create("x".repeat(300), 8)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("too long");
        try (SharedMemory shm = SharedMemory.create(name, 8)) {
            assertThatThrownBy(() -> SharedMemory.create(name, 8)).isInstanceOf(FileAlreadyExistsException.class);
            shm.unlink();
        }
        assertThat(Path.of("/dev/shm", name)).doesNotExist();
    }

    @Test
    void closeUnmapsAtOnceAndLaterAccessFailsCleanly() throws Exception {
        String name = ShmNames.segment();
        SharedMemory shm = SharedMemory.create(name, 4096);
        try {
            shm.close();
            shm.close(); // idempotent
            assertThat(shm.isClosed()).isTrue();
            assertThatThrownBy(() -> shm.getLong(0)).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        } finally {
            SharedMemory.unlink(name);
        }
    }

    @Test
    void boundsAreChecked() throws Exception {
        String name = ShmNames.segment();
        try (SharedMemory shm = SharedMemory.create(name, 10)) {
            try {
                assertThatThrownBy(() -> shm.getLong(3)).isInstanceOf(IndexOutOfBoundsException.class);
                assertThatThrownBy(() -> shm.getByte(-1)).isInstanceOf(IndexOutOfBoundsException.class);
                shm.putLong(2, -1);
                assertThat(shm.getLong(2)).isEqualTo(-1);
            } finally {
                shm.unlink();
            }
        }
    }

    @Test
    void mappingsOver2GiBWork() throws Exception {
        long size = 3L << 30; // sparse on tmpfs: only the touched pages are allocated
        String name = ShmNames.segment();
        try (SharedMemory a = SharedMemory.create(name, size); SharedMemory b = SharedMemory.attach(name)) {
            try {
                assertThat(b.size()).isEqualTo(size);
                a.putLong(size - 8, 0x0123456789abcdefL);
                a.putInt((1L << 31) + 4, 77);
                assertThat(b.getLong(size - 8)).isEqualTo(0x0123456789abcdefL);
                assertThat(b.getInt((1L << 31) + 4)).isEqualTo(77);
                assertThat(Int64View.of(b, 0).length()).isEqualTo(size / 8);
                assertThat(new Int32View(b, size - 4, 1).get(0)).isEqualTo(0x01234567);
            } finally {
                a.unlink();
            }
        }
    }

    @Test
    void attachingAnEmptyObjectIsRefused() throws Exception {
        String name = ShmNames.segment();
        Path file = Files.createFile(Path.of("/dev/shm", name));
        try {
            assertThatThrownBy(() -> SharedMemory.attach(name)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("cannot mmap an empty file");
        } finally {
            Files.delete(file);
        }
    }
}
