package org.mpbridge.ring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.EOFException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mpbridge.connection.Connection;

/** The shared-memory ring pair, Java to Java (the Python end is tested from python-side). */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ShmRingTest {
    private static String name() {
        return "mpbring" + Long.toHexString(System.nanoTime());
    }

    private static boolean leftInDevShm(String name) throws Exception {
        try (var s = Files.list(Path.of("/dev/shm"))) {
            return s.anyMatch(p -> p.getFileName().toString().contains(name));
        }
    }

    /** Echoes every message of the attacher's connection until EOF. */
    private static CompletableFuture<Integer> echo(Connection c) {
        return CompletableFuture.supplyAsync(() -> {
            int n = 0;
            try (c) {
                while (true) {
                    c.sendBytes(c.recvBytes());
                    n++;
                }
            } catch (EOFException eof) {
                return n;
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
    }

    @Test
    void framesRoundTripAcrossWrapAroundAndLargerThanTheRing() throws Exception {
        String name = name();
        ShmRing server = ShmRing.create(name, 4096);
        try (ShmRing client = ShmRing.attach(name)) {
            server.awaitPeer(Duration.ofSeconds(10));
            assertThat(leftInDevShm(name)).as("names removed once attached").isFalse();
            CompletableFuture<Integer> echoed = echo(server.connection());
            Connection c = client.connection();
            for (int size : new int[] {0, 1, 3000, 4095, 4096, 4097, 3001, 100_000, 1 << 20}) {
                byte[] m = new byte[size];
                Arrays.fill(m, (byte) size);
                if (size > 0) m[size - 1] = 42;
                c.sendBytes(m);
                assertThat(c.recvBytes()).isEqualTo(m);
            }
            c.send(Map.of("id", 1, "items", List.of("x", 1.5)));
            assertThat(c.recv()).isEqualTo(Map.of("id", 1, "items", List.of("x", 1.5)));
            int n = 20_000;
            byte[] small = new byte[64];
            long t = System.nanoTime();
            for (int i = 0; i < n; i++) {
                c.sendBytes(small);
                c.recvBytes();
            }
            System.out.printf("ring java<->java (threads in one JVM): %.2f us per 64 B round trip%n", (System.nanoTime() - t) / 1e3 / n);
            client.close();
            assertThat(echoed.get(30, TimeUnit.SECONDS)).isEqualTo(9 + 1 + n);
        }
    }

    @Test
    void aClosedPeerIsEndOfFileAndAnUnattachedCreatorLeavesNothing() throws Exception {
        String name = name();
        ShmRing server = ShmRing.create(name, 8192);
        assertThat(leftInDevShm(name)).isTrue();
        ShmRing client = ShmRing.attach(name);
        server.awaitPeer(Duration.ofSeconds(10));
        Connection s = server.connection();
        client.connection().sendBytes("last".getBytes());
        client.close();
        assertThat(s.recvBytes()).isEqualTo("last".getBytes());
        assertThatThrownBy(s::recvBytes).isInstanceOf(EOFException.class);
        server.close();

        String lonely = name();
        ShmRing never = ShmRing.create(lonely, 4096);
        assertThatThrownBy(() -> never.awaitPeer(Duration.ofMillis(200))).isInstanceOf(java.io.InterruptedIOException.class);
        never.close();
        assertThat(leftInDevShm(lonely)).isFalse();
    }
}
