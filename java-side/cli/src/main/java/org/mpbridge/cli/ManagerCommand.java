package org.mpbridge.cli;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.mpbridge.cli.conformance.TestSuiteTypes;
import org.mpbridge.connection.Address;
import org.mpbridge.manager.Serializer;
import org.mpbridge.manager.server.ManagerServer;
import org.mpbridge.manager.server.Referent;
import org.mpbridge.manager.server.SharedDict;
import org.mpbridge.manager.server.SharedList;
import org.mpbridge.manager.server.SharedQueue;
import org.mpbridge.manager.server.TypeSpec;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mpbridge manager serve --listen ADDR [--authkey-env NAME] [--register NAME=TYPE ...]}: a Java manager
 * server for unmodified Python {@code BaseManager} / {@code SyncManager} clients.
 */
@Command(name = "manager", mixinStandardHelpOptions = true,
        description = "Java side of multiprocessing.managers.",
        subcommands = {ManagerCommand.Serve.class})
final class ManagerCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand (serve)");
    }

    @Command(name = "serve", mixinStandardHelpOptions = true,
            description = {"Serve SyncManager's typeids (and shared objects under callable names) to Python clients.",
                "Prints READY <ADDR> when listening; exits 0 after a client's shutdown."})
    static final class Serve implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--listen", paramLabel = "ADDR", defaultValue = "tcp:127.0.0.1:0",
                description = "tcp:HOST:PORT (port 0 allowed) or unix:PATH; default ${DEFAULT-VALUE} (loopback)")
        String listen;

        @Option(names = "--authkey-env", paramLabel = "NAME",
                description = "authkey from environment variable NAME: hex:DIGITS, base64:TEXT, text:TEXT or plain UTF-8 text (default: the empty key)")
        String authkeyEnv;

        @Option(names = "--serializer", paramLabel = "NAME", defaultValue = "pickle",
                description = "pickle (default) or xmlrpclib, as BaseManager(serializer=...)")
        String serializer;

        @Option(names = "--register", paramLabel = "NAME=TYPE",
                description = "one shared object of TYPE (Queue, Queue:MAXSIZE, dict, list) under the callable name NAME, "
                        + "as BaseManager.register(NAME, callable=lambda: obj); TYPE test:FooBar[:EXPOSED,...] or test:baz[:EXPOSED,...] "
                        + "registers a new object per call, as CPython's test._test_multiprocessing.MyManager does")
        List<String> register = new ArrayList<>();

        @Option(names = "--idle-timeout", paramLabel = "SECONDS",
                description = "close a client connection when no request starts within this long (default: never, as CPython)")
        Double idleTimeout;

        @Option(names = "--read-timeout", paramLabel = "SECONDS",
                description = "close a client connection whose started request does not complete within this long, e.g. half a header (default: never, as CPython)")
        Double readTimeout;

        @Option(names = "--handshake-timeout", paramLabel = "SECONDS", defaultValue = "30",
                description = "close a connection that has not finished the handshake in this long (default 30)")
        double handshakeTimeout;

        private java.time.Duration seconds(Double s) {
            if (s == null) return null;
            if (!(s > 0)) throw new CommandLine.ParameterException(spec.commandLine(), "timeouts must be > 0 seconds, not " + s);
            return java.time.Duration.ofNanos((long) (s * 1e9));
        }

        @Override
        public Integer call() throws IOException, InterruptedException {
            byte[] key = Keys.fromEnv(authkeyEnv, spec);
            Serializer format = switch (serializer) {
                case "pickle" -> Serializer.PICKLE;
                case "xmlrpclib" -> Serializer.XMLRPCLIB;
                default -> throw new CommandLine.ParameterException(spec.commandLine(), "--serializer must be pickle or xmlrpclib, got " + serializer);
            };
            Address address;
            try {
                address = Address.parse(listen);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            ManagerServer.Builder builder = ManagerServer.builder().address(address).authkey(key).serializer(format)
                    .options(org.mpbridge.connection.ConnectionOptions.defaults().withHandshakeTimeout(seconds(handshakeTimeout))
                            .withIdleTimeout(seconds(idleTimeout)).withReadTimeout(seconds(readTimeout)));
            for (String r : register) {
                int eq = r.indexOf('=');
                if (eq <= 0) throw new CommandLine.ParameterException(spec.commandLine(), "--register expects NAME=TYPE, got " + r);
                TypeSpec standIn = TestSuiteTypes.spec(r.substring(eq + 1));
                if (standIn != null) builder.register(r.substring(0, eq), standIn);
                else builder.registerShared(r.substring(0, eq), shared(r.substring(eq + 1), r));
            }
            ManagerServer server = builder.start();
            Runtime.getRuntime().addShutdownHook(new Thread(server::close));
            System.out.println("READY " + server.address());
            System.out.flush();
            server.awaitShutdown();
            return Main.EXIT_OK;
        }

        private Referent shared(String type, String option) {
            if (type.startsWith("Queue:")) {  // Queue:MAXSIZE, as queue.Queue(MAXSIZE)
                try {
                    int maxsize = Integer.parseInt(type.substring("Queue:".length()));
                    if (maxsize >= 0) return new SharedQueue(maxsize);
                } catch (NumberFormatException notANumber) {
                    // reported below
                }
                throw new CommandLine.ParameterException(spec.commandLine(), "--register " + option + ": MAXSIZE must be an integer >= 0");
            }
            return switch (type) {
                case "Queue" -> new SharedQueue(0);
                case "dict" -> new SharedDict();
                case "list" -> new SharedList(List.of());
                default -> throw new CommandLine.ParameterException(spec.commandLine(),
                        "--register " + option + ": TYPE must be Queue, Queue:MAXSIZE, dict or list");
            };
        }
    }
}
