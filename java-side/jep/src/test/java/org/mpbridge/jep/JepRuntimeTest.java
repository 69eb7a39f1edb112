package org.mpbridge.jep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a missing Jep looks like: one error naming what is missing and the command that installs it. */
class JepRuntimeTest {
    @Test
    void aCPythonWithoutJepGetsTheInstallCommand(@TempDir Path dir) throws Exception {
        // a real CPython without jep: a bare virtualenv of the project interpreter's base
        Path base = Path.of(run(JepRuntime.interpreter(), "-c", "import sys; print(getattr(sys, '_base_executable', sys.executable))"));
        run(base.toString(), "-m", "venv", "--without-pip", dir.resolve("v").toString());
        String python = dir.resolve("v/bin/python").toString();
        assertThatThrownBy(() -> JepRuntime.probe(python))
                .isInstanceOf(JepUnavailableException.class)
                .hasMessageContaining("Jep is not installed for CPython")
                .hasMessageContaining("-m pip install --no-cache-dir --no-build-isolation jep==" + JepRuntime.JEP_VERSION)
                .hasMessageContaining("JAVA_HOME=");
    }

    @Test
    void aCPythonBelow310IsNamedAsTooOld() {
        Optional<Path> old = olderThan310();
        Assumptions.assumeTrue(old.isPresent(), "no CPython 3.8/3.9 on this machine (pyenv versions, python3.9/3.8 on PATH)");
        assertThatThrownBy(() -> JepRuntime.probe(old.get().toString()))
                .isInstanceOf(JepUnavailableException.class).hasMessageContaining("needs CPython >= 3.10");
    }

    @Test
    void aMissingInterpreterIsNamed() {
        assertThatThrownBy(() -> JepRuntime.probe("/nonexistent/python3"))
                .isInstanceOf(JepUnavailableException.class).hasMessageContaining("/nonexistent/python3").hasMessageContaining("jep==4.3.1");
    }

    private static Optional<Path> olderThan310() {
        String root = System.getenv().getOrDefault("PYENV_ROOT", System.getProperty("user.home") + "/.pyenv");
        try (Stream<Path> versions = Files.list(Path.of(root, "versions"))) {
            Optional<Path> p = versions.filter(v -> v.getFileName().toString().matches("3\\.(8|9)\\..*"))
                    .map(v -> v.resolve("bin/python")).filter(Files::isExecutable).sorted(Comparator.reverseOrder()).findFirst();
            if (p.isPresent()) return p;
        } catch (IOException ignored) {
            // no pyenv
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            for (String name : new String[] {"python3.9", "python3.8"}) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    private static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("timed out: " + String.join(" ", cmd));
        }
        String out = new String(p.getInputStream().readAllBytes()).strip();
        if (p.exitValue() != 0) throw new IllegalStateException(String.join(" ", cmd) + ": " + out);
        return out;
    }
}
