package org.mpbridge.manager;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * A Java worker process of the seed scenarios, given pickled proxies (hex) as a Python child is given them:
 * {@code counter DICT LOCK} does {@code with lock: d['count'] -= 1}; {@code write DICT KEY INT} does
 * {@code d[key] = value}. The authkey is the UTF-8 bytes of {@code $MPBRIDGE_TEST_KEY}.
 */
public final class SeedWorker {
    private SeedWorker() {}

    public static void main(String[] args) throws Exception {
        byte[] key = System.getenv("MPBRIDGE_TEST_KEY").getBytes(StandardCharsets.UTF_8);
        DictProxy d = (DictProxy) ManagerClient.rebuildProxy(HexFormat.of().parseHex(args[1]), key);
        try {
            switch (args[0]) {
                case "counter" -> {
                    AcquirerProxy lock = (AcquirerProxy) ManagerClient.rebuildProxy(HexFormat.of().parseHex(args[2]), key);
                    lock.acquire();
                    try {
                        d.setItem("count", ((Number) d.getItem("count")).intValue() - 1);
                    } finally {
                        lock.release();
                    }
                    lock.manager().close();
                }
                case "write" -> d.setItem(args[2], Integer.parseInt(args[3]));
                default -> throw new IllegalArgumentException("unknown role " + args[0]);
            }
        } finally {
            d.manager().close();
        }
    }
}
