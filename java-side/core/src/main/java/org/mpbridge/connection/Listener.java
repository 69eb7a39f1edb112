package org.mpbridge.connection;

import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import org.mpbridge.auth.Handshake;
import org.mpbridge.transport.ChannelTransport;
import org.mpbridge.transport.ByteTransport;
import org.mpbridge.transport.Watchdog;

/**
 * CPython's {@code multiprocessing.connection.Listener} over TCP or a Unix-domain socket. {@link #accept()}
 * authenticates as CPython does (deliver, then answer) when an authkey is set; a {@code null} key means no
 * handshake. A failed handshake closes that one connection; the listener keeps serving.
 */
public final class Listener implements Closeable {
    private final ServerSocketChannel server;
    private final Address address;
    private final byte[] authkey;
    private final ConnectionOptions options;
    private volatile boolean closed;
    private final FdReserve reserve = new FdReserve();

    private Listener(ServerSocketChannel server, Address address, byte[] authkey, ConnectionOptions options) {
        this.server = server;
        this.address = address;
        this.authkey = authkey == null ? null : authkey.clone();
        this.options = options;
    }

    /** Pending connections the OS queues (CPython's {@code Listener} defaults to 1, too few for a burst of clients). */
    public static final int DEFAULT_BACKLOG = 128;

    public static Listener bind(Address address, byte[] authkey) throws IOException {
        return bind(address, authkey, ConnectionOptions.defaults(), DEFAULT_BACKLOG);
    }

    /** Binds and listens ({@code SO_REUSEADDR} on TCP, as CPython). */
    public static Listener bind(Address address, byte[] authkey, ConnectionOptions options, int backlog) throws IOException {
        if (address instanceof Address.Tcp tcp) {
            ServerSocketChannel server = ServerSocketChannel.open(tcp.family());
            try {
                server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                server.bind(new InetSocketAddress(tcp.host(), tcp.port()), backlog);
            } catch (IOException e) {
                server.close();
                throw new IOException("cannot listen on " + address + ": " + e.getMessage(), e);
            }
            InetSocketAddress bound = (InetSocketAddress) server.getLocalAddress();
            return new Listener(server, new Address.Tcp(tcp.host(), bound.getPort()), authkey, options);
        }
        Address.Unix unix = (Address.Unix) address;
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(unix.socketAddress(), backlog);
        } catch (IOException e) {
            server.close();
            String hint = Files.exists(unix.path()) ? " (the path exists: a stale socket file? remove it)" : "";
            throw new IOException("cannot listen on " + address + ": " + e.getMessage() + hint, e);
        }
        return new Listener(server, unix, authkey, options);
    }

    /** The bound address, with the real port when port 0 was asked for. */
    public Address address() {
        return address;
    }

    /** Accepts one connection and, with a key, authenticates it. */
    public Connection accept() throws IOException {
        Connection c = acceptUnauthenticated();
        try {
            authenticate(c);
            return c;
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /**
     * Accepts one connection without the handshake; pair with {@link #authenticate} on another thread. A connection
     * holds one file descriptor. When the process runs out of descriptors (EMFILE/ENFILE) the listener survives:
     * it closes its reserve descriptor, accepts the waiting connection and closes it at once (the client reads
     * end of file), takes the reserve back and keeps accepting; this is logged once, with a count on close.
     */
    public Connection acceptUnauthenticated() throws IOException {
        while (true) {
            SocketChannel ch;
            try {
                ch = server.accept();
            } catch (IOException e) {
                if (closed || !FdReserve.isOutOfDescriptors(e)) throw e;
                reserve.shed(server, this.toString());
                continue;
            }
            try {
                String peer = String.valueOf(address instanceof Address.Tcp ? ch.getRemoteAddress() : address);
                return new Connection(new ChannelTransport(ch, "accepted " + peer), true, true, options);
            } catch (IOException e) {
                ch.close();
                if (closed || !FdReserve.isOutOfDescriptors(e)) throw e;
                reserve.shed(null, this.toString());
            }
        }
    }

    /** Connections shed because the process had no file descriptor left. */
    public long shedCount() {
        return reserve.shed();
    }

    /**
     * The listener's side of CPython's handshake (deliver, then answer); nothing without a key. The handshake
     * timeout is kept by the {@link Watchdog} (the connection is closed when it passes), so a handshaking
     * connection costs its one descriptor and nothing else.
     */
    public void authenticate(Connection c) throws IOException {
        if (authkey == null) return;
        try (Watchdog.Guard guard = Watchdog.closeAfter(c, options.handshakeTimeout())) {
            try {
                Handshake.serverSide(c, authkey, options.authScheme(), ByteTransport.NO_DEADLINE);
            } catch (IOException e) {
                if (guard.fired()) {
                    throw new InterruptedIOException("timeout: handshake not finished within " + options.handshakeTimeout() + " (" + c + ")");
                }
                throw e;
            }
        }
    }

    public boolean isClosed() {
        return closed;
    }

    /** Closes the socket; a Unix socket file is removed, as CPython's {@code Listener.close()} does. */
    @Override
    public void close() throws IOException {
        if (closed) return;
        closed = true;
        try {
            reserve.close();
            server.close();
        } finally {
            if (address instanceof Address.Unix unix) Files.deleteIfExists(unix.path());
        }
    }

    @Override
    public String toString() {
        return "Listener(" + address + ")";
    }

}
