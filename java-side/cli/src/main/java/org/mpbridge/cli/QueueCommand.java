package org.mpbridge.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.mpbridge.connection.Address;
import org.mpbridge.manager.ManagerClient;
import org.mpbridge.manager.ProxyType;
import org.mpbridge.manager.QueueEmptyException;
import org.mpbridge.manager.QueueProxy;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mpbridge queue produce|consume}: the seeds' producer and consumer over a queue in a manager (Python's
 * or Java's), with {@code None} as the end signal. Values are JSON on the command line and on stdout.
 */
@Command(name = "queue", mixinStandardHelpOptions = true,
        description = "Producer / consumer of a queue in a manager, None as the end signal.",
        subcommands = {QueueCommand.Produce.class, QueueCommand.Consume.class})
final class QueueCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand (produce or consume)");
    }

    /** The options both roles take. */
    static class Target {
        @Spec
        CommandSpec spec;

        @Option(names = "--connect", paramLabel = "ADDR", required = true, description = "the manager: tcp:HOST:PORT or unix:PATH")
        String connect;

        @Option(names = "--authkey-env", paramLabel = "NAME",
                description = "authkey from environment variable NAME: hex:DIGITS, base64:TEXT, text:TEXT or plain UTF-8 text (default: the empty key)")
        String authkeyEnv;

        @Option(names = "--typeid", paramLabel = "TYPEID", required = true,
                description = "the callable that returns the queue, e.g. get_queue (BaseManager.register('get_queue'))")
        String typeid;

        ManagerClient connect() throws IOException {
            byte[] key = Keys.fromEnv(authkeyEnv, spec);
            Address address;
            try {
                address = Address.parse(connect);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            return ManagerClient.connect(address, key);
        }
    }

    @Command(name = "produce", mixinStandardHelpOptions = true,
            description = "Put each JSON_VALUE on the queue, then None.")
    static final class Produce extends Target implements Callable<Integer> {
        @Parameters(paramLabel = "JSON_VALUE", arity = "0..*",
                description = "numbers, strings, true/false, null, arrays, objects; bytes as {\"bytes\": \"<hex>\"}")
        List<String> values = new ArrayList<>();

        @Override
        public Integer call() throws IOException {
            List<Object> items = new ArrayList<>();
            for (String v : values) {
                try {
                    items.add(Json.parse(v));
                } catch (IllegalArgumentException e) {
                    throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
                }
            }
            try (ManagerClient m = connect()) {
                QueueProxy q = m.create(typeid, ProxyType.QUEUE);
                for (Object item : items) q.put(item);
                q.put(null);
            }
            return Main.EXIT_OK;
        }
    }

    @Command(name = "consume", mixinStandardHelpOptions = true,
            description = "Get items until None, printing each as one JSON line.")
    static final class Consume extends Target implements Callable<Integer> {
        @Option(names = "--timeout", paramLabel = "SECONDS",
                description = "each get waits at most this long; queue.Empty then ends it too (the seeds' get(timeout=3))")
        Double timeout;

        @Override
        public Integer call() throws IOException {
            if (timeout != null && !(timeout >= 0)) throw new CommandLine.ParameterException(spec.commandLine(), "--timeout must be >= 0");
            PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
            try (ManagerClient m = connect()) {
                QueueProxy q = m.create(typeid, ProxyType.QUEUE);
                while (true) {
                    Object item;
                    try {
                        item = timeout == null ? q.get() : q.get(Duration.ofMillis(Math.round(timeout * 1000)));
                    } catch (QueueEmptyException empty) {
                        break;
                    }
                    if (item == null) break;
                    out.println(Json.write(item));
                }
            }
            return Main.EXIT_OK;
        }
    }
}
