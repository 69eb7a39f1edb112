package org.mpbridge.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.mpbridge.connection.Address;
import org.mpbridge.connection.ChildProcess;
import org.mpbridge.connection.Client;
import org.mpbridge.connection.Connection;
import org.mpbridge.ring.ShmRing;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mpbridge bench (--connect ADDR | --spawn -- CMD... | --shm PREFIX) [--count N] [--size BYTES] [--pickle]}:
 * round trips against an echo peer (Java or Python), timed after a warm-up; prints one JSON line. The transports:
 * a socket ({@code --connect}), a pipe to a child's stdin/stdout ({@code --spawn}, the seeds' {@code Pipe()} with a
 * child), shared memory with two named semaphores ({@code --shm}, see {@link ShmEcho};
 * {@code --shm PREFIX --serve --size C} is its echo side). The Python twins are {@code mpbridge.peers.bench_client}
 * and {@code mpbridge.peers.shm_echo}; {@code make bench} runs every client against every echo side.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Time round trips against an echo peer; one JSON line.")
final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Option(names = "--connect", paramLabel = "ADDR", description = "a multiprocessing.connection listener")
    String connect;
    @Option(names = "--spawn", description = "start the echo child given after -- and talk over its stdin/stdout")
    boolean spawn;
    @Option(names = "--shm", paramLabel = "PREFIX", description = "shared memory PREFIX and semaphores /PREFIX.ping, /PREFIX.pong")
    String shm;
    @Option(names = "--ring", paramLabel = "NAME", description = "a shared-memory ring pair NAME (org.mpbridge.ring; the same frames as a Connection)")
    String ring;
    @Option(names = "--serve", description = "with --shm: create the objects, print READY shm:PREFIX, echo until stopped; "
            + "with --ring: create the ring pair (--size bytes per direction), print READY ring:NAME, echo until EOF")
    boolean serve;
    @Option(names = "--count", defaultValue = "10000", description = "measured round trips (default ${DEFAULT-VALUE})")
    int count;
    @Option(names = "--size", defaultValue = "64", description = "payload bytes per message (with --serve: the capacity)")
    int size;
    @Option(names = "--pickle", description = "send a small dict with send()/recv() instead of raw bytes")
    boolean pickle;
    @Option(names = "--warmup", defaultValue = "2000", description = "unmeasured round trips first (default ${DEFAULT-VALUE})")
    int warmup;
    @Option(names = "--codec", paramLabel = "DIR", description = "time PickleCodec dumps/loads on the payloads in DIR (CPython's pickles); one JSON line")
    Path codec;
    @Option(names = "--rounds", defaultValue = "5", description = "with --codec: timed rounds (as many warm-up rounds, at least 3, first)")
    int rounds;
    @Parameters(paramLabel = "CMD", description = "the echo child's command line (with --spawn, after --)")
    List<String> command = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        if (codec != null) return CodecTiming.run(codec, rounds);
        int transports = (connect != null ? 1 : 0) + (spawn ? 1 : 0) + (shm != null ? 1 : 0) + (ring != null ? 1 : 0);
        if (transports != 1) throw new ParameterException(spec.commandLine(), "give one of --connect, --spawn, --shm, --ring");
        if (ring != null) return serve ? serveRing() : benchRing();
        if (spawn && command.isEmpty()) throw new ParameterException(spec.commandLine(), "--spawn needs the child's command after --");
        if (serve && shm == null && ring == null) throw new ParameterException(spec.commandLine(), "--serve goes with --shm or --ring");
        if (shm != null && pickle) throw new ParameterException(spec.commandLine(), "--shm carries raw bytes: no --pickle");
        if (shm != null) return serve ? serveShm() : benchShm();
        if (spawn) {
            try (ChildProcess child = ChildProcess.start(command)) {
                bench(child.connection());
                child.connection().close();
            }
        } else {
            try (Connection c = Client.connect(Address.parse(connect), null)) {
                bench(c);
            }
        }
        return Main.EXIT_OK;
    }

    private void bench(Connection c) throws Exception {
        byte[] payload = new byte[size];
        Map<Object, Object> message = new LinkedHashMap<>();
        message.put("id", 1);
        message.put("name", "baozi");
        message.put("items", List.of(1.5, "x", true));
        long warm = System.nanoTime();
        for (int i = 0; i < warmup; i++) roundTrip(c, payload, message);
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) roundTrip(c, payload, message);
        report((System.nanoTime() - start) / 1e9, (start - warm) / 1e9);
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

    private int benchShm() throws Exception {
        byte[] payload = new byte[size];
        try (ShmEcho echo = ShmEcho.attach(shm)) {
            long warm = System.nanoTime();
            for (int i = 0; i < warmup; i++) echo.roundTrip(payload);
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                if (echo.roundTrip(payload).length != size) throw new IllegalStateException("echo changed the size");
            }
            report((System.nanoTime() - start) / 1e9, (start - warm) / 1e9);
            echo.stop();
        }
        return Main.EXIT_OK;
    }

    private int benchRing() throws Exception {
        try (ShmRing r = ShmRing.attach(ring)) {
            Connection c = r.connection();
            bench(c);
            c.close();
        }
        return Main.EXIT_OK;
    }

    /** The ring's echo side: every name is removed once the peer attached, and by a shutdown hook before that. */
    private int serveRing() throws Exception {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> ShmRing.unlinkNames(ring), "ring-cleanup"));
        try (ShmRing r = ShmRing.create(ring, size)) {
            System.out.println("READY ring:" + ring);
            System.out.flush();
            r.awaitPeer(java.time.Duration.ofSeconds(60));
            Connection c = r.connection();
            while (true) {
                org.mpbridge.wire.Payload m;
                try {
                    m = c.recvPayload();
                } catch (java.io.EOFException eof) {
                    break;
                }
                c.sendBytes(m);
            }
        }
        return Main.EXIT_OK;
    }

    private int serveShm() throws Exception {
        Thread cleanup = new Thread(() -> ShmEcho.unlinkNames(shm), "shm-echo-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        try (ShmEcho echo = ShmEcho.create(shm, size)) {
            System.out.println("READY shm:" + shm);
            System.out.flush();
            echo.serve();
        }
        return Main.EXIT_OK;
    }

    private void report(double seconds, double warmupSeconds) {
        System.out.printf(java.util.Locale.ROOT, "{\"client\": \"java\", \"count\": %d, \"size\": %d, \"pickle\": %s, \"seconds\": %.6f, "
                + "\"warmup\": %d, \"warmup_seconds\": %.6f}%n", count, size, pickle, seconds, warmup, warmupSeconds);
    }
}
