package org.mpbridge.cli.roles;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Seed 003 "mmap": {@code "msg N"} NUL-padded at offset 0 of a 1024-byte {@code test.dat}; the reader acknowledges
 * each with {@code "ack N"} at offset 512 so that no message is missed (the seed samples once a second instead).
 */
public final class MmapMsg {
    static final int SIZE = 1024;
    static final int ACK = 512;

    private MmapMsg() {}

    abstract static class Side implements Callable<Integer> {
        @Option(names = "--file", defaultValue = "test.dat", description = "the mapped file (default ${DEFAULT-VALUE})")
        Path file;
        @Option(names = "--count", defaultValue = "5", description = "messages (default ${DEFAULT-VALUE})")
        int count;
        @Option(names = "--timeout", defaultValue = "30", description = "seconds to wait for the other side")
        long timeout;

        static MappedByteBuffer map(Path file) throws IOException {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                return ch.map(FileChannel.MapMode.READ_WRITE, 0, SIZE);  // the mapping outlives the channel
            }
        }

        static void put(MappedByteBuffer m, int offset, String text) {
            byte[] area = new byte[ACK];
            byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(bytes, 0, area, 0, bytes.length);
            m.put(offset, area);
            m.force();
        }

        static String get(MappedByteBuffer m, int offset) {
            byte[] area = new byte[ACK];
            m.get(offset, area);
            int end = 0;
            while (end < area.length && area[end] != 0) end++;
            return new String(area, 0, end, StandardCharsets.US_ASCII);
        }
    }

    @Command(name = "mmap-writer", mixinStandardHelpOptions = true,
            description = "Creates the file, writes msg 1..count, prints ack N as each is acknowledged.")
    public static final class Writer extends Side {
        @Override
        public Integer call() throws Exception {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(tmp, new byte[SIZE]);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            MappedByteBuffer m = map(file);
            for (int i = 1; i <= count; i++) {
                put(m, 0, "msg " + i);
                String want = "ack " + i;
                Await.until(() -> get(m, ACK).equals(want), Duration.ofSeconds(timeout), want + " in " + file);
                Transcript.line(want);
            }
            return 0;
        }
    }

    @Command(name = "mmap-reader", mixinStandardHelpOptions = true,
            description = "Waits for the file, prints each message up to msg count, acknowledging each.")
    public static final class Reader extends Side {
        @Override
        public Integer call() throws Exception {
            Await.until(() -> Files.exists(file), Duration.ofSeconds(timeout), file.toString());
            MappedByteBuffer m = map(file);
            for (int i = 1; i <= count; i++) {
                String want = "msg " + i;
                Await.until(() -> get(m, 0).equals(want), Duration.ofSeconds(timeout), want + " in " + file);
                Transcript.line(get(m, 0));
                put(m, ACK, "ack " + i);
            }
            return 0;
        }
    }
}
