package org.mpbridge.cli.roles;

import java.time.Duration;
import java.util.concurrent.Callable;
import org.mpbridge.connection.Connection;
import org.mpbridge.ring.ShmRing;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Beyond CPython: the baozi conversation over the shared-memory ring pair (twin of {@code mpbridge.scenarios.ring_baozi}). */
public final class RingBaozi {
    private RingBaozi() {}

    @Command(name = "ring-baozi-server", mixinStandardHelpOptions = true,
            description = "Creates the ring pair NAME, prints READY ring:NAME, answers each 包子i with 收到 包子i until None, then waits to be stopped.")
    public static final class Server implements Callable<Integer> {
        @Option(names = "--name", required = true, description = "the ring segment's name (made here, removed once the peer attaches)")
        String name;

        @Override
        public Integer call() throws Exception {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> ShmRing.unlinkNames(name), "ring-cleanup"));
            try (ShmRing ring = ShmRing.create(name, 65536)) {
                Transcript.ready("ring:" + name);
                ring.awaitPeer(Duration.ofSeconds(60));
                Connection c = ring.connection();
                while (true) {
                    Object item = c.recv();
                    if (item == null) break;
                    c.send("收到 " + item);
                }
                Thread.sleep(Long.MAX_VALUE);  // a service: the runner stops it
            }
            return 0;
        }
    }

    @Command(name = "ring-baozi-client", mixinStandardHelpOptions = true,
            description = "Sends 包子0..N-1 and None over the ring pair at ring:NAME, prints each answer.")
    public static final class Client implements Callable<Integer> {
        @Option(names = "--connect", required = true, paramLabel = "ring:NAME", description = "the ring to attach to")
        String connect;
        @Option(names = "--count", defaultValue = "10", description = "items to send (default ${DEFAULT-VALUE})")
        int count;

        @Override
        public Integer call() throws Exception {
            try (ShmRing ring = ShmRing.attach(connect.substring(connect.indexOf(':') + 1))) {
                Connection c = ring.connection();
                for (int i = 0; i < count; i++) {
                    c.send("包子" + i);
                    Transcript.line(String.valueOf(c.recv()));
                }
                c.send(null);
            }
            return 0;
        }
    }
}
