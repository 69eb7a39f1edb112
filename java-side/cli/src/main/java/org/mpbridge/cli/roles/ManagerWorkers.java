package org.mpbridge.cli.roles;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.mpbridge.connection.Address;
import org.mpbridge.connection.Connection;
import org.mpbridge.pickle.PyRepr;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The seeds' main programs around a manager-served dict, with Java threads as the workers: each worker has its
 * own connection, as CPython's proxies do per thread. The dict comes from a registered callable, so only its
 * public methods are exposed ({@code get}, {@code update}, {@code copy}), as with CPython's AutoProxy.
 */
public final class ManagerWorkers {
    private ManagerWorkers() {}

    abstract static class Client implements Callable<Integer> {
        @Option(names = "--connect", required = true, paramLabel = "ADDR")
        String connect;
        @Option(names = "--authkey-env", paramLabel = "NAME")
        String authkeyEnv;
        @Option(names = "--typeid", required = true, paramLabel = "TYPEID", description = "the registered callable, e.g. get_dict")
        String typeid;

        ManagerSession session() throws java.io.IOException {
            byte[] key = null;
            if (authkeyEnv != null) {
                String value = System.getenv(authkeyEnv);
                if (value == null) throw new IllegalArgumentException("environment variable " + authkeyEnv + " is not set");
                key = value.getBytes(StandardCharsets.UTF_8);
            }
            return ManagerSession.create(Address.parse(connect), key, typeid);
        }

        /** Runs {@code work} on {@code n} threads, each with its own connection; rethrows the first failure. */
        static void onThreads(ManagerSession s, int n, Worker work) throws Exception {
            ExecutorService pool = Executors.newFixedThreadPool(n);
            try {
                List<Future<Object>> done = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    int index = i;
                    done.add(pool.submit(() -> {
                        try (Connection c = s.open("worker-" + index)) {
                            work.run(c, index);
                        }
                        return null;
                    }));
                }
                for (Future<Object> f : done) f.get(60, TimeUnit.SECONDS);
            } finally {
                pool.shutdownNow();
            }
        }

        static String sortedRepr(Object dict) {
            return PyRepr.repr(new TreeMap<Object, Object>((Map<?, ?>) dict));
        }
    }

    interface Worker {
        void run(Connection c, int index) throws Exception;
    }

    @Command(name = "manager-counter-workers", mixinStandardHelpOptions = true,
            description = "Sets count to the number of workers; each worker decrements it under one lock; prints the dict.")
    public static final class Counter extends Client {
        @Option(names = "--workers", defaultValue = "20")
        int workers;

        @Override
        public Integer call() throws Exception {
            ReentrantLock lock = new ReentrantLock();
            try (ManagerSession s = session()) {
                try (Connection main = s.open("main")) {
                    s.call(main, "update", Map.of("count", workers));
                }
                onThreads(s, workers, (c, index) -> {
                    lock.lock();
                    try {
                        long count = ((Number) s.call(c, "get", "count")).longValue();
                        Transcript.line("计数器减一，当前为：" + count);
                        s.call(c, "update", Map.of("count", count - 1));
                    } finally {
                        lock.unlock();
                    }
                });
                try (Connection main = s.open("main")) {
                    Transcript.line(PyRepr.repr(s.call(main, "copy")));
                }
            }
            return 0;
        }
    }

    @Command(name = "manager-dict-workers", mixinStandardHelpOptions = true,
            description = "Two workers add Darr_en1: 22 and Darr_en2: 44; prints the dict, keys sorted.")
    public static final class Writers extends Client {
        @Override
        public Integer call() throws Exception {
            Object[][] entries = {{"Darr_en1", 22}, {"Darr_en2", 44}};
            try (ManagerSession s = session()) {
                onThreads(s, 2, (c, index) -> s.call(c, "update", Map.of(entries[index][0], entries[index][1])));
                try (Connection main = s.open("main")) {
                    Transcript.line(sortedRepr(s.call(main, "copy")));
                }
            }
            return 0;
        }
    }
}
