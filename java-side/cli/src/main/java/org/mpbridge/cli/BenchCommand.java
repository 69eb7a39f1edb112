package org.mpbridge.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.mpbridge.connection.Address;
import org.mpbridge.connection.Client;
import org.mpbridge.connection.Connection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mpbridge bench --connect ADDR [--count N] [--size BYTES] [--pickle]}: round trips against an echo
 * peer (Java or Python), timed after a warm-up; prints one JSON line. The Python twin is
 * {@code mpbridge.peers.bench_client}; {@code make bench} runs both against both echo servers.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Time round trips against an echo peer; one JSON line.")
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--connect", required = true, paramLabel = "ADDR")
    String connect;
    @Option(names = "--count", defaultValue = "10000")
    int count;
    @Option(names = "--size", defaultValue = "64", description = "payload bytes per message")
    int size;
    @Option(names = "--pickle", description = "send a small dict with send()/recv() instead of raw bytes")
    boolean pickle;
    @Option(names = "--warmup", defaultValue = "2000")
    int warmup;

    @Override
    public Integer call() throws Exception {
        try (Connection c = Client.connect(Address.parse(connect), null)) {
            byte[] payload = new byte[size];
            Map<Object, Object> message = new LinkedHashMap<>();
            message.put("id", 1);
            message.put("name", "baozi");
            message.put("items", List.of(1.5, "x", true));
            for (int i = 0; i < warmup; i++) roundTrip(c, payload, message);
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) roundTrip(c, payload, message);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("{\"client\": \"java\", \"count\": %d, \"size\": %d, \"pickle\": %s, \"seconds\": %.6f}%n",
                    count, size, pickle, seconds);
        }
        return Main.EXIT_OK;
    }

    private void roundTrip(Connection c, byte[] payload, Object message) throws Exception {
        if (pickle) {
            c.send(message);
            c.recv();
        } else {
            c.sendBytes(payload);
            if (c.recvBytes().length != payload.length) throw new IllegalStateException("echo changed the size");
        }
    }
}
