package org.mpbridge.cli.seeds;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.mpbridge.process.PythonProcess;

/**
 * What the Java parents of the seeds' own Python children share (java->python drop-ins, run as
 * {@code java -cp mpbridge.jar CLASS PYTHON MODULE} by {@code python -m mpbridge.scenarios.seeds NAME --java-parent
 * CLASS}): a UTF-8 stdout with one write per line (the children print on the same pipe), the parent's authkey
 * ({@code os.urandom(32)}, as {@code current_process().authkey}), CPython-style SemLock names, and starting and
 * joining the children.
 */
final class SeedParent {
    static final Duration JOIN_TIMEOUT = Duration.ofSeconds(120);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String NAME_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789_";

    private final String python;
    private final String module;
    private final byte[] authkey = new byte[32];
    private final List<PythonProcess> children = new ArrayList<>();

    /** {@code argv}: the children's CPython and the seed's module. */
    SeedParent(String[] argv) {
        if (argv.length != 2) throw new IllegalArgumentException("usage: CLASS PYTHON MODULE");
        System.setOut(new PrintStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16), true,
                StandardCharsets.UTF_8));
        this.python = argv[0];
        this.module = argv[1];
        RANDOM.nextBytes(authkey);
    }

    byte[] authkey() {
        return authkey.clone();
    }

    /** A name as {@code multiprocessing.synchronize} makes one: {@code /mp-} and 8 random characters. */
    static String semLockName() {
        StringBuilder name = new StringBuilder("/mp-");
        for (int i = 0; i < 8; i++) name.append(NAME_CHARS.charAt(RANDOM.nextInt(NAME_CHARS.length())));
        return name.toString();
    }

    /** {@code Process(target=<module>.function, args=args).start()}. */
    PythonProcess start(String function, List<?> args) throws java.io.IOException {
        PythonProcess p = PythonProcess.start(python, module + ":" + function, args, java.util.Map.of(),
                "Process-" + (children.size() + 1), authkey, List.of());
        children.add(p);
        return p;
    }

    /** {@code p.join()} for every child, each within {@link #JOIN_TIMEOUT}. */
    void joinAll() throws InterruptedException {
        for (PythonProcess p : children) {
            if (p.join(JOIN_TIMEOUT) == null) throw new IllegalStateException(p.name() + " did not exit within " + JOIN_TIMEOUT);
        }
    }

    /** Every exit path: a child still running is terminated, then reaped. */
    void closeChildren() throws InterruptedException {
        for (PythonProcess p : children) p.close();
    }
}
