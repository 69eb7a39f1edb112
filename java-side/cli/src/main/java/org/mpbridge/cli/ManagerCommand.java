package org.mpbridge.cli;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.mpbridge.connection.Address;
import org.mpbridge.manager.server.ManagerServer;
import org.mpbridge.manager.server.Referent;
import org.mpbridge.manager.server.SharedDict;
import org.mpbridge.manager.server.SharedList;
import org.mpbridge.manager.server.SharedQueue;
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

        @Option(names = "--register", paramLabel = "NAME=TYPE",
                description = "one shared object of TYPE (Queue, Queue:MAXSIZE, dict, list) under the callable name NAME, "
                        + "as BaseManager.register(NAME, callable=lambda: obj)")
        List<String> register = new ArrayList<>();

        @Override
        public Integer call() throws IOException, InterruptedException {
            byte[] key = Keys.fromEnv(authkeyEnv, spec);
            Address address;
            try {
                address = Address.parse(listen);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            ManagerServer.Builder builder = ManagerServer.builder().address(address).authkey(key);
            for (String r : register) {
                int eq = r.indexOf('=');
                if (eq <= 0) throw new CommandLine.ParameterException(spec.commandLine(), "--register expects NAME=TYPE, got " + r);
                builder.registerShared(r.substring(0, eq), shared(r.substring(eq + 1), r));
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
