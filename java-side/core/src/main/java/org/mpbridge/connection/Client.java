package org.mpbridge.connection;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.nio.channels.SocketChannel;
import org.mpbridge.auth.Handshake;
import org.mpbridge.transport.ChannelTransport;
import org.mpbridge.transport.Deadlines;

/** CPython's {@code multiprocessing.connection.Client}: connect, then (with a key) answer and deliver. */
public final class Client {
    private Client() {}

    public static Connection connect(Address address, byte[] authkey) throws IOException {
        return connect(address, authkey, ConnectionOptions.defaults());
    }

    public static Connection connect(Address address, byte[] authkey, ConnectionOptions options) throws IOException {
        SocketChannel ch = SocketChannel.open(address instanceof Address.Tcp tcp ? tcp.family() : StandardProtocolFamily.UNIX);
        try {
            ch.connect(address.socketAddress());
        } catch (IOException e) {
            ch.close();
            throw new IOException("cannot connect to " + address + ": " + e.getMessage(), e);
        }
        Connection c = new Connection(new ChannelTransport(ch, "client of " + address), true, true, options);
        if (authkey != null) {
            try {
                Handshake.clientSide(c, authkey, options.authScheme(), Deadlines.after(options.handshakeTimeout()));
            } catch (IOException | RuntimeException e) {
                c.close();
                throw e;
            }
        }
        return c;
    }
}
