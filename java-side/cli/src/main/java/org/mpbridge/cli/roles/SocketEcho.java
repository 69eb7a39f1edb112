package org.mpbridge.cli.roles;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.mpbridge.connection.Address;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Seed 000/001 "socket": a plain TCP server answers {@code "test: " + data}; the client sends one line of stdin. */
public final class SocketEcho {
    private SocketEcho() {}

    @Command(name = "socket-echo-server", mixinStandardHelpOptions = true,
            description = "Prints READY tcp:HOST:PORT, then answers each connection once with \"test: \" + data.")
    public static final class Server implements Callable<Integer> {
        @Option(names = "--listen", defaultValue = "tcp:127.0.0.1:0", paramLabel = "ADDR", description = "where to listen (default ${DEFAULT-VALUE})")
        String listen;

        @Override
        public Integer call() throws Exception {
            Address.Tcp where = (Address.Tcp) Address.parse(listen);
            try (ServerSocket server = new ServerSocket()) {
                server.setReuseAddress(true);
                server.bind(new InetSocketAddress(where.host(), where.port()));
                Transcript.ready(new Address.Tcp(where.host(), server.getLocalPort()));
                while (true) {
                    try (Socket connection = server.accept()) {
                        byte[] buf = new byte[1024];
                        int n = Math.max(0, connection.getInputStream().read(buf));  // recv(1024), as the seed
                        ByteArrayOutputStream reply = new ByteArrayOutputStream();
                        reply.write("test: ".getBytes(StandardCharsets.UTF_8));
                        reply.write(buf, 0, n);
                        OutputStream socket = connection.getOutputStream();
                        socket.write(reply.toByteArray());  // one send, as the seed: its client reads once
                        socket.flush();
                    }
                }
            }
        }
    }

    @Command(name = "socket-echo-client", mixinStandardHelpOptions = true,
            description = "Sends the first line of stdin to ADDR, prints the answer.")
    public static final class Client implements Callable<Integer> {
        @Option(names = "--connect", required = true, paramLabel = "ADDR", description = "the server's address")
        String connect;

        @Override
        public Integer call() throws Exception {
            byte[] line = firstLine(System.in);
            Address.Tcp where = (Address.Tcp) Address.parse(connect);
            try (Socket client = new Socket(where.host(), where.port())) {
                client.setSoTimeout(30_000);
                client.getOutputStream().write(line);
                Transcript.line(new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            }
            return 0;
        }

        private static byte[] firstLine(InputStream in) throws java.io.IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) line.write(b);
            byte[] bytes = line.toByteArray();
            return bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? Arrays.copyOf(bytes, bytes.length - 1) : bytes;
        }
    }
}
