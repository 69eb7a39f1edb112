package org.mpbridge.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A Java child on Pipes.stdio() that println()s: the text goes to its stderr, the pipe stays clean. */
class PipesStdioTest {
    /** The child: println before and after sending; echoes one message. */
    public static final class PrintingChild {
        public static void main(String[] args) throws Exception {
            try (Connection c = Pipes.stdio()) {
                System.out.println("a stray println after Pipes.stdio()");
                Object got = c.recv();
                System.out.println("got " + got);
                c.send(List.of("echo", got));
            }
        }
    }

    @Test
    void systemOutGoesToStderrOnceStdioIsThePipe() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = List.of(java, "-cp", System.getProperty("java.class.path"), PrintingChild.class.getName());
        try (ChildProcess child = ChildProcess.start(command)) {
            child.connection().send("hello");
            assertThat(child.connection().recv(Duration.ofSeconds(60))).isEqualTo(List.of("echo", "hello"));
            assertThat(child.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(child.stderr()).contains("a stray println after Pipes.stdio()", "got hello");
        }
    }
}
