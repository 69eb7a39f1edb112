package org.mpbridge.connection;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import org.mpbridge.AuthenticationException;
import org.mpbridge.BufferTooShortException;
import org.mpbridge.ProtocolException;
import org.mpbridge.auth.Handshake;
import org.mpbridge.auth.MessageChannel;
import org.mpbridge.pickle.GlobalPolicy;
import org.mpbridge.pickle.PickleCodec;
import org.mpbridge.transport.ByteTransport;
import org.mpbridge.transport.Deadlines;
import org.mpbridge.transport.Watchdog;
import org.mpbridge.wire.FrameCodec;
import org.mpbridge.wire.Payload;

/**
 * CPython's {@code multiprocessing.connection.Connection}: whole messages over a byte transport, as
 * length-prefixed frames; {@link #send}/{@link #recv} carry pickles. One reader and one writer thread may
 * use it at once.
 *
 * <p>Close semantics: {@link #close()} closes the transport; the peer's next {@code recv} raises
 * {@code EOFError} (Java: {@link java.io.EOFException}). A message cut short by the peer's death is a
 * {@link ProtocolException} ("got end of file during message"), never a partial message.
 */
public final class Connection implements Closeable, MessageChannel {
    private final ByteTransport transport;
    private final boolean readable;
    private final boolean writable;
    private final ConnectionOptions options;
    private final Object readLock = new Object();
    private final Object writeLock = new Object();
    private volatile boolean closed;
    private volatile boolean readBroken;

    public Connection(ByteTransport transport, boolean readable, boolean writable, ConnectionOptions options) {
        if (!readable && !writable) throw new IllegalArgumentException("at least one of readable and writable must be true");
        this.transport = transport;
        this.readable = readable;
        this.writable = writable;
        this.options = options;
    }

    public static Connection duplex(ByteTransport transport) {
        return new Connection(transport, true, true, ConnectionOptions.defaults());
    }

    public ConnectionOptions options() {
        return options;
    }

    public ByteTransport transport() {
        return transport;
    }

    public boolean readable() {
        return readable;
    }

    public boolean writable() {
        return writable;
    }

    // ---- sending

    /** {@code send(obj)}: pickles and sends one message. */
    public void send(Object value) throws IOException {
        sendBytes(PickleCodec.dumps(value));
    }

    /** {@code send_bytes(buf)}. */
    @Override
    public void sendBytes(byte[] buf) throws IOException {
        sendBytes(buf, 0, buf.length);
    }

    /** {@code send_bytes(buf, offset, size)}. */
    public void sendBytes(byte[] buf, int offset, int size) throws IOException {
        if (offset < 0 || size < 0 || offset > buf.length - size) {
            throw new IndexOutOfBoundsException("offset " + offset + ", size " + size + ", buffer " + buf.length);
        }
        checkWritable();
        synchronized (writeLock) {
            FrameCodec.write(transport, buf, offset, size);
        }
    }

    /** Sends a payload of any length, including over 2 GiB (the {@code -1} + 8-byte header). */
    public void sendBytes(Payload payload) throws IOException {
        checkWritable();
        synchronized (writeLock) {
            FrameCodec.write(transport, payload);
        }
    }

    // ---- receiving

    /** {@code recv()}: receives one message and unpickles it. */
    public Object recv() throws IOException {
        return unpickle(recvBytes());
    }

    /** {@code recv_bytes()}. */
    public byte[] recvBytes() throws IOException {
        return recvBytes(Math.min(options.maxFrameLength(), Payload.MAX_ARRAY), ByteTransport.NO_DEADLINE);
    }

    /**
     * {@code recv_bytes(maxlength)}: as in CPython a longer message is not read, the connection is marked
     * unreadable and {@link ProtocolException} ("bad message length") is thrown.
     */
    public byte[] recvBytes(long maxLength) throws IOException {
        return recvBytes(maxLength, ByteTransport.NO_DEADLINE);
    }

    @Override
    public byte[] recvBytes(long maxLength, long deadlineNanos) throws IOException {
        long cap = Math.min(Math.min(maxLength, options.maxFrameLength()), Payload.MAX_ARRAY);
        return recvPayload(cap, deadlineNanos).toByteArray();
    }

    /** Receives one message of any length (the form for frames over 2 GiB). */
    public Payload recvPayload() throws IOException {
        return recvPayload(options.maxFrameLength(), ByteTransport.NO_DEADLINE);
    }

    /** Receives one message, waiting at most {@code timeout}; {@link java.io.InterruptedIOException} after it. */
    public byte[] recvBytes(Duration timeout) throws IOException {
        return recvBytes(Long.MAX_VALUE, Deadlines.after(timeout));
    }

    public Object recv(Duration timeout) throws IOException {
        return unpickle(recvBytes(timeout));
    }

    /**
     * Unpickles a received message as {@link #recv()} does. No pickle starts with {@code #}: a message that starts
     * with {@code #CHALLENGE#} is an authenticating peer's handshake that this side, connected without a key, took
     * for data, and is reported as such ({@link AuthenticationException}).
     */
    public static Object unpickle(byte[] message) throws IOException {
        return unpickle(message, GlobalPolicy.ANY);
    }

