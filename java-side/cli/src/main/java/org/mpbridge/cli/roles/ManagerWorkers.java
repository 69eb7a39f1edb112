package org.mpbridge.cli.roles;

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
import org.mpbridge.manager.ManagerClient;
import org.mpbridge.manager.Proxy;
import org.mpbridge.pickle.PyRepr;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The seeds' main programs around a manager-served dict, with Java threads as the workers: {@link ManagerClient}
 * gives each calling thread its own connection, as CPython's proxies do. The dict comes from a registered
 * callable, so only its public methods are exposed ({@code get}, {@code update}, {@code copy}), as with
 * CPython's AutoProxy.
 */
public final class ManagerWorkers {
    private ManagerWorkers() {}

    abstract static class Client implements Callable<Integer> {
        @Option(names = "--connect", required = true, paramLabel = "ADDR", description = "the manager's address")
        String connect;
        @Option(names = "--authkey-env", paramLabel = "NAME", description = "environment variable holding the manager's key (absent: the empty key)")
        String authkeyEnv;
        @Option(names = "--typeid", required = true, paramLabel = "TYPEID", description = "the registered callable, e.g. get_dict")
        String typeid;

        ManagerClient manager() throws java.io.IOException {
            return ManagerClient.connect(Address.parse(connect), RoleContext.keyFromEnv(authkeyEnv));
        }

        /** Runs {@code work} on {@code n} threads (each proxy call from a thread uses that thread's connection). */
        static void onThreads(int n, Worker work) throws Exception {
            ExecutorService pool = Executors.newFixedThreadPool(n);
            try {
                List<Future<Object>> done = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    int index = i;
                    done.add(pool.submit(() -> {
                        work.run(index);
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
        void run(int index) throws Exception;
    }

    @Command(name = "manager-counter-workers", mixinStandardHelpOptions = true,
            description = "Sets count to the number of workers; each worker decrements it under one lock; prints the dict.")
    public static final class Counter extends Client {
        @Option(names = "--workers", defaultValue = "20", description = "worker threads (default ${DEFAULT-VALUE})")
        int workers;

        @Override
        public Integer call() throws Exception {
            ReentrantLock lock = new ReentrantLock();
            try (ManagerClient manager = manager(); Proxy dict = manager.create(typeid)) {
                dict.call("update", Map.of("count", workers));
                onThreads(workers, index -> {
                    lock.lock();
                    try {
                        long count = ((Number) dict.call("get", "count")).longValue();
                        Transcript.line("计数器减一，当前为：" + count);
                        dict.call("update", Map.of("count", count - 1));
                    } finally {
                        lock.unlock();
                    }
                });
                Transcript.line(PyRepr.repr(dict.call("copy")));
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
            try (ManagerClient manager = manager(); Proxy dict = manager.create(typeid)) {
                onThreads(2, index -> dict.call("update", Map.of(entries[index][0], entries[index][1])));
                Transcript.line(sortedRepr(dict.call("copy")));
            }
            return 0;
        }
    }
}
