package org.mpbridge.cli;

import java.io.EOFException;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.Callable;
import org.mpbridge.AuthenticationException;
import org.mpbridge.auth.AuthScheme;
import org.mpbridge.connection.Address;
import org.mpbridge.connection.Client;
import org.mpbridge.connection.Connection;
import org.mpbridge.connection.ConnectionOptions;
import org.mpbridge.connection.Listener;
import org.mpbridge.connection.Pipes;
import org.mpbridge.pickle.PickleCodec;
import org.mpbridge.wire.Payload;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mpbridge echo (--listen ADDR | --connect ADDR | --stdio) [--authkey-env NAME] [--raw]}: every message
 * comes back decoded into Java values and encoded again from them (the round-trip contract, visible from
 * Python), or unchanged with {@code --raw}.
 */
@Command(name = "echo", mixinStandardHelpOptions = true,
        description = "Echo messages: decoded to Java values and encoded again (or raw bytes with --raw).")
final class EchoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    static final class Mode {
        @Option(names = "--listen", paramLabel = "ADDR", description = "tcp:HOST:PORT (port 0 allowed) or unix:PATH; prints READY <ADDR>, serves until killed")
        String listen;
        @Option(names = "--connect", paramLabel = "ADDR", description = "serve one connection to ADDR; exit 0 at EOF")
        String connect;
        @Option(names = "--stdio", description = "use stdin/stdout as the connection; exit 0 at EOF")
        boolean stdio;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Mode mode;

    @Option(names = "--authkey-env", paramLabel = "NAME", description = "authkey from environment variable NAME: hex:DIGITS, base64:TEXT, text:TEXT or plain UTF-8 text")
    String authkeyEnv;

    @Option(names = "--raw", description = "send the bytes back unchanged")
    boolean raw;

    @Option(names = "--auth-scheme", defaultValue = "modern", paramLabel = "modern|legacy",
            description = "the challenge this side delivers: modern ({sha256}, CPython 3.12+; default) or legacy (HMAC-MD5, <= 3.11)")
    String authScheme;

    @Override
    public Integer call() throws Exception {
        byte[] key = Keys.fromEnv(authkeyEnv, spec);
        ConnectionOptions options = ConnectionOptions.defaults().withAuthScheme(scheme());
        if (mode.listen != null) return listen(parse(mode.listen), key, options);
        if (mode.connect != null) {
            try (Connection c = Client.connect(parse(mode.connect), key, options)) {
                echo(c);
            }
            return Main.EXIT_OK;
        }
        try (Connection c = Pipes.stdio()) {
            echo(c);
        }
        return Main.EXIT_OK;
    }

    private AuthScheme scheme() {
        switch (authScheme) {
            case "modern":
                return AuthScheme.MODERN;
            case "legacy":
                return AuthScheme.LEGACY;
            default:
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--auth-scheme must be modern or legacy, not " + authScheme);
        }
    }

    private Address parse(String text) {
        try {
            return Address.parse(text);
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private int listen(Address address, byte[] key, ConnectionOptions options) throws IOException {
        Listener listener = Listener.bind(address, key, options, Listener.DEFAULT_BACKLOG);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                listener.close();
            } catch (IOException ignored) {
                // exiting anyway
            }
        }));
        System.out.println("READY " + listener.address());
        System.out.flush();
        while (!listener.isClosed()) {
            Connection c;
            try {
                c = listener.acceptUnauthenticated();
            } catch (ClosedChannelException shuttingDown) {  // the shutdown hook closed the listener: a normal end
                return Main.EXIT_OK;
            }
            Thread t = new Thread(() -> serve(listener, c), "echo " + c);
            t.setDaemon(true);
            t.start();
        }
        return Main.EXIT_OK;
    }

    private void serve(Listener listener, Connection c) {
        try (c) {
            listener.authenticate(c);
            echo(c);
        } catch (AuthenticationException e) {
            System.err.println("mpbridge echo: authentication failed: " + e.getMessage() + " (" + c + ")");
        } catch (IOException | RuntimeException e) {
            System.err.println("mpbridge echo: " + Main.describe(e) + " (" + c + ")");
        }
    }

    /** Echoes until the peer closes. */
    private void echo(Connection c) throws IOException {
        while (true) {
            Payload message;
            try {
                message = c.recvPayload();
            } catch (EOFException eof) {
                return;
            }
            if (raw) {
                c.sendBytes(message);
            } else {
                Object value = PickleCodec.loads(message.toByteArray());
                c.send(value);
            }
        }
    }
}
