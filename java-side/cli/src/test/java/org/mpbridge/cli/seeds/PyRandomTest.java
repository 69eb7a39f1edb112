package org.mpbridge.cli.seeds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The expected numbers are CPython's (3.8-3.13 agree): {@code random.seed(n)} then the draws shown. */
class PyRandomTest {
    @Test
    void randintAfterSeedIsCPythons() {
        PyRandom r = new PyRandom(1);
        List<Long> got = new ArrayList<>();
        for (int i = 0; i < 5; i++) got.add(r.randint(1, 1000));
        assertThat(got).containsExactly(138L, 583L, 868L, 822L, 783L);  // [random.randint(1,1000) for _ in range(5)]
    }

    @Test
    void getrandbitsAfterSeedIsCPythons() {
        PyRandom r = new PyRandom(1);
        assertThat(List.of(r.getrandbits(32), r.getrandbits(32), r.getrandbits(32)))
                .containsExactly(577090037L, 2444712010L, 3639700191L);
    }

    @Test
    void aSeedOfTwoWordsAndAFullTwistAreCPythons() {
        PyRandom r = new PyRandom(12345678901L);  // key of two 32-bit words; 700 draws pass the 624-word twist
        List<Long> all = new ArrayList<>();
        for (int i = 0; i < 700; i++) all.add(r.randint(100, 800));
        assertThat(all.subList(697, 700)).containsExactly(247L, 780L, 461L);
    }

    @Test
    void randomAfterSeedIsCPythons() {
        PyRandom r = new PyRandom(1);
        assertThat(List.of(r.random(), r.random(), r.random()))
                .containsExactly(0.13436424411240122, 0.8474337369372327, 0.763774618976614);
    }

    @Test
    void anEmptyRangeIsRefusedAsCPythonRefusesIt() {
        assertThatThrownBy(() -> new PyRandom(1).randint(1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
