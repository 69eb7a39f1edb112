package org.mpbridge.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** MPBRIDGE_PYTHONS replaces discovery: a JVM started with it sees exactly those interpreters, nothing from pyenv. */
class PinnedInterpretersTest {
    /** Prints the paths discovery found, one per line. */
    public static final class Print {
        public static void main(String[] args) {
            PythonInterpreters.all().forEach(p -> System.out.println(p.path()));
        }
    }

    @Test
    void mpbridgePythonsIsTheWholeList() throws Exception {
        List<PythonInterpreter> all = PythonInterpreters.all();
        if (all.isEmpty()) throw new org.opentest4j.TestAbortedException("no CPython found to pin");
        String pinned = all.get(0).path().toString();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Print.class.getName());
        pb.environment().put("MPBRIDGE_PYTHONS", pinned);
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(out.lines().toList()).containsExactly(pinned);
    }
}
