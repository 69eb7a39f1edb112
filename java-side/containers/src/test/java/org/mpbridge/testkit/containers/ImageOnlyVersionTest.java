package org.mpbridge.testkit.containers;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.exception.NotFoundException;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mpbridge.testkit.ContainerLauncher;
import org.mpbridge.testkit.PeerRuntime;
import org.mpbridge.testkit.PythonInterpreters;
import org.mpbridge.testkit.PythonPeer;
import org.mpbridge.testkit.PythonPeerProcess;
import org.mpbridge.testkit.PythonPeerTest;
import org.mpbridge.testkit.Transport;
import org.opentest4j.TestAbortedException;
import org.testcontainers.DockerClientFactory;

/**
 * A container peer needs no local interpreter of its version: {@code 3.12.99} exists here only as an image tag
 * (made from the 3.12 image for this test), and the peer runs the image's own CPython.
 */
@PythonPeerTest
@Timeout(120)
class ImageOnlyVersionTest {
    static final String FAKE = PythonContainer.REPOSITORY + ":3.12.99";

    @PythonPeer(value = {"-c", "import platform\nfrom mpbridge.stdio import stdio_connection\n"
            + "stdio_connection().send(platform.python_version())\n"}, transport = Transport.STDIO, python = "3.12.99",
            runtime = PeerRuntime.CONTAINER)
    PythonPeerProcess peer;

    @BeforeAll
    static void tagAnImageOnlyVersion() {
        String why = new TestcontainersLauncher().unavailable();
        if (why != null) {
            if ("1".equals(System.getenv("MPBRIDGE_REQUIRE_DOCKER"))) throw new AssertionError(why);
            throw new TestAbortedException(why);
        }
        var client = DockerClientFactory.instance().client();
        try {
            client.inspectImageCmd(PythonContainer.REPOSITORY + ":3.12").exec();
        } catch (NotFoundException e) {
            throw new TestAbortedException("no mpbridge/python:3.12 image (make images)");
        }
        client.tagImageCmd(PythonContainer.REPOSITORY + ":3.12", PythonContainer.REPOSITORY, "3.12.99").exec();
    }

    @AfterAll
    static void untag() {
        try {
            DockerClientFactory.instance().client().removeImageCmd(FAKE).exec();
        } catch (RuntimeException ignored) {
            // not made
        }
    }

    @Test
    void runsTheImagesInterpreter() throws IOException {
        assertThat(PythonInterpreters.select("3.12.99")).isEmpty();
        assertThat(ContainerLauncher.interpreters("3.12.99")).singleElement()
                .satisfies(p -> assertThat(p.path()).isNull());
        assertThat(peer.interpreter().version()).isEqualTo("3.12.99");
        assertThat((String) peer.connection().recv()).startsWith("3.12.");
    }
}
