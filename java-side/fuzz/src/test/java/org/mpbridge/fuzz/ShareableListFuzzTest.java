package org.mpbridge.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.mpbridge.shm.ShareableList;
import org.mpbridge.shm.SharedMemory;

/**
 * The ShareableList reader over a segment whose bytes another process wrote (both layouts: 3.8-3.12's running
 * sizes, 3.13's offsets). Reading every item and format either works or raises IllegalArgumentException /
 * IllegalStateException naming what is wrong; no read leaves the segment. Each input is a fresh segment of exactly
 * its length, removed at once.
 */
class ShareableListFuzzTest {
    @FuzzTest
    void attach(byte[] input) throws IOException {
        if (input.length == 0 || input.length > 1 << 16) return;
        String name = "mpbfuzz_" + ProcessHandle.current().pid() + "_"
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        try (SharedMemory shm = SharedMemory.create(name, input.length)) {
            try {
                shm.putBytes(0, input);
                ShareableList list;
                try {
                    list = ShareableList.wrap(shm);
                } catch (IllegalArgumentException notAList) {
                    return;
                }
                for (int i = 0; i < list.size(); i++) {
                    try {
                        list.format(i);
                        list.get(i);
                    } catch (IllegalArgumentException | IllegalStateException badItem) {
                        // named: the item's format, code or bytes are not CPython's
                    }
                }
                list.format();
                list.toString();
            } finally {
                SharedMemory.unlink(name);
            }
        } catch (IllegalArgumentException | IllegalStateException expected) {
            // format() / toString() over a bad item
        }
    }
}
