package org.mpbridge.cli;

import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.mpbridge.shm.MappedFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code mpbridge mmap write|read PATH}: the seed's {@code test.dat} exchange. The writer fills PATH with SIZE NUL
 * bytes, maps it, and COUNT times puts {@code "msg N"} NUL-padded at offset 0, flushes ({@code msync}) and waits
 * the interval; the reader maps PATH and prints the message with the NULs removed.
 */
@Command(name = "mmap", mixinStandardHelpOptions = true, description = "The seed 003 mmap test.dat writer and reader.",
        subcommands = {MmapCommand.Write.class, MmapCommand.Read.class})
final class MmapCommand extends GroupCommand {

    @Command(name = "write", description = "Write \"msg 1\" .. \"msg COUNT\" at offset 0, flushing every interval.")
    static final class Write implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "PATH") Path path;
        @Option(names = "--size", defaultValue = "1024", description = "file size in bytes (default ${DEFAULT-VALUE})") int size;
        @Option(names = "--count", defaultValue = "10000", description = "messages to write (default ${DEFAULT-VALUE})") int count;
        @Option(names = "--interval-ms", defaultValue = "1000", description = "pause between messages (default ${DEFAULT-VALUE} ms)") long intervalMs;

        @Override
        public Integer call() throws Exception {
            // the seed: open("test.dat", "w").write('\x00' * 1024); made whole under a temporary name and renamed,
            // so that a reader polling for the file never maps it while it is shorter than SIZE (SIGBUS past EOF)
            Path tmp = path.resolveSibling(path.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
            Files.write(tmp, new byte[size]);
            Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            try (MappedFile m = MappedFile.open(path, size, true)) {
                for (int i = 1; i <= count; i++) {
                    byte[] msg = ("msg " + i).getBytes(StandardCharsets.US_ASCII);
                    m.putBytes(0, msg);
                    m.fill(msg.length, size - msg.length, (byte) 0);
                    m.flush();
                    if (i < count) Thread.sleep(intervalMs);
                }
            }
            return Main.EXIT_OK;
        }
    }

    @Command(name = "read", description = "Print the current message; with --until, print each new one until MSG is seen.")
    static final class Read implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "PATH") Path path;
        @Option(names = "--size", defaultValue = "1024", description = "file size in bytes (default ${DEFAULT-VALUE})") int size;
        @Option(names = "--until", paramLabel = "MSG", description = "print each new message until this one") String until;
        @Option(names = "--timeout", defaultValue = "60", paramLabel = "SECONDS", description = "give up (exit 1) after this long (default ${DEFAULT-VALUE})") double timeout;
        @Option(names = "--interval-ms", defaultValue = "10", description = "polling interval (default ${DEFAULT-VALUE} ms)") long intervalMs;

        @Override
        public Integer call() throws Exception {
            long deadline = System.nanoTime() + Sem.nanos(timeout);
            String last = null;
            while (true) {
                String msg = until == null ? read() : readWhenReady();
                if (msg != null && !msg.equals(last)) {
                    System.out.println(msg);
                    last = msg;
                }
                if (until == null || until.equals(msg)) return Main.EXIT_OK;
                if (System.nanoTime() > deadline) {
                    throw new InterruptedIOException("timed out after " + timeout + "s waiting for '" + until + "' in " + path
                            + " (last: " + last + ")");
                }
                Thread.sleep(intervalMs); // the seed's reader polls; the deadline bounds it
            }
        }

        /** The message, or null while the file is missing or shorter than SIZE (also when that changes under us). */
        private String readWhenReady() throws Exception {
            try {
                return Files.exists(path) && Files.size(path) >= size ? read() : null;
            } catch (java.nio.file.NoSuchFileException | IllegalArgumentException notReadyYet) {
                return null;
            }
        }

        private String read() throws Exception {
            try (MappedFile m = MappedFile.open(path, size, false)) {
                byte[] b = m.getBytes(0, size);
                StringBuilder sb = new StringBuilder();
                for (byte x : b) if (x != 0) sb.append((char) (x & 0xff)); // .replace('\x00', '')
                return sb.toString();
            }
        }
    }
}
