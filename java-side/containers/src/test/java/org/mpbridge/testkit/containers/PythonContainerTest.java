package org.mpbridge.testkit.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mpbridge.connection.Address;
import org.mpbridge.connection.Client;
import org.mpbridge.connection.Connection;
import org.mpbridge.pickle.PyTuple;
import org.mpbridge.testkit.PythonInterpreter;
import org.mpbridge.testkit.PythonInterpreters;
import org.opentest4j.TestAbortedException;

/** {@link PythonContainer} used directly, as a plain Testcontainers container (the docs' example). */
@Timeout(120)
class PythonContainerTest {
    static String version;

    @BeforeAll
    static void engineAndImage() {
        String why = new TestcontainersLauncher().unavailable();
        if (why != null) {
            if ("1".equals(System.getenv("MPBRIDGE_REQUIRE_DOCKER"))) throw new AssertionError(why);
            throw new TestAbortedException(why);
        }
        List<PythonInterpreter> found = PythonInterpreters.all();
        if (found.isEmpty()) throw new TestAbortedException("no CPython 3.8-3.13 found");
        version = found.get(found.size() - 1).minor();
    }

    static Path pythonSource() {
        String repo = System.getenv("MPBRIDGE_REPO");
        return Path.of(repo == null ? "../.." : repo, "python-side", "src").toAbsolutePath().normalize();
    }

    @Test
    void aListenerInTheContainerAnswersOnTheHostNetwork() throws IOException {
        try (PythonContainer py = new PythonContainer(version).withPythonSource(pythonSource())
                .withPeer("-m", "mpbridge.peers.echo_listener", "tcp:127.0.0.1:0", "--pickle").waitingForReady()) {
            py.start();
            assertThat(py.getDockerImageName()).startsWith(PythonContainer.REPOSITORY + ":" + version);
            try (Connection c = Client.connect(Address.parse(py.readyAddress()), null)) {
                c.send(PyTuple.of("Dave", "123"));
                assertThat(c.recv()).isEqualTo(PyTuple.of("Dave", "123"));
            }
        }
    }

    @Test
    void aVersionWithoutAnImageNamesWhatWasTriedAndWhatThereIs() {
        assertThatThrownBy(() -> new PythonContainer("3.99.0"))
                .hasMessageContaining("tried mpbridge/python:3.99.0, mpbridge/python:3.99")
                .hasMessageContaining("present: ").hasMessageContaining("make images");
    }
}