    /** {@link #unpickle(byte[])} with a policy for the globals a pickle may name. */
    public static Object unpickle(byte[] message, GlobalPolicy policy) throws IOException {
        if (startsWithChallenge(message)) {
            throw new AuthenticationException("the peer asked for authentication (it sent #CHALLENGE#) but this connection "
                    + "has no authkey: connect with the peer's key, e.g. Client.connect(address, key)");
        }
        return PickleCodec.loads(message, policy);
    }

    private static boolean startsWithChallenge(byte[] message) {
        byte[] c = Handshake.CHALLENGE;
        if (message.length < c.length) return false;
        for (int i = 0; i < c.length; i++) if (message[i] != c[i]) return false;
        return true;
    }

    private Payload recvPayload(long maxLength, long deadlineNanos) throws IOException {
        checkReadable();
        if (deadlineNanos == ByteTransport.NO_DEADLINE && (options.idleTimeout() != null || options.readTimeout() != null)) {
            synchronized (readLock) {
                return guardedRecv(maxLength);
            }
        }
        synchronized (readLock) {
            long length;
            try {
                length = FrameCodec.readHeader(transport, maxLength, deadlineNanos);
            } catch (ProtocolException e) {
                readBroken = true;
                throw e;
            }
            try {
                return FrameCodec.readBody(transport, length, deadlineNanos);
            } catch (IOException e) {
                // a frame cut short leaves the stream out of step: nothing further can be read from it
                readBroken = true;
                throw e;
            }
        }
    }

    /**
     * A receive under the idle and read timeouts: the {@link Watchdog} closes the connection when no frame starts
     * within the idle timeout, or a started frame does not finish within the read timeout.
     */
    private Payload guardedRecv(long maxLength) throws IOException {
        GuardedReads reads = new GuardedReads();
        try {
            long length = FrameCodec.readHeader(reads, maxLength, ByteTransport.NO_DEADLINE);
            return FrameCodec.readBody(reads, length, ByteTransport.NO_DEADLINE);
        } catch (IOException e) {
            String why = reads.firedBecause();
            if (why != null) {
                readBroken = true;
                closed = true;
                throw new java.io.InterruptedIOException(why + " (" + transport.describe() + "); connection closed");
            }
            if (!(e instanceof java.io.EOFException)) readBroken = true;
            throw e;
        } finally {
            reads.disarm();
        }
    }

    /** The transport's reads with the idle guard until the first byte, then the read guard until the frame is in. */
    private final class GuardedReads implements ByteTransport {
        private Watchdog.Guard guard;
        private boolean started;
        private String firedBecause;

        GuardedReads() {
            guard = options.idleTimeout() == null ? null : Watchdog.closeAfter(transport, options.idleTimeout());
        }

        @Override
        public int read(byte[] dst, int off, int len, long deadlineNanos) throws IOException {
            int n = transport.read(dst, off, len, deadlineNanos);
            if (!started && n > 0) {
                disarm();
                started = true;
                guard = options.readTimeout() == null ? null : Watchdog.closeAfter(transport, options.readTimeout());
            }
            return n;
        }

        String firedBecause() {
            if (guard == null || !guard.fired()) return firedBecause;
            return started ? "read timeout: a frame did not complete within " + options.readTimeout()
                    : "idle timeout: no message within " + options.idleTimeout();
        }

        void disarm() {
            if (guard != null) {
                if (guard.fired()) firedBecause = firedBecause();
                guard.close();
            }
        }

        @Override
        public void write(java.nio.ByteBuffer... srcs) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean awaitReadable(long timeoutNanos) throws IOException {
            return transport.awaitReadable(timeoutNanos);
        }

        @Override
        public void close() throws IOException {
            transport.close();
        }

        @Override
        public String describe() {
            return transport.describe();
        }
    }

    /**
     * {@code recv_bytes_into(buf, offset)}: copies the message into {@code buf} at {@code offset} and
     * returns its length; a message that does not fit raises {@link BufferTooShortException} carrying it.
     */
    public int recvBytesInto(byte[] buf, int offset) throws IOException {
        if (offset < 0 || offset > buf.length) throw new IndexOutOfBoundsException("offset " + offset + " for buffer " + buf.length);
        byte[] message = recvBytes();
        if (message.length > buf.length - offset) throw new BufferTooShortException(message, buf.length - offset);
        System.arraycopy(message, 0, buf, offset, message.length);
        return message.length;
    }

    public int recvBytesInto(byte[] buf) throws IOException {
        return recvBytesInto(buf, 0);
    }

    /** {@code poll(0)}: whether data (or end of file) is available now. */
    public boolean poll() throws IOException {
        return poll(Duration.ZERO);
    }

    /** {@code poll(timeout)}: waits up to {@code timeout} for data or end of file. */
    public boolean poll(Duration timeout) throws IOException {
        checkReadable();
        return transport.awaitReadable(timeout.toNanos());
    }

    // ---- life cycle

    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() throws IOException {
        if (closed) return;
        closed = true;
        transport.close();
    }

    private void checkReadable() throws IOException {
        if (closed) throw new ClosedChannelException();
        if (!readable) throw new IOException("connection is write-only");
        if (readBroken) throw new ProtocolException("connection is unreadable after a bad or truncated message");
    }

    private void checkWritable() throws IOException {
        if (closed) throw new ClosedChannelException();
        if (!writable) throw new IOException("connection is read-only");
    }

    @Override
    public String toString() {
        return "Connection(" + transport.describe() + (closed ? ", closed" : "") + ")";
    }
}
