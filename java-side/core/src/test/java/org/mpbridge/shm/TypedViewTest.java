package org.mpbridge.shm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mpbridge.testing.ShmLeakCheck;
import org.mpbridge.testing.ShmNames;

@ExtendWith(ShmLeakCheck.class)
class TypedViewTest {
    @Test
    void viewsAreLittleEndianAtTheirOffsets() throws Exception {
        try (SharedMemory shm = SharedMemory.create(ShmNames.segment(), 40)) {
            try {
                new Int32View(shm, 0, 2).set(1, 0x11223344);
                new Int64View(shm, 8, 1).set(0, -2);
                Float64View d = Float64View.of(shm, 16);
                assertThat(d.length()).isEqualTo(3);
                d.set(0, 1.5);
                assertThat(HexFormat.of().formatHex(shm.getBytes(0, 24)))
                        .isEqualTo("00000000" + "44332211" + "feffffffffffffff" + "000000000000f83f");
                assertThat(new Int32View(shm, 0, 2).toArray()).containsExactly(0, 0x11223344);
                assertThat(Int64View.of(shm, 8).get(0)).isEqualTo(-2);
                assertThat(d.toArray()).containsExactly(1.5, 0, 0);
            } finally {
                shm.unlink();
            }
        }
    }

    @Test
    void viewsMustFit() throws Exception {
        try (SharedMemory shm = SharedMemory.create(ShmNames.segment(), 16)) {
            try {
                assertThatThrownBy(() -> new Int64View(shm, 8, 2)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exceed");
                Int32View v = new Int32View(shm, 0, 4);
                assertThatThrownBy(() -> v.get(4)).isInstanceOf(IndexOutOfBoundsException.class);
            } finally {
                shm.unlink();
            }
        }
    }
}
