package org.mpbridge.shm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MappedFileTest {
    @Test
    void writerAndReaderShareTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("test.dat");
        Files.write(file, new byte[1024]);
        try (MappedFile w = MappedFile.open(file, 1024, true); MappedFile r = MappedFile.open(file, 0, false)) {
            assertThat(r.size()).isEqualTo(1024);
            w.putBytes(0, "msg 7".getBytes());
            w.flush();
            assertThat(new String(r.getBytes(0, 5))).isEqualTo("msg 7");
        }
        assertThat(new String(Files.readAllBytes(file), 0, 5)).isEqualTo("msg 7");
    }

    @Test
    void lengthsAreCheckedLikeCPython(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("small.dat");
        Files.write(file, new byte[10]);
        assertThatThrownBy(() -> MappedFile.open(file, 20, true)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mmap length is greater than file size");
        Path empty = Files.createFile(dir.resolve("empty.dat"));
        assertThatThrownBy(() -> MappedFile.open(empty, 0, false)).hasMessageContaining("cannot mmap an empty file");
        assertThatThrownBy(() -> MappedFile.open(dir.resolve("missing"), 0, false)).isInstanceOf(NoSuchFileException.class);
    }
}
