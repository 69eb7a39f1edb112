package org.mpbridge.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.mpbridge.transport.ByteTransport;

/** An in-memory transport: reads a fixed input, then end of file; records everything written. */
public final class ScriptedTransport implements ByteTransport {
    private final byte[] input;
    private int position;
    private final ByteArrayOutputStream written = new ByteArrayOutputStream();
    private int writeCalls;

    public ScriptedTransport(byte[] input) {
        this.input = input;
    }

    @Override
    public int read(byte[] dst, int off, int len, long deadlineNanos) {
        if (position == input.length) return -1;
        int n = Math.min(len, input.length - position);
        System.arraycopy(input, position, dst, off, n);
        position += n;
        return n;
    }

    @Override
    public void write(ByteBuffer... srcs) {
        writeCalls++;
        for (ByteBuffer b : srcs) {
            while (b.hasRemaining()) written.write(b.get());
        }
    }

    @Override
    public boolean awaitReadable(long timeoutNanos) {
        return true;
    }

    @Override
    public void close() throws IOException {}

    @Override
    public String describe() {
        return "scripted";
    }

    public byte[] written() {
        return written.toByteArray();
    }

    public int writeCalls() {
        return writeCalls;
    }

    public int unread() {
        return input.length - position;
    }
}
