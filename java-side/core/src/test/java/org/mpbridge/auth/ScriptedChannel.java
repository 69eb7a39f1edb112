package org.mpbridge.auth;

import java.io.EOFException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/** A message channel that replays recorded incoming messages and records what is sent. */
final class ScriptedChannel implements MessageChannel {
    final ArrayDeque<byte[]> incoming = new ArrayDeque<>();
    final List<byte[]> sent = new ArrayList<>();

    ScriptedChannel(List<byte[]> incoming) {
        this.incoming.addAll(incoming);
    }

    @Override
    public void sendBytes(byte[] message) {
        sent.add(message);
    }

    @Override
    public byte[] recvBytes(long maxLength, long deadlineNanos) throws EOFException {
        byte[] next = incoming.poll();
        if (next == null) throw new EOFException("script exhausted");
        if (next.length > maxLength) throw new IllegalStateException("bad message length " + next.length);
        return next;
    }
}
