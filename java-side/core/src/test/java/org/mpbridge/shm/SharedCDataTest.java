package org.mpbridge.shm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mpbridge.testing.ShmLeakCheck;
import org.mpbridge.testing.ShmNames;

@ExtendWith(ShmLeakCheck.class)
class SharedCDataTest {
    @Test
    void valueSeedAcrossAttachments() throws Exception {
        String name = ShmNames.segment();
        try (SharedCValue money = SharedCValue.create(name, 'i', 5000)) {
            try {
                assertThat(money.shm().size()).isEqualTo(4);
                assertThat(money.getLock().name()).isEqualTo("/" + name + ".lock");
                // separate attachments stand in for separate processes: each has its own lock handle
                List<Thread> threads = new ArrayList<>();
                List<Throwable> errors = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    int delta = t % 2 == 0 ? 3 : -1;
                    Thread th = new Thread(() -> {
                        try (SharedCValue mine = SharedCValue.attach(name, 'i')) {
                            for (int i = 0; i < 500; i++) mine.addAndGet(delta);
                        } catch (Throwable e) {
                            synchronized (errors) {
                                errors.add(e);
                            }
                        }
                    });
                    threads.add(th);
                    th.start();
                }
                for (Thread th : threads) th.join(60_000);
                assertThat(errors).isEmpty();
                assertThat(money.get()).isEqualTo(5000L + 2 * 500 * 3 - 2 * 500);
            } finally {
                money.unlink();
            }
        }
    }

    @Test
    void arraySeed() throws Exception {
        String name = ShmNames.segment();
        try (SharedCArray shm = SharedCArray.create(name, 'i', List.of(1, 2, 3, 4, 5))) {
            try (SharedCArray child = SharedCArray.attach(name, 'i')) {
                assertThat(child.length()).isEqualTo(5);
                child.set(1, 1000);
            } finally {
                assertThat(shm.toList()).containsExactly(1L, 1000L, 3L, 4L, 5L);
                shm.unlink();
            }
        }
    }

    @Test
    void ctypesRangesAreEnforced() throws Exception {
        String name = ShmNames.segment();
        try (SharedCValue v = SharedCValue.create(name, 'Q', BigInteger.TWO.pow(64).subtract(BigInteger.ONE))) {
            try {
                assertThat(v.get()).isEqualTo(BigInteger.TWO.pow(64).subtract(BigInteger.ONE));
                assertThatThrownBy(() -> v.set(-1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not fit");
                assertThatThrownBy(() -> CType.of('z')).isInstanceOf(IllegalArgumentException.class);
            } finally {
                v.unlink();
            }
        }
    }
}
