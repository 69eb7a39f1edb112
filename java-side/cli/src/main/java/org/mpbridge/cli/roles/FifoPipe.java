package org.mpbridge.cli.roles;

import java.io.EOFException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.mpbridge.connection.Connection;
import org.mpbridge.connection.NamedPipe;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Seed 003 "命名管道": unrelated producer and consumer over a FIFO, with multiprocessing.connection framing. */
public final class FifoPipe {
    private FifoPipe() {}

    @Command(name = "fifo-producer", mixinStandardHelpOptions = true,
            description = "Makes the FIFO, sends \"包子N\" for N in 0..count-1, closes.")
    public static final class Producer implements Callable<Integer> {
        @Option(names = "--fifo", required = true, description = "the named pipe's path (made if absent)")
        Path fifo;
        @Option(names = "--count", defaultValue = "10", description = "items to send (default ${DEFAULT-VALUE})")
        int count;
        @Option(names = "--timeout", defaultValue = "30", description = "seconds to wait for a reader")
        long timeout;

        @Override
        public Integer call() throws Exception {
            NamedPipe.create(fifo);
            try (Connection c = NamedPipe.openWriter(fifo, Duration.ofSeconds(timeout))) {
                for (int i = 0; i < count; i++) c.send("包子" + i);
            }
            return 0;
        }
    }

    @Command(name = "fifo-consumer", mixinStandardHelpOptions = true,
            description = "Waits for the FIFO, prints 收到 ITEM for each message until end of file.")
    public static final class Consumer implements Callable<Integer> {
        @Option(names = "--fifo", required = true, description = "the named pipe's path")
        Path fifo;
        @Option(names = "--timeout", defaultValue = "30", description = "seconds to wait for the FIFO and a writer")
        long timeout;

        @Override
        public Integer call() throws Exception {
            Await.until(() -> Files.exists(fifo), Duration.ofSeconds(timeout), "the FIFO " + fifo);
            try (Connection c = NamedPipe.openReader(fifo, Duration.ofSeconds(timeout))) {
                while (true) {
                    try {
                        Transcript.line("收到 " + RoleContext.str(c.recv()));
                    } catch (EOFException eof) {
                        return 0;
                    }
                }
            }
        }
    }
}
