package org.mpbridge.sem;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mpbridge.testing.ShmLeakCheck;
import org.mpbridge.testing.ShmNames;
import sun.misc.Signal;

/**
 * EINTR: a handled signal delivered to the waiting thread makes {@code sem_clockwait} return EINTR (it is never
 * restarted); the wait must neither fail nor end early.
 */
@ExtendWith(ShmLeakCheck.class)
class InterruptedBySignalsTest {
    /** SIGURG on Linux: ignored by default, unused by HotSpot; a handler makes it interrupt system calls. */
    static final int SIGURG = 23;

    static final class PThread {
        static {
            Native.register(NativeLibrary.getInstance("c"));
        }

        static native long pthread_self();

        static native int pthread_kill(long thread, int sig);
    }

    @Test
    void waitsSurviveSignals() throws Exception {
        AtomicInteger handled = new AtomicInteger();
        Signal.handle(new Signal("URG"), s -> handled.incrementAndGet());
        String name = ShmNames.semaphore();
        try (NamedSemaphore sem = NamedSemaphore.create(name, 0)) {
            try {
                CountDownLatch ready = new CountDownLatch(1);
                long[] thread = new long[1];
                CompletableFuture<Long> waited = CompletableFuture.supplyAsync(() -> {
                    thread[0] = PThread.pthread_self();
                    ready.countDown();
                    long t0 = System.nanoTime();
                    try {
                        assertThat(sem.tryAcquire(400, TimeUnit.MILLISECONDS)).isFalse();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    return System.nanoTime() - t0;
                });
                ready.await();
                while (!waited.isDone()) {
                    assertThat(PThread.pthread_kill(thread[0], SIGURG)).isZero();
                    Thread.sleep(5); // pacing the signals; the wait itself is what is measured
                }
                assertThat(waited.get(10, TimeUnit.SECONDS)).isGreaterThanOrEqualTo(Duration.ofMillis(400).toNanos());
                assertThat(handled.get()).isPositive();
            } finally {
                sem.unlink();
            }
        }
    }
}
