package org.mpbridge.cli;

import java.io.EOFException;
import java.io.IOException;
import java.util.concurrent.Callable;
import org.mpbridge.AuthenticationException;
import org.mpbridge.auth.AuthScheme;
import org.mpbridge.connection.Address;
import org.mpbridge.connection.Client;
import org.mpbridge.connection.Connection;
import org.mpbridge.connection.ConnectionOptions;
import org.mpbridge.connection.MessageServer;
import org.mpbridge.connection.Pipes;
import org.mpbridge.pickle.GlobalPolicy;
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

    @Option(names = "--restrict-globals", description = "refuse pickles naming a class or function outside mpbridge's type table "
            + "(UnpicklingError: global 'os.system' is forbidden); by default such objects are kept inert and echoed")
    boolean restrictGlobals;

    @Option(names = "--auth-scheme", defaultValue = "modern", paramLabel = "modern|legacy",
            description = "the challenge this side delivers: modern ({sha256}, CPython 3.12+; default) or legacy (HMAC-MD5, <= 3.11)")
    String authScheme;

    @Option(names = "--handshake-timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "--listen: close a connection that has not finished the handshake in this long (default 30)")
    double handshakeTimeout;

    @Option(names = "--idle-timeout", paramLabel = "SECONDS",
            description = "--listen: close a connection when no message starts within this long (default: never, as CPython)")
    Double idleTimeout;

    @Option(names = "--read-timeout", paramLabel = "SECONDS",
            description = "--listen: close a connection whose started frame does not complete within this long (default: never, as CPython)")
    Double readTimeout;

    @Option(names = "--max-connections", paramLabel = "N", defaultValue = "0",
            description = "--listen: at most N connections at once; more are accepted and closed at once (default 0: no limit but the fd limit, whose excess is shed the same way)")
    int maxConnections;

    @Option(names = "--max-buffered", paramLabel = "BYTES", defaultValue = "0",
            description = "--listen: partial frames of all connections together stay under BYTES; readers that would grow wait (default 0: 256 MiB; one frame may exceed it)")
    long maxBuffered;

    @Override
    public Integer call() throws Exception {
        byte[] key = Keys.fromEnv(authkeyEnv, spec);
        ConnectionOptions options = ConnectionOptions.defaults().withAuthScheme(scheme())
                .withHandshakeTimeout(seconds(handshakeTimeout)).withIdleTimeout(seconds(idleTimeout))
                .withReadTimeout(seconds(readTimeout));
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

    private java.time.Duration seconds(Double s) {
        if (s == null) return null;
        if (!(s > 0)) throw new picocli.CommandLine.ParameterException(spec.commandLine(), "timeouts must be > 0 seconds, not " + s);
        return java.time.Duration.ofNanos((long) (s * 1e9));
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

    /**
     * One loop thread serves every connection ({@link MessageServer}): one file descriptor per connection, stalled
     * connections hold no thread, and an fd shortage sheds the excess instead of ending the listener.
     */
    private int listen(Address address, byte[] key, ConnectionOptions options) throws Exception {
        MessageServer server = MessageServer.start(address, key, options, this::reply, EchoCommand::report,
                maxConnections, maxBuffered);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (IOException ignored) {
                // exiting anyway
            }
        }));
        System.out.println("READY " + server.address());
        System.out.flush();
        server.join();
        return Main.EXIT_OK;
    }

    private Payload reply(Payload message) throws IOException {
        if (raw) return message;
        return Payload.of(PickleCodec.dumps(Connection.unpickle(message.toByteArray(), policy())));
    }

    private GlobalPolicy policy() {
        return restrictGlobals ? GlobalPolicy.TYPE_TABLE : GlobalPolicy.ANY;
    }

    private static void report(String peer, Exception e) {
        if (e instanceof AuthenticationException) {
            System.err.println("mpbridge echo: authentication failed: " + e.getMessage() + " (" + peer + ")");
        } else {
            System.err.println("mpbridge echo: " + Main.describe(e) + " (" + peer + ")");
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
                Object value = Connection.unpickle(message.toByteArray(), policy());  // a #CHALLENGE# is reported as such
                c.send(value);
            }
        }
    }
}
