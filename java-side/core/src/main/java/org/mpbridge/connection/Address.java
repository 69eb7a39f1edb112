package org.mpbridge.connection;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnknownHostException;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;

/**
 * Where a {@link Listener} listens or a {@link Client} connects, written {@code tcp:HOST:PORT} or
 * {@code unix:PATH} (CPython: an {@code ('host', port)} tuple for AF_INET, a path string for AF_UNIX).
 */
public sealed interface Address permits Address.Tcp, Address.Unix {

    SocketAddress socketAddress();

    /** {@code tcp:HOST:PORT}; port 0 asks the OS for a free port when listening. */
    record Tcp(String host, int port) implements Address {
        public Tcp {
            if (port < 0 || port > 65535) throw new IllegalArgumentException("port out of range: " + port);
        }

        @Override
        public SocketAddress socketAddress() {
            return new InetSocketAddress(host, port);
        }

        /** INET6 when HOST is (or resolves first to) an IPv6 address, as CPython's AF_INET6 ('::1'); else INET. */
        public ProtocolFamily family() throws UnknownHostException {
            return InetAddress.getByName(host) instanceof Inet6Address ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
        }

        @Override
        public String toString() {
            return "tcp:" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        }
    }

    /** {@code unix:PATH}: a filesystem AF_UNIX stream socket (at most 107 bytes of path). */
    record Unix(Path path) implements Address {
        @Override
        public SocketAddress socketAddress() {
            return UnixDomainSocketAddress.of(path);
        }

        @Override
        public String toString() {
            return "unix:" + path;
        }
    }

    static Address tcp(String host, int port) {
        return new Tcp(host, port);
    }

    static Address unix(Path path) {
        return new Unix(path);
    }

    /** Parses {@code tcp:HOST:PORT} or {@code unix:PATH}. */
    static Address parse(String text) {
        if (text.startsWith("tcp:")) {
            String rest = text.substring(4);
            int colon = rest.lastIndexOf(':');
            if (colon <= 0) throw new IllegalArgumentException("expected tcp:HOST:PORT, got " + text);
            String host = rest.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
            try {
                return new Tcp(host, Integer.parseInt(rest.substring(colon + 1)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad port in " + text);
            }
        }
        if (text.startsWith("unix:") && text.length() > 5) return new Unix(Path.of(text.substring(5)));
        throw new IllegalArgumentException("expected tcp:HOST:PORT or unix:PATH, got " + text);
    }
}
