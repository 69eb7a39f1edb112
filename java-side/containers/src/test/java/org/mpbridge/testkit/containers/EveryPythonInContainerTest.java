package org.mpbridge.testkit.containers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Timeout;
import org.mpbridge.connection.Connection;
import org.mpbridge.testkit.EveryPython;
import org.mpbridge.testkit.PeerRuntime;
import org.mpbridge.testkit.PythonInterpreter;
import org.mpbridge.testkit.PythonPeer;
import org.mpbridge.testkit.PythonPeerProcess;
import org.mpbridge.testkit.PythonPeerTest;
import org.mpbridge.testkit.Transport;
import org.testcontainers.DockerClientFactory;

/**
 * {@code @EveryPython(runtime = CONTAINER)}: one invocation per CPython found, its instance peer in that version's
 * container; the peer reports the version it runs (the image's own interpreter); no container outlives the class.
 */
@PythonPeerTest
@Timeout(300)
class EveryPythonInContainerTest {
    @PythonPeer(value = {"-c", "import platform\nfrom mpbridge.stdio import stdio_connection\nc = stdio_connection()\n"
            + "c.send(platform.python_version())\nc.send(c.recv())\n"}, transport = Transport.STDIO)
    PythonPeerProcess peer;

    @EveryPython(runtime = PeerRuntime.CONTAINER)
    void eachVersionInItsImage(PythonInterpreter python) throws IOException {
        assertThat(peer.runtime()).isEqualTo(PeerRuntime.CONTAINER);
        Connection c = peer.connection();
        assertThat(c.recv()).isEqualTo(python.version());
        c.send(List.of("包子", 1));
        assertThat(c.recv()).isEqualTo(List.of("包子", 1));
    }

    @AfterAll
    static void noContainerLeft() {
        if (!DockerClientFactory.instance().isDockerAvailable()) return;
        var left = DockerClientFactory.instance().client().listContainersCmd().withShowAll(true)
                .withLabelFilter(List.of(PythonContainer.LABEL + ".name=EveryPythonInContainerTest.peer")).exec();
        assertThat(left).as("containers left by EveryPythonInContainerTest").isEmpty();
    }
}
