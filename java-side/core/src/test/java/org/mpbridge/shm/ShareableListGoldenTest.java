package org.mpbridge.shm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mpbridge.testing.ShmLeakCheck;
import org.mpbridge.testing.ShmNames;

/** Java against CPython's own ShareableList bytes, for every version's layout (no Python needed). */
@ExtendWith(ShmLeakCheck.class)
class ShareableListGoldenTest {
    static Stream<ShareableListFixtures.Case> cases() {
        return ShareableListFixtures.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void javaCreatesTheSameBytes(ShareableListFixtures.Case c) throws Exception {
        try (ShareableList sl = ShareableList.create(ShmNames.segment(), c.items(), c.layout())) {
            try {
                assertThat(hex(sl)).isEqualTo(HexFormat.of().formatHex(c.created()));
            } finally {
                sl.unlink();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void javaSetsTheSameBytesAndErrors(ShareableListFixtures.Case c) throws Exception {
        try (ShareableList sl = ShareableList.create(ShmNames.segment(), c.items(), c.layout())) {
            try {
                for (ShareableListFixtures.Set s : c.sets()) {
                    if (s.error() != null) {
                        assertThat(s.error()).isEqualTo("ValueError");
                        assertThatThrownBy(() -> sl.set(s.index(), s.value()))
                                .isInstanceOf(IllegalArgumentException.class)
                                .hasMessageContaining("bytes/str item exceeds available storage");
                    } else {
                        sl.set(s.index(), s.value());
                    }
                    assertThat(hex(sl)).as("after sl[%d] = %s", s.index(), s.value()).isEqualTo(HexFormat.of().formatHex(s.after()));
                }
                assertThat(sl.format()).isEqualTo(c.format());
                assertReads(sl, c.reads());
            } finally {
                sl.unlink();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void javaReadsPythonsSegment(ShareableListFixtures.Case c) throws Exception {
        byte[] finalBytes = c.sets().isEmpty() ? c.created() : c.sets().get(c.sets().size() - 1).after();
        String name = ShmNames.segment();
        try (SharedMemory shm = SharedMemory.create(name, finalBytes.length)) {
            try {
                shm.putBytes(0, finalBytes);
                ShareableList sl = ShareableList.wrap(shm);
                assertThat(sl.layout()).isEqualTo(c.layout());
                assertThat(sl.size()).isEqualTo(c.reads().size());
                assertThat(sl.format()).isEqualTo(c.format());
                assertReads(sl, c.reads());
            } finally {
                shm.unlink();
            }
        }
    }

    private static void assertReads(ShareableList sl, List<Object> reads) {
        for (int i = 0; i < reads.size(); i++) {
            Object expected = reads.get(i);
            int index = i;
            if (expected instanceof ShareableListFixtures.Error) {
                assertThat(((ShareableListFixtures.Error) expected).name()).isEqualTo("UnicodeDecodeError");
                assertThatThrownBy(() -> sl.get(index)).isInstanceOf(IllegalStateException.class).hasMessageContaining("UTF-8");
            } else if (expected instanceof Double) {
                assertThat(Double.doubleToRawLongBits((Double) sl.get(i))).as("item %d", i)
                        .isEqualTo(Double.doubleToRawLongBits((Double) expected));
            } else {
                assertThat(sl.get(i)).as("item %d", i).isEqualTo(expected);
            }
        }
    }

    private static String hex(ShareableList sl) {
        return HexFormat.of().formatHex(sl.shm().getBytes(0, (int) sl.shm().size()));
    }
}
