package org.mpbridge.shm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mpbridge.shm.ShareableListDescriptor.Layout;
import org.mpbridge.testing.ShmLeakCheck;
import org.mpbridge.testing.ShmNames;

@ExtendWith(ShmLeakCheck.class)
class ShareableListTest {
    @Test
    void attachDetectsEitherLayout() throws Exception {
        for (Layout layout : Layout.values()) {
            String name = ShmNames.segment();
            try (ShareableList made = ShareableList.create(name, List.of(7L, "seven"), layout);
                 ShareableList seen = ShareableList.attach(name)) {
                try {
                    assertThat(seen.layout()).isEqualTo(layout);
                    assertThat(seen.toList()).containsExactly(7L, "seven");
                    seen.set(0, "x");
                    assertThat(made.get(0)).isEqualTo("x");
                } finally {
                    made.unlink();
                }
            }
        }
    }

    @Test
    void javaTypesAreNormalisedAndNegativeIndexesWork() throws Exception {
        try (ShareableList sl = ShareableList.create(ShmNames.segment(), Arrays.asList(1, (short) 2, 1.5f, BigInteger.TEN, null))) {
            try {
                assertThat(sl.toList()).containsExactly(1L, 2L, 1.5d, 10L, null);
                assertThat(sl.get(-1)).isNull();
                sl.set(-2, true);
                assertThat(sl.get(3)).isEqualTo(true);
                assertThat(sl.name()).startsWith(ShmNames.RUN);
            } finally {
                sl.unlink();
            }
        }
    }

    @Test
    void badInputGetsClearErrors() throws Exception {
        try (ShareableList sl = ShareableList.create(null, List.of("abc"))) {
            try {
                assertThat(sl.name()).matches("psm_[0-9a-f]{8}");
                assertThatThrownBy(() -> sl.get(1)).isInstanceOf(IndexOutOfBoundsException.class).hasMessageContaining("index out of range");
                assertThatThrownBy(() -> sl.set(-2, 1)).isInstanceOf(IndexOutOfBoundsException.class);
                assertThatThrownBy(() -> sl.set(0, new Object())).isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("int, float, bool, str, bytes and None");
                assertThatThrownBy(() -> sl.set(0, BigInteger.TWO.pow(64))).isInstanceOf(IllegalArgumentException.class);
                assertThatThrownBy(() -> sl.set(0, "123456789")).isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("exceeds available storage");
            } finally {
                sl.unlink();
            }
        }
    }

    @Test
    void aSegmentThatIsNotAListIsRefused() throws Exception {
        String name = ShmNames.segment();
        try (SharedMemory shm = SharedMemory.create(name, 64)) {
            try {
                shm.putLong(0, 1000);
                assertThatThrownBy(() -> ShareableList.wrap(shm)).isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("is not a ShareableList");
                shm.putLong(0, 2);
                shm.putLong(8, 0);
                shm.putLong(16, 8);
                shm.putLong(24, 1 << 20);
                assertThatThrownBy(() -> ShareableList.wrap(shm)).isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("need");
            } finally {
                shm.unlink();
            }
        }
    }
}
