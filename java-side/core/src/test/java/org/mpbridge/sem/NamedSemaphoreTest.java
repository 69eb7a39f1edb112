package org.mpbridge.sem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mpbridge.testing.ShmLeakCheck;
import org.mpbridge.testing.ShmNames;

@ExtendWith(ShmLeakCheck.class)
class NamedSemaphoreTest {
    @Test
    void createOpenPostWaitValueUnlink() throws Exception {
        String name = ShmNames.semaphore();
        try (NamedSemaphore a = NamedSemaphore.create(name, 2); NamedSemaphore b = NamedSemaphore.open(name)) {
            try {
                assertThat(Path.of("/dev/shm", "sem." + name.substring(1))).exists();
                assertThat(b.value()).isEqualTo(2);
                assertThat(a.tryAcquire()).isTrue();
                assertThat(b.tryAcquire(1, TimeUnit.SECONDS)).isTrue();
                assertThat(b.tryAcquire()).isFalse();
                long t0 = System.nanoTime();
                assertThat(a.tryAcquire(120, TimeUnit.MILLISECONDS)).isFalse();
                assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(120));
                b.release();
                assertThat(a.value()).isEqualTo(1);
            } finally {
                a.unlink();
            }
            assertThat(Path.of("/dev/shm", "sem." + name.substring(1))).doesNotExist();
        }
    }

    @Test
    void errorsMirrorCPython() throws Exception {
        String name = ShmNames.semaphore();
        assertThatThrownBy(() -> NamedSemaphore.open(name)).isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> NamedSemaphore.unlink(name)).isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> NamedSemaphore.create("no-slash", 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NamedSemaphore.create("/a/b", 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NamedSemaphore.create(name, -1)).isInstanceOf(IllegalArgumentException.class);
        try (NamedSemaphore s = NamedSemaphore.create(name, 0)) {
            assertThatThrownBy(() -> NamedSemaphore.create(name, 0)).isInstanceOf(FileAlreadyExistsException.class);
            s.unlink();
            s.close();
            assertThatThrownBy(s::release).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        }
    }

    @Test
    void aBlockedWaitIsCancelledByInterrupt() throws Exception {
        String name = ShmNames.semaphore();
        try (NamedSemaphore s = NamedSemaphore.create(name, 0)) {
            try {
                CountDownLatch started = new CountDownLatch(1);
                AtomicReference<Throwable> outcome = new AtomicReference<>();
                Thread waiter = new Thread(() -> {
                    started.countDown();
                    try {
                        s.acquire();
                        outcome.set(new AssertionError("acquired a semaphore at 0"));
                    } catch (Throwable e) {
                        outcome.set(e);
                    }
                });
                waiter.start();
                started.await();
                waiter.interrupt();
                waiter.join(5_000);
                assertThat(waiter.isAlive()).isFalse();
                assertThat(outcome.get()).isInstanceOf(InterruptedException.class);
            } finally {
                s.unlink();
            }
        }
    }

    @Test
    void aPostWakesAWaiterAtOnce() throws Exception {
        String name = ShmNames.semaphore();
        try (NamedSemaphore s = NamedSemaphore.create(name, 0); NamedSemaphore other = NamedSemaphore.open(name)) {
            try {
                CompletableFuture<Boolean> got = CompletableFuture.supplyAsync(() -> {
                    try {
                        return s.tryAcquire(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                });
                other.release();
                assertThat(got.get(10, TimeUnit.SECONDS)).isTrue();
            } finally {
                s.unlink();
            }
        }
    }

    @Test
    void theLeakCheckSeesSemaphores() throws Exception {
        String name = ShmNames.semaphore();
        try (NamedSemaphore s = NamedSemaphore.create(name, 0)) {
            assertThat(Files.exists(Path.of("/dev/shm/sem." + name.substring(1)))).isTrue();
            s.unlink();
        }
    }
}
