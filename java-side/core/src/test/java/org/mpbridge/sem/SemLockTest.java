package org.mpbridge.sem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mpbridge.testing.ShmLeakCheck;
import org.mpbridge.testing.ShmNames;

@ExtendWith(ShmLeakCheck.class)
class SemLockTest {
    @Test
    void lockRefusesADoubleRelease() throws Exception {
        String name = ShmNames.semaphore();
        try (Lock lock = Lock.create(name); Lock other = Lock.open(name)) {
            try {
                assertThat(lock.kind()).isEqualTo(SemLock.SEMAPHORE);
                assertThat(lock.acquire(false, null)).isTrue();
                assertThat(other.tryAcquire(Duration.ofMillis(60))).isFalse();
                other.release(); // not owned: anyone may release a Lock, as in CPython
                assertThatThrownBy(lock::release).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("semaphore or lock released too many times");
                try (SemLock.Held held = other.hold()) {
                    assertThat(lock.isZero()).isTrue();
                }
                assertThat(lock.getValue()).isEqualTo(1);
            } finally {
                lock.unlink();
            }
        }
    }

    @Test
    void boundedSemaphoreStopsAtItsValue() throws Exception {
        String name = ShmNames.semaphore();
        try (BoundedSemaphore s = BoundedSemaphore.create(name, 2)) {
            try {
                assertThat(s.maxvalue()).isEqualTo(2);
                s.acquire();
                s.release();
                assertThatThrownBy(s::release).isInstanceOf(IllegalStateException.class);
                try (BoundedSemaphore opened = BoundedSemaphore.open(name, 2)) {
                    assertThat(opened.getValue()).isEqualTo(2);
                }
            } finally {
                s.unlink();
            }
        }
    }

    @Test
    void rlockOwnershipIsLocalAsInCPython() throws Exception {
        String name = ShmNames.semaphore();
        try (SemLock mine = SemLock.rlock(name); SemLock theirs = SemLock.rebuild(name, SemLock.RECURSIVE_MUTEX, 1)) {
            try {
                mine.acquire();
                mine.acquire();
                assertThat(mine.count()).isEqualTo(2);
                assertThat(mine.isMine()).isTrue();
                assertThat(theirs.isMine()).isFalse();
                assertThat(theirs.acquire(false, null)).as("another holder sees a semaphore at 0").isFalse();
                assertThatThrownBy(theirs::release).isInstanceOf(IllegalMonitorStateException.class)
                        .hasMessageContaining("attempt to release recursive lock not owned by thread");
                boolean otherThreadGot = CompletableFuture.supplyAsync(() -> {
                    try {
                        return mine.acquire(true, Duration.ofMillis(50));
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                }).get(10, TimeUnit.SECONDS);
                assertThat(otherThreadGot).as("ownership is per thread").isFalse();
                mine.release();
                assertThat(mine.getValue()).as("only the last release posts").isZero();
                mine.release();
                assertThat(mine.getValue()).isEqualTo(1);
            } finally {
                mine.unlink();
            }
        }
    }

    @Test
    void semaphoreHasNoPracticalBound() throws Exception {
        String name = ShmNames.semaphore();
        try (SemLock s = SemLock.semaphore(name, 0)) {
            try {
                assertThat(s.maxvalue()).isEqualTo(SemLock.SEM_VALUE_MAX);
                for (int i = 0; i < 5; i++) s.release();
                assertThat(s.getValue()).isEqualTo(5);
                assertThatThrownBy(() -> SemLock.create(ShmNames.semaphore(), 7, 1, 1)).isInstanceOf(IllegalArgumentException.class);
            } finally {
                s.unlink();
            }
        }
    }
}
