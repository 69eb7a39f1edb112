package org.mpbridge.testkit.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.mpbridge.testkit.PeerRuntime;
import org.mpbridge.testkit.PythonPeer;
import org.mpbridge.testkit.PythonPeerProcess;
import org.mpbridge.testkit.PythonPeerTest;
import org.opentest4j.TestAbortedException;
import org.testcontainers.DockerClientFactory;

/** A container peer that dies before READY fails its test with its exit code and stderr, and leaves no container. */
@Timeout(120)
class ContainerPeerFailureTest {

    @PythonPeerTest
    static class NeverReady {
        @PythonPeer(value = {"-c", "import sys\nsys.stderr.write('no-ready-marker\\n')\nsys.exit(4)\n"},
                runtime = PeerRuntime.CONTAINER)
        PythonPeerProcess peer;

        @Test
        void unreachable() {
            throw new AssertionError("the peer never got ready; this must not run");
        }
    }

    @Test
    void exitBeforeReadyIsAFailureWithTheContainersStderr() {
        String why = new TestcontainersLauncher().unavailable();
        if (why != null) {
            if ("1".equals(System.getenv("MPBRIDGE_REQUIRE_DOCKER"))) throw new AssertionError(why);
            throw new TestAbortedException(why);
        }
        List<Event> failed = EngineTestKit.engine("junit-jupiter").selectors(selectClass(NeverReady.class)).execute()
                .testEvents().failed().list();
        assertThat(failed).hasSize(1);
        Throwable failure = failed.get(0).getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow()
                .getThrowable().orElseThrow();
        assertThat(failure.getMessage()).contains("in container").contains("exited with code 4 before printing READY")
                .contains("no-ready-marker");
        assertThat(DockerClientFactory.instance().client().listContainersCmd().withShowAll(true)
                .withLabelFilter(List.of(PythonContainer.LABEL + ".name=NeverReady.peer")).exec()).isEmpty();
    }
}
