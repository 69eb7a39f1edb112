package org.mpbridge.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.EOFException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NamedPipeTest {
    @TempDir
    Path tmp;

    @Test
    void oneWayMessagesThenEof() throws Exception {
        Path fifo = tmp.resolve("fifo");
        NamedPipe.create(fifo);
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try (Connection w = NamedPipe.openWriter(fifo, Duration.ofSeconds(10))) {
                for (int i = 0; i < 3; i++) w.send("msg " + i);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        try (Connection r = NamedPipe.openReader(fifo, Duration.ofSeconds(10))) {
            for (int i = 0; i < 3; i++) assertThat(r.recv()).isEqualTo("msg " + i);
            assertThatThrownBy(r::recv).isInstanceOf(EOFException.class);
            assertThatThrownBy(() -> r.send("x")).hasMessageContaining("read-only");
        }
        writer.get(10, TimeUnit.SECONDS);
    }

    @Test
    void openWithoutAPeerTimesOut() throws Exception {
        Path fifo = tmp.resolve("lonely");
        NamedPipe.create(fifo);
        assertThatThrownBy(() -> NamedPipe.openReader(fifo, Duration.ofMillis(200))).isInstanceOf(InterruptedIOException.class);
        assertThatThrownBy(() -> NamedPipe.openWriter(fifo, Duration.ofMillis(200))).isInstanceOf(InterruptedIOException.class);
    }
}
