package org.mpbridge.cli.conformance;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.mpbridge.cli.Main;
import org.mpbridge.cli.roles.Role;
import org.mpbridge.cli.roles.RoleContext;
import org.mpbridge.connection.Address;
import org.mpbridge.connection.Client;
import org.mpbridge.connection.Connection;
import org.mpbridge.manager.Token;

/**
 * The children of CPython's connection tests whose code is a fixed conversation, in Java. The connection is this
 * process's stdin/stdout (the child's end of the test's {@code Pipe()}), or a client of a listener's address.
 * <pre>
 * mpbridge role --class org.mpbridge.cli.conformance.ConnectionChild -- echo
 *     _TestConnection._echo: for msg in iter(conn.recv_bytes, b''): conn.send_bytes(msg); conn.close()
 * ... -- send-bytes DELAY_SECONDS HEX...
 *     _TestPoll._child_strings (delay 0.1), _child_dont_merge (delay 0): conn.send_bytes(s) for each s
 * ... -- poll SECONDS
 *     _TestPoll._child_boundaries: r.poll(5), and nothing else
 * ... -- client ADDR TEXT
 *     _TestListenerClient._test: conn = Client(address); conn.send('hello'); conn.close()
 * ... -- raw-bytes HEX
 *     _TestConnection._send_data_without_fd: os.write(conn.fileno(), b"\0") (no framing, no descriptor)
 * ... -- remote
 *     _TestPicklingConnections._remote: for (address, msg) in iter(conn.recv, None): Client(address).send(msg.upper());
 *     then (address, msg) = conn.recv(): a plain TCP socket to address, sendall(msg.upper())
 * </pre>
 */
public final class ConnectionChild implements Role {
    @Override
    public int run(RoleContext context) throws Exception {
        List<String> args = context.args();
        if (args.isEmpty()) throw new IllegalArgumentException("expected echo | send-bytes DELAY HEX... | poll SECONDS | client ADDR TEXT | raw-bytes HEX | remote");
        switch (args.get(0)) {
            case "echo" -> {
                try (Connection conn = context.stdio()) {
                    while (true) {
                        byte[] msg = conn.recvBytes();
                        if (msg.length == 0) break;
                        conn.sendBytes(msg);
                    }
                }
            }
            case "send-bytes" -> {
                long delayNanos = (long) (Double.parseDouble(args.get(1)) * 1e9);
                try (Connection conn = context.stdio()) {
                    for (String hex : args.subList(2, args.size())) {
                        if (delayNanos > 0) Thread.sleep(Duration.ofNanos(delayNanos).toMillis());  // the child's time.sleep(0.1)
                        conn.sendBytes(HexFormat.of().parseHex(hex));
                    }
                }
            }
            case "poll" -> {
                Connection conn = context.stdio();
                conn.poll(Duration.ofMillis((long) (Double.parseDouble(args.get(1)) * 1000)));
                // the Python child returns here without closing: the process exit closes the descriptor
            }
            case "client" -> {
                try (Connection conn = Client.connect(Address.parse(args.get(1)), null)) {
                    conn.send(args.get(2));
                }
            }
            case "raw-bytes" -> {
                // the descriptor itself, not System.out (which may be redirected to stderr)
                try (FileOutputStream out = new FileOutputStream(FileDescriptor.out)) {
                    out.write(HexFormat.of().parseHex(args.get(1)));
                }
            }
            case "remote" -> remote(context.stdio());
            default -> throw new IllegalArgumentException("unknown conversation " + args.get(0));
        }
        return Main.EXIT_OK;
    }

    private static void remote(Connection conn) throws Exception {
        try (conn) {
            while (true) {
                Object request = conn.recv();
                if (request == null) break;
                List<?> pair = (List<?>) request;
                try (Connection client = Client.connect(Token.toAddress(pair.get(0)), null)) {
                    client.send(upper((byte[]) pair.get(1)));
                }
            }
            List<?> pair = (List<?>) conn.recv();
            List<?> hostPort = (List<?>) pair.get(0);
            try (Socket socket = new Socket((String) hostPort.get(0), ((Number) hostPort.get(1)).intValue())) {
                socket.getOutputStream().write(upper((byte[]) pair.get(1)));
            }
        }
    }

    /** {@code bytes.upper()}: ASCII letters only. */
    private static byte[] upper(byte[] b) {
        byte[] out = b.clone();
        for (int i = 0; i < out.length; i++) if (out[i] >= 'a' && out[i] <= 'z') out[i] -= 32;
        return out;
    }
}
