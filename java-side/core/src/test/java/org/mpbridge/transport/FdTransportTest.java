package org.mpbridge.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mpbridge.connection.Connection;
import org.mpbridge.connection.ConnectionOptions;
import org.mpbridge.internal.posix.FdIo;
import sun.misc.Signal;

/**
 * {@link FdTransport} (what {@code Pipes.stdio()} reads stdin with) on a real pipe(2): it never reads bytes it was
 * not asked for (CPython's {@code test_boundaries}), and keeps the waits' contract: deadlines, EINTR, close and
 * interrupt wake-ups, end of file.
 */
@Timeout(60)
class FdTransportTest {
    private final int[] pipe = new int[2];
    private FdTransport transport;

    @BeforeEach
    void open() throws IOException {
        assumeTrue(FdIo.available(), "poll(2) through JNA: little-endian Linux only");
        assertThat(FdIo.pipe(pipe)).isZero();
        transport = new FdTransport(pipe[0], null, "test pipe");
    }

    @AfterEach
    void close() throws IOException {
        if (transport != null) transport.close();
        if (pipe[1] > 0) FdIo.close(pipe[1]);
    }

    private void writeFrame(byte[] body) {
        byte[] frame = ByteBuffer.allocate(4 + body.length).order(ByteOrder.BIG_ENDIAN).putInt(body.length).put(body).array();
        assertThat(FdIo.write(pipe[1], frame, frame.length)).isEqualTo(frame.length);
    }

    /** What is still in the pipe, read straight from the descriptor. */
    private byte[] drain() {
        int[] fds = {pipe[0], FdIo.POLLIN};
        byte[] all = new byte[0];
        while (FdIo.poll(fds, 1, 0) > 0) {
            byte[] buf = new byte[4096];
            int n = (int) FdIo.read(pipe[0], buf, buf.length);
            if (n <= 0) break;
            byte[] grown = new byte[all.length + n];
            System.arraycopy(all, 0, grown, 0, all.length);
            System.arraycopy(buf, 0, grown, all.length, n);
            all = grown;
            fds[1] = FdIo.POLLIN;
        }
        return all;
    }

    @Test
    void pollingConsumesNothing() throws IOException {
        Connection c = new Connection(transport, true, false, ConnectionOptions.defaults());
        writeFrame("first".getBytes());
        writeFrame("second".getBytes());
        assertThat(c.poll(Duration.ofSeconds(5))).isTrue();
        assertThat(c.poll()).isTrue();
        // both frames are still in the pipe for another reader: 4 + 5 + 4 + 6 bytes
        assertThat(drain()).hasSize(19);
    }

    @Test
    void receivingTakesExactlyOneFrame() throws IOException {
        Connection c = new Connection(transport, true, false, ConnectionOptions.defaults());
        writeFrame("first".getBytes());
        writeFrame("second".getBytes());
        assertThat(c.recvBytes()).isEqualTo("first".getBytes());
        assertThat(drain()).hasSize(10);  // the second frame was not read ahead
    }

    @Test
    void deadlinesAreHonoured() throws IOException {
        long t0 = System.nanoTime();
        assertThat(transport.awaitReadable(Duration.ofMillis(150).toNanos())).isFalse();
        assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(Duration.ofMillis(150).toNanos());
        assertThat(transport.awaitReadable(0)).isFalse();
        byte[] buf = new byte[4];
        assertThatThrownBy(() -> transport.read(buf, 0, 4, Deadlines.after(Duration.ofMillis(100))))
                .isInstanceOf(InterruptedIOException.class).hasMessageContaining("timeout");
    }

    @Test
    void endOfFileIsReadableThenMinusOne() throws IOException {
        FdIo.close(pipe[1]);
        pipe[1] = -1;
        assertThat(transport.awaitReadable(Duration.ofSeconds(5).toNanos())).isTrue();
        assertThat(transport.read(new byte[4], 0, 4, ByteTransport.NO_DEADLINE)).isEqualTo(-1);
    }

    @Test
    void closeWakesABlockedReader() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<Throwable> reader = CompletableFuture.supplyAsync(() -> {
            started.countDown();
            try {
                transport.read(new byte[4], 0, 4, ByteTransport.NO_DEADLINE);
                return null;
            } catch (IOException e) {
                return e;
            }
        });
        started.await();
        // close while the reader is (about to be) blocked in poll: it must end, not hang
        transport.close();
        assertThat(reader.get(10, TimeUnit.SECONDS)).isInstanceOf(IOException.class).hasMessageContaining("closed");
        transport = null;
    }

    @Test
    void interruptEndsAWait() throws Exception {
        Thread self = Thread.currentThread();
        CompletableFuture.runAsync(() -> {
            try {
                Thread.sleep(100);  // lets the wait start; the assertion is on how it ends
            } catch (InterruptedException ignored) {
                // nothing
            }
            self.interrupt();
        });
        assertThatThrownBy(() -> transport.awaitReadable(Duration.ofSeconds(30).toNanos())).isInstanceOf(InterruptedIOException.class);
        assertThat(Thread.interrupted()).isTrue();
    }

    static final class PThread {
        static {
            Native.register(NativeLibrary.getInstance("c"));
        }

        static native long pthread_self();

        static native int pthread_kill(long thread, int sig);
    }

    /** A handled signal makes poll(2) return EINTR: the wait goes on for the time left, then reads normally. */
    @Test
    void waitsSurviveSignals() throws Exception {
        AtomicInteger handled = new AtomicInteger();
        Signal.handle(new Signal("URG"), s -> handled.incrementAndGet());
        CountDownLatch ready = new CountDownLatch(1);
        long[] thread = new long[1];
        CompletableFuture<Long> waited = CompletableFuture.supplyAsync(() -> {
            thread[0] = PThread.pthread_self();
            ready.countDown();
            long t0 = System.nanoTime();
            try {
                assertThat(transport.awaitReadable(Duration.ofMillis(400).toNanos())).isFalse();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return System.nanoTime() - t0;
        });
        ready.await();
        while (!waited.isDone()) {
            assertThat(PThread.pthread_kill(thread[0], 23 /* SIGURG */)).isZero();
            Thread.sleep(5);  // pacing the signals; the wait itself is what is measured
        }
        assertThat(waited.get(10, TimeUnit.SECONDS)).isGreaterThanOrEqualTo(Duration.ofMillis(400).toNanos());
        assertThat(handled.get()).isPositive();
        writeFrame("x".getBytes());
        Connection c = new Connection(transport, true, false, ConnectionOptions.defaults());
        assertThat(c.recvBytes()).isEqualTo("x".getBytes());
    }
}
