package org.mpbridge.cli.roles;

import java.io.EOFException;
import java.util.List;
import java.util.concurrent.Callable;
import org.mpbridge.connection.ChildProcess;
import org.mpbridge.connection.Connection;
import org.mpbridge.connection.Pipes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Seed 000/001 "管道": the producer sends 0..N-1 over a {@code Pipe()}, the consumer prints each, EOF ends it. */
public final class PipeBaozi {
    private PipeBaozi() {}

    @Command(name = "pipe-baozi-producer", mixinStandardHelpOptions = true,
            description = "The parent: starts the consumer (after --) on a pipe, sends 0..count-1, closes.")
    public static final class Producer implements Callable<Integer> {
        @Option(names = "--count", defaultValue = "10", description = "items to send (default ${DEFAULT-VALUE})")
        int count;
        @Option(names = "--delay", defaultValue = "1", description = "seconds between items (the seed: 1)")
        double delay;
        @Parameters(paramLabel = "CHILD", description = "the consumer's command line")
        List<String> child;

        @Override
        public Integer call() throws Exception {
            try (ChildProcess consumer = ParentRole.start(child)) {
                Connection left = consumer.connection();
                for (int i = 0; i < count; i++) {
                    left.send(i);
                    if (delay > 0) Thread.sleep((long) (delay * 1000));  // the seed's pacing, not synchronisation
                }
                left.close();
                int code = ParentRole.finish(consumer);
                Transcript.line("进程间通信-管道-主进程");
                return code;
            }
        }
    }

    @Command(name = "pipe-baozi-consumer", mixinStandardHelpOptions = true,
            description = "The child: the pipe is stdin/stdout; prints each item until end of file.")
    public static final class Consumer implements Callable<Integer> {
        @Option(names = "--name", defaultValue = "c1", description = "the consumer's name in its output (default ${DEFAULT-VALUE})")
        String name;

        @Override
        public Integer call() throws Exception {
            Transcript.stdoutIsConnection();
            try (Connection right = Pipes.stdio()) {
                while (true) {
                    Object baozi;
                    try {
                        baozi = right.recv();
                    } catch (EOFException eof) {
                        return 0;
                    }
                    Transcript.line(name + " 收到包子:" + RoleContext.str(baozi));
                }
            }
        }
    }
}
