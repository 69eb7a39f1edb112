package org.mpbridge.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * {@code @ExtendWith(ShmLeakCheck.class)}: after the test class, no {@code /dev/shm} entry of this run
 * ({@link ShmNames#RUN}) may remain. Leftovers are removed (so one leak does not fail every later class) and
 * reported as a failure.
 */
public final class ShmLeakCheck implements AfterAllCallback {
    public static final Path DEV_SHM = Path.of("/dev/shm");

    public static List<Path> leftovers() throws IOException {
        if (!Files.isDirectory(DEV_SHM)) return List.of();
        try (Stream<Path> entries = Files.list(DEV_SHM)) {
            return entries.filter(p -> p.getFileName().toString().contains(ShmNames.RUN)).sorted().collect(Collectors.toList());
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        List<Path> left = leftovers();
        for (Path p : left) Files.deleteIfExists(p);
        if (!left.isEmpty()) {
            throw new AssertionError(context.getDisplayName() + " left entries in /dev/shm (now removed): " + left);
        }
    }
}
