package org.mpbridge.manager;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import org.mpbridge.connection.Connection;

/**
 * A {@link Connection} carrying manager messages with one {@link Serializer}: CPython's {@code Connection}
 * for {@code 'pickle'}, its {@code ConnectionWrapper} (XmlClient / XmlListener) for {@code 'xmlrpclib'}.
 */
public final class ManagerConnection implements Closeable {
    private final Connection connection;
    private final Serializer serializer;

    public ManagerConnection(Connection connection, Serializer serializer) {
        this.connection = connection;
        this.serializer = serializer;
    }

    public Connection connection() {
        return connection;
    }

    public Serializer serializer() {
        return serializer;
    }

    public void send(Object message) throws IOException {
        connection.sendBytes(serializer.dumps(message));
    }

    public Object recv() throws IOException {
        return serializer.loads(connection.recvBytes());
    }

    /** Receives one message, waiting at most {@code timeout} ({@link java.io.InterruptedIOException} after it). */
    public Object recv(Duration timeout) throws IOException {
        return serializer.loads(connection.recvBytes(timeout));
    }

    public boolean isClosed() {
        return connection.isClosed();
    }

    @Override
    public void close() throws IOException {
        connection.close();
    }

    @Override
    public String toString() {
        return "ManagerConnection(" + connection + ", " + serializer.pythonName() + ")";
    }
}
