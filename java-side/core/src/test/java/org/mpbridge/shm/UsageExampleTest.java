package org.mpbridge.shm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mpbridge.sem.Lock;
import org.mpbridge.testing.ShmLeakCheck;
import org.mpbridge.testing.ShmNames;

/** The Java example of docs/shm-and-semaphores.md, compiled and run (names made unique). */
@ExtendWith(ShmLeakCheck.class)
class UsageExampleTest {
    @Test
    void theDocumentedExampleWorks() throws Exception {
        String demo = ShmNames.segment();
        try (SharedMemory shm = SharedMemory.create(demo, 4096)) {
            Int64View counters = Int64View.of(shm, 0);
            try (Lock lock = Lock.create("/" + demo + ".lock")) {
                try (Lock.Held held = lock.hold()) {
                    counters.set(0, counters.get(0) + 1);
                }
                lock.unlink();
            }
            assertThat(counters.get(0)).isEqualTo(1);
            shm.unlink();
        }
        try (ShareableList sl = ShareableList.create(ShmNames.segment(), List.of(1L, 2.5, "hi", "x".getBytes(), true))) {
            sl.set(0, "now str");
            assertThat(sl.get(0)).isEqualTo("now str");
            sl.unlink();
        }
        try (SharedCValue money = SharedCValue.create(ShmNames.segment(), 'i', 5000)) {
            assertThat(money.addAndGet(-300)).isEqualTo(4700);
            money.unlink();
        }
    }
}
